/**
 * promptHash: a stable fingerprint of everything sent to the model for a trial except generated
 * reasoning, so two stored trials are comparable exactly when their hashes agree. It hashes the
 * canonical JSON (keys sorted) of the reasoning dialogue, the answer dialogue built with the
 * placeholder "{{reasoning}}", and the candidates. Changing this function changes stored hashes:
 * treat it as persisted format.
 */
import type { PromptPlan } from '../benchmarks/types';
import { sha1OfText } from '../core/hash';

export const REASONING_PLACEHOLDER = '{{reasoning}}';

/** JSON with object keys sorted at every level; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

export function buildPromptHash(plan: PromptPlan): string {
  return sha1OfText(
    canonicalJson({
      reasoning: plan.reasoning ?? null,
      answer: plan.answer(plan.reasoning === undefined ? '' : REASONING_PLACEHOLDER),
      candidates: plan.candidates,
    }),
  );
}
