/**
 * Exact candidate probabilities at the prefilled position (docs/method.md §4): each candidate
 * text is tokenised canonically together with the prompt (`planCandidates`); from the context all
 * candidates share, its probability is the chain-rule product of full-softmax next-token
 * probabilities over its remaining tokens (one extra forward step per extra token), and the texts
 * of one candidate are added. Raw (unnormalised) values are returned, so the caller sees the
 * candidate mass, with the tokens each candidate took (`candidateTokens`).
 *
 * Invariants: method is always `exact` (no first-token shortcut, no non-canonical split); two
 * texts with the same token ids are counted once; two candidates sharing token ids is a benchmark
 * bug and throws.
 */
import type { Candidate, PromptTemplateInfo, ScoreResult } from '../types';
import { buildDistribution } from './sampling';
import type { TokenSession } from './session';
import type { RenderedPrompt } from './template';
import { planCandidates, type TokenizerLike } from './tokens';

/** Called between forward steps; throws (aborted) when the user interrupted. */
export type AbortCheck = () => void;

export async function scoreCandidates(
  session: TokenSession,
  tokenizer: TokenizerLike,
  prompt: RenderedPrompt,
  candidates: readonly Candidate[],
  checkAbort: AbortCheck,
  template?: PromptTemplateInfo,
): Promise<ScoreResult> {
  const texts = candidates.flatMap((c) => c.texts.map((text) => ({ candidate: c.id, text })));
  const {
    context,
    promptLength,
    texts: tokenised,
  } = planCandidates(
    tokenizer,
    prompt,
    texts.map((t) => t.text),
  );
  const owner = new Map<string, string>(); // token-id key -> candidate id
  const plan: { candidate: string; ids: readonly number[] }[] = [];
  const candidateTokens: Record<string, number> = Object.fromEntries(candidates.map((c) => [c.id, 0]));
  tokenised.forEach(({ text, ids }, i) => {
    const candidate = (texts[i] as { candidate: string }).candidate;
    candidateTokens[candidate] = Math.max(candidateTokens[candidate] ?? 0, ids.length);
    const key = ids.join(',');
    const seen = owner.get(key);
    if (seen === candidate) return;
    if (seen !== undefined)
      throw new Error(`Candidates ${seen} and ${candidate} share tokens [${key}] (text ${JSON.stringify(text)})`);
    owner.set(key, candidate);
    plan.push({ candidate, ids });
  });

  // Every first token is read from one pass over the shared context; later tokens of a
  // multi-token text need one more forward step each (re-feeding the context when texts diverge).
  checkAbort();
  const atContext = buildDistribution(await session.logitsAfter(context));
  const raw: Record<string, number> = Object.fromEntries(candidates.map((c) => [c.id, 0]));
  for (const { candidate, ids } of plan) {
    let p = atContext.prob(ids[0] as number);
    for (let k = 1; k < ids.length && p > 0; k++) {
      checkAbort();
      const logits = await session.logitsAfter([...context, ...ids.slice(0, k)]);
      p *= buildDistribution(logits).prob(ids[k] as number);
    }
    raw[candidate] = (raw[candidate] ?? 0) + p;
  }
  for (const [id, p] of Object.entries(raw)) raw[id] = Math.min(1, Math.max(0, p));
  // Every request starts from an empty KV cache (handler.ts: a TokenSession per request). The
  // prompt tokens reported are the prompt's own, whatever the shared context re-scored.
  return {
    raw,
    method: 'exact',
    promptTokens: promptLength,
    cachedPromptTokens: 0,
    candidateTokens,
    ...(template === undefined ? {} : { template }),
  };
}
