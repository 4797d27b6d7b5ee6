/**
 * One loaded model's prompt renderer (docs/method.md §2): its Hugging Face chat template where
 * the model's files carry one (`hf`), else web-llm's conversation template (`mlc`), or the
 * literal Human/Assistant format for a template without role markers (`raw`). Built once at load,
 * with the facts every trial records (source, SHA-256 of the template text, default system
 * message) and a check of the beginning-of-sequence token.
 *
 * BOS: a Hugging Face template writes the BOS as text where the model wants one (Llama 3, Gemma);
 * web-llm's tokenizer adds no special tokens, so the text is tokenised as transformers'
 * `apply_chat_template` and vLLM do (special tokens not added again). web-llm's own templates
 * instead put it in `system_prefix_token_ids`, and mlc's Gemma template also writes `<bos>` in its
 * system text: the rendered ids would start with two BOS. The check renders a probe dialogue:
 * a doubled BOS from the prefix ids is fixed by dropping those ids; any other doubled BOS refuses
 * the model with a message.
 */
import type { PromptTemplateInfo } from '../../core/records';
import { HfChatTemplate, sha256Hex, type HfTemplateConfig } from '../hf-template';
import type { AssistantOpening } from '../models';
import type { PrefilledDialogue } from '../types';
import { failWith } from './errors';
import { isRawLanguageModelTemplate, renderDialogue, type ConvTemplate, type RenderedPrompt } from './template';
import { tokenizePrompt, type TokenizerLike } from './tokens';

export type BosCheck = 'single' | 'none' | 'fixed_double';

export interface PromptRenderer {
  readonly info: PromptTemplateInfo;
  readonly bos: BosCheck;
  render(dialogue: PrefilledDialogue): RenderedPrompt;
}

export interface RendererInput {
  readonly tokenizer: TokenizerLike;
  readonly convTemplate: ConvTemplate;
  readonly convOverride: Partial<ConvTemplate> | undefined;
  readonly hf: HfTemplateConfig | null;
  readonly opening: AssistantOpening;
  readonly now?: () => Date;
}

const PROBE: PrefilledDialogue = { messages: [{ role: 'user', content: 'Hello' }], prefill: 'Hi' };

function firstIds(tokenizer: TokenizerLike, text: string): number[] {
  return Array.from(tokenizer.encode(text));
}

/** The BOS id of this model, where it has one: the HF config's token, else the mlc prefix id. */
function bosId(tokenizer: TokenizerLike, hf: HfTemplateConfig | null, prefix: readonly number[]): number | undefined {
  const text = hf?.specialTokens.bos_token;
  if (text !== undefined) {
    const ids = firstIds(tokenizer, text);
    if (ids.length === 1) return ids[0];
  }
  return prefix.length === 1 ? prefix[0] : undefined;
}

function countLeading(ids: readonly number[], id: number): number {
  let n = 0;
  while (ids[n] === id) n++;
  return n;
}

export async function buildRenderer(input: RendererInput): Promise<PromptRenderer> {
  const { tokenizer, hf, opening } = input;
  const conv: ConvTemplate = { ...input.convTemplate, ...input.convOverride };
  const stop = { stopStrings: conv.stop_str, stopTokenIds: conv.stop_token_ids };
  let render: (dialogue: PrefilledDialogue) => RenderedPrompt;
  let info: PromptTemplateInfo;
  if (hf !== null) {
    let template: HfChatTemplate;
    try {
      template = new HfChatTemplate(hf);
    } catch (e) {
      throw failWith(
        'unknown',
        `chat_template does not parse: ${e instanceof Error ? e.message : String(e)}`,
        "This model's chat template cannot be read by the app's template engine, so its prompts could not be rendered as a server renders them. The model is refused.",
      );
    }
    const options = { opening, ...(input.now === undefined ? {} : { now: input.now }) };
    render = (dialogue) => ({
      format: 'chat_template',
      prefixTokenIds: [],
      segments: [template.render(dialogue, options)],
      ...stop,
    });
    info = { source: 'hf', hash: await sha256Hex(hf.template), system: template.defaultSystem(options) };
  } else {
    const raw = isRawLanguageModelTemplate(conv);
    render = (dialogue) => renderDialogue(dialogue, input.convTemplate, input.convOverride, opening);
    info = {
      source: raw ? 'raw' : 'mlc',
      hash: await sha256Hex(JSON.stringify(conv)),
      system: raw || conv.system_message === '' ? null : conv.system_message,
    };
  }

  const probe = render(PROBE);
  const id = bosId(tokenizer, hf, probe.prefixTokenIds);
  const leading = id === undefined ? 0 : countLeading(tokenizePrompt(tokenizer, probe), id);
  if (leading <= 1) return { info, bos: leading === 1 ? 'single' : 'none', render };
  if (hf === null && probe.prefixTokenIds.length > 0) {
    const withoutPrefix = (dialogue: PrefilledDialogue): RenderedPrompt => ({
      ...render(dialogue),
      prefixTokenIds: [],
    });
    if (countLeading(tokenizePrompt(tokenizer, withoutPrefix(PROBE)), id as number) === 1) {
      return { info, bos: 'fixed_double', render: withoutPrefix };
    }
  }
  throw failWith(
    'unknown',
    `rendered prompt starts with ${leading} BOS tokens (${String(id)}) (template source ${info.source})`,
    "This model's chat template writes its beginning-of-sequence token more than once, so its prompts would not be what the model was trained on. The model is refused; pick another one.",
  );
}
