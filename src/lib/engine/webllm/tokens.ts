/**
 * Token ids for a rendered prompt and canonical token ids for each candidate continuation, with
 * the model's own tokenizer (docs/method.md §4: "a leading space matters"; never score a
 * non-canonical split).
 *
 * The prompt is tokenised as its renderer says: a Hugging Face template's text as one string
 * (as transformers and vLLM tokenise it), web-llm's conversation template as prefix ids plus each
 * segment encoded on its own (llm_chat.ts `getInputData`, v0.2.83 lines 2018-2135).
 *
 * Candidates (`planCandidates`): for each text, the prompt with `prefill + text` in its last
 * segment is tokenised as a whole. The token prefix that every candidate shares with the prompt's
 * own tokenisation is the scored context; each text's ids are the rest of its whole tokenisation,
 * so a text that merges with the prefill's last token (`" (a"`, `"yes` after an open quote) is
 * scored over the canonical merged tokens, by the chain rule from the shared context.
 *
 * Pure: works with any object offering web-tokenizers' `encode` / `decode` (which add no special
 * tokens of their own).
 */
import type { RenderedPrompt } from './template';

/** The part of @mlc-ai/web-tokenizers' `Tokenizer` we use (web-llm bundles that class). */
export interface TokenizerLike {
  encode(text: string): Int32Array;
  decode(ids: Int32Array): string;
}

export interface CandidatePlan {
  /** The ids every candidate's tokenisation starts with: the scored context. */
  readonly context: readonly number[];
  /** The prompt's own length in tokens; `promptLength - context.length` prompt tokens are re-scored with the candidates. */
  readonly promptLength: number;
  /** Per text, in input order: its canonical ids after `context` (never empty). */
  readonly texts: readonly { readonly text: string; readonly ids: readonly number[] }[];
}

/** The last segment, which holds the open assistant turn and the prefill. */
export function openSegment(prompt: RenderedPrompt): string {
  const last = prompt.segments[prompt.segments.length - 1];
  if (last === undefined) throw new Error('Rendered prompt has no segments');
  return last;
}

function encodeSegments(tokenizer: TokenizerLike, prompt: RenderedPrompt, lastSegment: string): number[] {
  const ids: number[] = [...prompt.prefixTokenIds];
  const { segments } = prompt;
  for (let i = 0; i < segments.length - 1; i++) ids.push(...tokenizer.encode(segments[i] as string));
  ids.push(...tokenizer.encode(lastSegment));
  return ids;
}

export function tokenizePrompt(tokenizer: TokenizerLike, prompt: RenderedPrompt): number[] {
  return encodeSegments(tokenizer, prompt, openSegment(prompt));
}

function commonPrefix(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Canonical ids of each candidate text after the prompt (see the header). */
export function planCandidates(
  tokenizer: TokenizerLike,
  prompt: RenderedPrompt,
  texts: readonly string[],
): CandidatePlan {
  if (texts.length === 0) throw new Error('No candidate texts to score');
  const promptIds = tokenizePrompt(tokenizer, prompt);
  const open = openSegment(prompt);
  const wholes = texts.map((text) => {
    if (text === '') throw new Error('Candidate text must not be empty');
    return encodeSegments(tokenizer, prompt, open + text);
  });
  const shared = Math.min(...wholes.map((w) => commonPrefix(promptIds, w)));
  const planned = texts.map((text, i) => {
    const ids = (wholes[i] as number[]).slice(shared);
    if (ids.length === 0) throw new Error(`Candidate ${JSON.stringify(text)} adds no token after the prompt`);
    return { text, ids };
  });
  return { context: promptIds.slice(0, shared), promptLength: promptIds.length, texts: planned };
}
