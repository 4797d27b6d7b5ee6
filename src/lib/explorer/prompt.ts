/**
 * The exact prompt of a stored trial, rebuilt: the item text is not stored on the record, so the
 * benchmark's own `buildPrompt` is run again on the dataset item with the trial's item key, and
 * the result is checked against the stored `promptHash`. A match proves the dialogue shown is
 * byte for byte what was sent (before the model's chat template); a mismatch is said, not hidden.
 */
import type { Benchmark } from '../benchmarks/types';
import type { Candidate, PrefilledDialogue } from '../engine/types';
import { buildPromptHash, REASONING_PLACEHOLDER } from '../runner/prompt-hash';
import type { TrialRecord } from '../core/records';

export interface PromptStep {
  readonly title: string;
  readonly dialogue: PrefilledDialogue;
}

export type RebuiltPrompt =
  | {
      readonly kind: 'ok';
      readonly steps: readonly PromptStep[];
      readonly candidates: readonly Candidate[];
      /** The hash of the rebuilt plan, and whether it equals the stored one. */
      readonly hash: string;
      readonly hashMatches: boolean;
    }
  | { readonly kind: 'error'; readonly message: string };

type Stored = Pick<TrialRecord, 'condition' | 'reasoning' | 'promptHash'>;

/** Steps as sent: the reasoning request, then one scored request per reasoning sample (or the only one). */
export function rebuildPrompt(benchmark: Benchmark<unknown>, item: unknown, trial: Stored): RebuiltPrompt {
  try {
    const plan = benchmark.buildPrompt(item, trial.condition);
    const hash = buildPromptHash(plan);
    const steps: PromptStep[] = [];
    if (plan.reasoning === undefined) {
      steps.push({ title: 'Scored request', dialogue: plan.answer('') });
    } else {
      steps.push({ title: 'Reasoning request (the model continues the prefill)', dialogue: plan.reasoning });
      if (trial.reasoning.length === 0) {
        steps.push({
          title: `Scored request (no reasoning stored; ${REASONING_PLACEHOLDER} marks where it goes)`,
          dialogue: plan.answer(REASONING_PLACEHOLDER),
        });
      }
      trial.reasoning.forEach((text, i) => {
        const sample = trial.reasoning.length > 1 ? ` for reasoning sample ${i + 1}` : '';
        steps.push({ title: `Scored request${sample}`, dialogue: plan.answer(text) });
      });
    }
    return { kind: 'ok', steps, candidates: plan.candidates, hash, hashMatches: hash === trial.promptHash };
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}

/** Item key -> item, for looking a stored trial's item up in the loaded dataset. */
export function indexItems(benchmark: Benchmark<unknown>, items: readonly unknown[]): ReadonlyMap<string, unknown> {
  const index = new Map<string, unknown>();
  for (const item of items) index.set(benchmark.itemKey(item), item);
  return index;
}
