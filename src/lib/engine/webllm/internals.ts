/**
 * The two things web-llm does not expose publicly but scoring needs: the loaded model's
 * tokenizer and its merged chat config (conv_template, context window). They are read from
 * `MLCEngine`'s private maps, by name, with runtime shape checks:
 * - `loadedModelIdToChatConfig: Map<string, ChatConfig>` (engine.ts:124, filled at 286-291:
 *   mlc-chat-config.json + record overrides + chatOpts);
 * - `loadedModelIdToPipeline: Map<string, LLMChatPipeline>` (engine.ts:119), whose private
 *   `tokenizer` (llm_chat.ts:62) is the web-tokenizers instance web-llm itself encodes with.
 * Both names are still declared in 0.2.86's lib/engine.d.ts and lib/llm_chat.d.ts; the test
 * `internals.test.ts` pins that. If a future web-llm renames them this throws a clear error
 * instead of scoring with a wrong tokenizer.
 */
import type { ChatOptions, MLCEngineInterface } from '@mlc-ai/web-llm';
import type { ConvTemplate } from './template';
import type { TokenizerLike } from './tokens';

export interface LoadedModelParts {
  readonly tokenizer: TokenizerLike;
  readonly convTemplate: ConvTemplate;
  readonly convOverride: Partial<ConvTemplate> | undefined;
  readonly contextWindow: number;
  /** `conv_template.name` where the JSON has it (not part of web-llm's type). */
  readonly templateName: string;
  /** `tokenizer_files` of mlc-chat-config.json: the tokenizer files the model's package carries. */
  readonly tokenizerFiles: readonly string[];
}

/** Reads the loaded model's parts out of an engine (see header); the worker passes this. */
export type InspectModel = (engine: MLCEngineInterface, modelId: string) => LoadedModelParts;

function field(owner: unknown, name: string): unknown {
  if (typeof owner !== 'object' || owner === null || !(name in owner)) {
    throw new Error(`web-llm internals changed: no "${name}" (written against @mlc-ai/web-llm 0.2.86)`);
  }
  return (owner as Record<string, unknown>)[name];
}

function mapEntry(owner: unknown, name: string, key: string): unknown {
  const map = field(owner, name);
  if (!(map instanceof Map)) throw new Error(`web-llm internals changed: "${name}" is not a Map`);
  const value: unknown = map.get(key);
  if (value === undefined) throw new Error(`web-llm has no "${key}" in ${name}: is the model loaded?`);
  return value;
}

function isTokenizer(value: unknown): value is TokenizerLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { encode?: unknown }).encode === 'function' &&
    typeof (value as { decode?: unknown }).decode === 'function'
  );
}

type ChatConfigLike = Required<Pick<ChatOptions, 'conv_template' | 'context_window_size'>> &
  Pick<ChatOptions, 'conv_config'>;

function isChatConfig(value: unknown): value is ChatConfigLike {
  if (typeof value !== 'object' || value === null) return false;
  const conv = (value as { conv_template?: unknown }).conv_template;
  return (
    typeof conv === 'object' &&
    conv !== null &&
    Array.isArray((conv as { seps?: unknown }).seps) &&
    typeof (value as { context_window_size?: unknown }).context_window_size === 'number'
  );
}

export const inspectMLCEngine: InspectModel = (engine, modelId) => {
  const tokenizer = field(mapEntry(engine, 'loadedModelIdToPipeline', modelId), 'tokenizer');
  if (!isTokenizer(tokenizer)) throw new Error('web-llm internals changed: pipeline.tokenizer has no encode/decode');
  const config = mapEntry(engine, 'loadedModelIdToChatConfig', modelId);
  if (!isChatConfig(config)) throw new Error(`web-llm chat config of ${modelId} has no usable conv_template`);
  const name = (config.conv_template as { name?: unknown }).name;
  const files = (config as { tokenizer_files?: unknown }).tokenizer_files;
  return {
    tokenizer,
    convTemplate: config.conv_template,
    convOverride: config.conv_config,
    contextWindow: config.context_window_size > 0 ? config.context_window_size : Number.POSITIVE_INFINITY,
    templateName: typeof name === 'string' ? name : 'unnamed',
    tokenizerFiles: Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : [],
  };
};
