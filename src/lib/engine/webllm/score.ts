/**
 * Exact candidate probabilities at the prefilled position (docs/method.md §4): each candidate text is
 * mapped to token ids with the model's tokenizer, its probability is the chain-rule product of
 * full-softmax next-token probabilities (one extra forward step per extra token), and the texts
 * of one candidate are added. Raw (unnormalised) values are returned, so the caller sees the
 * candidate mass.
 *
 * Invariants: method is always `exact` (no first-token shortcut); two texts with the same token
 * ids are counted once; two candidates sharing token ids is a benchmark bug and throws.
 */
import type { Candidate, ScoreResult } from '../types';
import { failWith } from './errors';
import { buildDistribution } from './sampling';
import type { TokenSession } from './session';
import type { RenderedPrompt } from './template';
import { buildCandidateTokens, openSegment, tokenizePrompt, type TokenizerLike } from './tokens';

/** Called between forward steps; throws (aborted) when the user interrupted. */
export type AbortCheck = () => void;

export async function scoreCandidates(
  session: TokenSession,
  tokenizer: TokenizerLike,
  prompt: RenderedPrompt,
  candidates: readonly Candidate[],
  checkAbort: AbortCheck,
): Promise<ScoreResult> {
  const promptIds = tokenizePrompt(tokenizer, prompt);
  const open = openSegment(prompt);
  const owner = new Map<string, string>(); // token-id key -> candidate id
  const plan: { candidate: string; ids: readonly number[] }[] = [];
  for (const candidate of candidates) {
    for (const text of candidate.texts) {
      const tokens = buildCandidateTokens(tokenizer, open, text);
      if (tokens.kind === 'unresolvable') {
        throw failWith(
          'unknown',
          tokens.detail,
          `Candidate "${text}" cannot be tokenised after this prompt by this model's tokenizer.`,
        );
      }
      const key = tokens.ids.join(',');
      const seen = owner.get(key);
      if (seen === candidate.id) continue;
      if (seen !== undefined)
        throw new Error(`Candidates ${seen} and ${candidate.id} share tokens [${key}] (text ${JSON.stringify(text)})`);
      owner.set(key, candidate.id);
      plan.push({ candidate: candidate.id, ids: tokens.ids });
    }
  }

  // Every first token is read from one pass over the prompt; later tokens of a multi-token
  // text need one more forward step each (re-feeding the prompt when texts diverge).
  checkAbort();
  const atPrompt = buildDistribution(await session.logitsAfter(promptIds));
  const raw: Record<string, number> = Object.fromEntries(candidates.map((c) => [c.id, 0]));
  for (const { candidate, ids } of plan) {
    let p = atPrompt.prob(ids[0] as number);
    for (let k = 1; k < ids.length && p > 0; k++) {
      checkAbort();
      const logits = await session.logitsAfter([...promptIds, ...ids.slice(0, k)]);
      p *= buildDistribution(logits).prob(ids[k] as number);
    }
    raw[candidate] = (raw[candidate] ?? 0) + p;
  }
  for (const [id, p] of Object.entries(raw)) raw[id] = Math.min(1, Math.max(0, p));
  // Every request starts from an empty KV cache (handler.ts: a TokenSession per request).
  return { raw, method: 'exact', promptTokens: promptIds.length, cachedPromptTokens: 0 };
}
