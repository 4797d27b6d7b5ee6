/**
 * The exact prompt of a stored trial, rebuilt: the item text is not stored on the record, so the
 * benchmark's own `buildPrompt` is run again on the dataset item with the trial's item key, and
 * the result is checked against the stored `promptHash`. A match proves the dialogue shown is
 * byte for byte what was sent (before the model's chat template); a mismatch is said, not hidden.
 */
import type { Benchmark, PromptPlan } from '../benchmarks/types';
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

type Stored = Pick<TrialRecord, 'condition' | 'reasoning' | 'promptHash' | 'optionOrders'>;

/**
 * Steps as sent: the reasoning request, then one scored request per reasoning sample (or the only
 * one); with option-order debiasing, those steps once per option order (docs/method.md §3.1).
 */
export function rebuildPrompt(benchmark: Benchmark<unknown>, item: unknown, trial: Stored): RebuiltPrompt {
  try {
    const orders = trial.optionOrders ?? 1;
    const plans = Array.from({ length: orders }, (_, rotation) =>
      benchmark.buildPrompt(item, trial.condition, rotation),
    );
    const plan = plans[0]!;
    const hash = buildPromptHash(plan);
    const perOrder = trial.reasoning.length / orders;
    const steps = plans.flatMap((asked, rotation) => {
      const order = orders > 1 ? ` (option order ${rotation + 1} of ${orders})` : '';
      return planSteps(asked, trial.reasoning.slice(rotation * perOrder, (rotation + 1) * perOrder), order);
    });
    return { kind: 'ok', steps, candidates: plan.candidates, hash, hashMatches: hash === trial.promptHash };
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}

function planSteps(plan: PromptPlan, reasoning: readonly string[], order: string): PromptStep[] {
  if (plan.reasoning === undefined) return [{ title: `Scored request${order}`, dialogue: plan.answer('') }];
  const steps: PromptStep[] = [
    { title: `Reasoning request${order} (the model continues the prefill)`, dialogue: plan.reasoning },
  ];
  if (reasoning.length === 0) {
    steps.push({
      title: `Scored request${order} (no reasoning stored; ${REASONING_PLACEHOLDER} marks where it goes)`,
      dialogue: plan.answer(REASONING_PLACEHOLDER),
    });
  }
  reasoning.forEach((text, i) => {
    const sample = reasoning.length > 1 ? ` for reasoning sample ${i + 1}` : '';
    steps.push({ title: `Scored request${order}${sample}`, dialogue: plan.answer(text) });
  });
  return steps;
}

/** Item key -> item, for looking a stored trial's item up in the loaded dataset. */
export function indexItems(benchmark: Benchmark<unknown>, items: readonly unknown[]): ReadonlyMap<string, unknown> {
  const index = new Map<string, unknown>();
  for (const item of items) index.set(benchmark.itemKey(item), item);
  return index;
}
