/**
 * Token ids for a rendered prompt and for each candidate continuation, with the model's own
 * tokenizer (docs/method.md §4: "a leading space matters").
 *
 * The prompt is tokenised as web-llm tokenises a conversation (llm_chat.ts `getInputData`,
 * v0.2.83 lines 2018-2135): prefix ids, then each segment encoded on its own, concatenated.
 * A candidate's ids come from the open segment alone: if tokens(open) is a prefix of
 * tokens(open + text), the remainder is the candidate ("split"). If the text merges with the
 * end of the prompt (e.g. a tokenizer with a "(a" token), we fall back to tokens(text) on its
 * own ("separate"), accepted only if decoding prompt + those ids gives back prompt + text.
 * docs/method.md §4 scores only the tokenizer's own split of prefill + candidate, which this
 * fallback is not (that file's last section says so).
 *
 * Pure: works with any object offering web-tokenizers' `encode` / `decode`.
 */
import type { RenderedPrompt } from './template';

/** The part of @mlc-ai/web-tokenizers' `Tokenizer` we use (web-llm bundles that class). */
export interface TokenizerLike {
  encode(text: string): Int32Array;
  decode(ids: Int32Array): string;
}

export type CandidateTokens =
  | { readonly kind: 'split'; readonly ids: readonly number[] }
  | { readonly kind: 'separate'; readonly ids: readonly number[] }
  | { readonly kind: 'unresolvable'; readonly detail: string };

export function tokenizePrompt(tokenizer: TokenizerLike, prompt: RenderedPrompt): number[] {
  const ids: number[] = [...prompt.prefixTokenIds];
  for (const segment of prompt.segments) ids.push(...tokenizer.encode(segment));
  return ids;
}

export function openSegment(prompt: RenderedPrompt): string {
  const last = prompt.segments[prompt.segments.length - 1];
  if (last === undefined) throw new Error('Rendered prompt has no segments');
  return last;
}

function startsWith(whole: ArrayLike<number>, prefix: ArrayLike<number>): boolean {
  if (prefix.length > whole.length) return false;
  for (let i = 0; i < prefix.length; i++) if (whole[i] !== prefix[i]) return false;
  return true;
}

/** The ids that, appended to the prompt's ids, spell `text` after the open segment. */
export function buildCandidateTokens(tokenizer: TokenizerLike, open: string, text: string): CandidateTokens {
  if (text === '') throw new Error('Candidate text must not be empty');
  const base = tokenizer.encode(open);
  const whole = tokenizer.encode(open + text);
  if (startsWith(whole, base) && whole.length > base.length) {
    return { kind: 'split', ids: Array.from(whole.subarray(base.length)) };
  }
  const alone = Array.from(tokenizer.encode(text));
  const joined = tokenizer.decode(Int32Array.from([...base, ...alone]));
  if (alone.length > 0 && joined === tokenizer.decode(base) + text) {
    return { kind: 'separate', ids: alone };
  }
  return {
    kind: 'unresolvable',
    detail: `candidate ${JSON.stringify(text)} after ${JSON.stringify(open.slice(-20))}: tokens(prompt) is not a prefix of tokens(prompt+text) and tokens(text) does not decode back`,
  };
}
