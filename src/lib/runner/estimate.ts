/**
 * A rough duration estimate shown before a run starts (docs/method.md §6). Pure. Assumptions [ours],
 * calibrated loosely on 4-bit models on a mid-range laptop GPU under WebGPU; the page should
 * say "about":
 * - throughput scales inversely with parameter count: prefill PREFILL_TPS_1B tokens/s and
 *   decoding DECODE_TPS_1B tokens/s for a 1B model (a 7B model is 7× slower);
 * - a non-CoT trial is one prefill-dominated forward pass over ~promptTokens, plus a fixed
 *   per-request overhead (multi-token candidates' extra steps are ignored);
 * - a CoT sample is one generation (prefill + generation.maxTokens decoded tokens, i.e. it
 *   assumes the model uses its whole budget) then one answer pass over prompt + reasoning;
 * - model download and initialisation are not included (they depend on the cache and network).
 */
import { REASONING_CONDITIONS } from '../core/conditions';
import type { ConditionId } from '../core/ids';
import type { GenerationSettings } from '../engine/types';

export const PREFILL_TPS_1B = 1500;
export const DECODE_TPS_1B = 50;
export const REQUEST_OVERHEAD_S = 0.05;
export const DEFAULT_PROMPT_TOKENS = 250;

export interface EstimateInput {
  /** Trials per condition for one model (RunPlan.trialsPerModel). */
  readonly trialsPerModel: Readonly<Partial<Record<ConditionId, number>>>;
  /** Parameter count in billions, per model in run order. */
  readonly modelParamsB: readonly number[];
  readonly generation: GenerationSettings;
  /** Conditions that generate reasoning first; default those of core/conditions.ts that reason. */
  readonly cotConditions?: readonly ConditionId[];
  readonly promptTokens?: number;
}

export interface Estimate {
  readonly seconds: number;
  readonly perModelSeconds: readonly number[];
}

export function estimateRunSeconds(input: EstimateInput): Estimate {
  const cot = input.cotConditions ?? REASONING_CONDITIONS;
  const prompt = input.promptTokens ?? DEFAULT_PROMPT_TOKENS;
  const { maxTokens, samples } = input.generation;
  const perModelSeconds = input.modelParamsB.map((paramsB) => {
    if (!(paramsB > 0)) throw new Error(`estimateRunSeconds: parameter count must be positive, got ${paramsB}`);
    const prefill = PREFILL_TPS_1B / paramsB;
    const decode = DECODE_TPS_1B / paramsB;
    const pass = (tokens: number) => REQUEST_OVERHEAD_S + tokens / prefill;
    const plainTrial = pass(prompt);
    const cotTrial = samples * (pass(prompt) + maxTokens / decode + pass(prompt + maxTokens));
    let seconds = 0;
    for (const [condition, count] of Object.entries(input.trialsPerModel) as [ConditionId, number | undefined][]) {
      seconds += (count ?? 0) * (cot.includes(condition) ? cotTrial : plainTrial);
    }
    return seconds;
  });
  return { seconds: perModelSeconds.reduce((s, x) => s + x, 0), perModelSeconds };
}
