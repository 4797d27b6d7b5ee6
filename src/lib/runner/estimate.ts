/**
 * A rough duration estimate shown before a run starts (docs/method.md §6), per model either from
 * what this device's self-test measured for it ("Check this device", `measuredSpeed`) or from an
 * assumed throughput (`assumedSpeed`); the page says which. Pure. Assumptions [ours]:
 * - assumed: calibrated loosely on 4-bit models on a mid-range laptop GPU under WebGPU,
 *   throughput scales inversely with parameter count: prefill PREFILL_TPS_1B tokens/s and decoding
 *   DECODE_TPS_1B tokens/s for a 1B model (a 7B model is 7× slower), plus REQUEST_OVERHEAD_S per
 *   request, over DEFAULT_PROMPT_TOKENS prompt tokens;
 * - measured: the self-test's prefill rate is that of the exact scoring path (a request's fixed
 *   costs included, so no separate overhead) and its decode rate that of forced-token generation;
 *   prompt tokens per condition are those of the self-test's prompt of that benchmark and condition
 *   on this model (for a reasoning condition, its answer step);
 * - a non-CoT trial is one prefill-dominated pass over the prompt (multi-token candidates' extra
 *   steps are ignored);
 * - a CoT sample is one generation (prefill + generation.maxTokens decoded tokens, i.e. it
 *   assumes the model uses its whole budget) then one answer pass over prompt + reasoning;
 * - model download and initialisation are not included (they depend on the cache and network).
 */
import { REASONING_CONDITIONS } from '../core/conditions';
import type { BenchmarkId, ConditionId } from '../core/ids';
import type { DeviceSpeed } from '../core/records';
import type { GenerationSettings } from '../engine/types';

export const PREFILL_TPS_1B = 1500;
export const DECODE_TPS_1B = 50;
export const REQUEST_OVERHEAD_S = 0.05;
export const DEFAULT_PROMPT_TOKENS = 250;

/** Where a model's figures come from: this device's self-test, or the assumption above. */
export type SpeedBasis = 'measured' | 'assumed';

export interface ModelSpeed {
  readonly basis: SpeedBasis;
  readonly prefillTokensPerS: number;
  readonly decodeTokensPerS: number;
  /** Seconds per request beyond its tokens. */
  readonly overheadS: number;
  /** Prompt tokens per condition where measured; DEFAULT_PROMPT_TOKENS for the others. */
  readonly promptTokens: Readonly<Partial<Record<ConditionId, number>>>;
}

export function assumedSpeed(paramsB: number): ModelSpeed {
  if (!(paramsB > 0)) throw new Error(`assumedSpeed: parameter count must be positive, got ${paramsB}`);
  return {
    basis: 'assumed',
    prefillTokensPerS: PREFILL_TPS_1B / paramsB,
    decodeTokensPerS: DECODE_TPS_1B / paramsB,
    overheadS: REQUEST_OVERHEAD_S,
    promptTokens: {},
  };
}

/** A self-test's rates, with its prompt tokens for `benchmark` (mean over its prompts of a condition). */
export function measuredSpeed(speed: DeviceSpeed, benchmark: BenchmarkId): ModelSpeed {
  const sums: Partial<Record<ConditionId, { tokens: number; n: number }>> = {};
  for (const p of speed.prompts) {
    if (p.benchmark !== benchmark) continue;
    const s = (sums[p.condition] ??= { tokens: 0, n: 0 });
    s.tokens += p.tokens;
    s.n += 1;
  }
  return {
    basis: 'measured',
    prefillTokensPerS: speed.prefillTokensPerS,
    decodeTokensPerS: speed.decodeTokensPerS,
    overheadS: 0,
    promptTokens: Object.fromEntries(Object.entries(sums).map(([c, s]) => [c, s.tokens / s.n])),
  };
}

/** Seconds for one trial of `condition` (all its reasoning samples). */
export function trialSeconds(
  speed: ModelSpeed,
  condition: ConditionId,
  generation: GenerationSettings,
  cotConditions: readonly ConditionId[] = REASONING_CONDITIONS,
): number {
  const prompt = speed.promptTokens[condition] ?? DEFAULT_PROMPT_TOKENS;
  const pass = (tokens: number) => speed.overheadS + tokens / speed.prefillTokensPerS;
  if (!cotConditions.includes(condition)) return pass(prompt);
  const { maxTokens, samples } = generation;
  return samples * (pass(prompt) + maxTokens / speed.decodeTokensPerS + pass(prompt + maxTokens));
}

export interface EstimateInput {
  /** Trials per condition for one model (RunPlan.trialsPerModel). */
  readonly trialsPerModel: Readonly<Partial<Record<ConditionId, number>>>;
  /** Each model's speed, in run order. */
  readonly models: readonly ModelSpeed[];
  readonly generation: GenerationSettings;
  /** Conditions that generate reasoning first; default those of core/conditions.ts that reason. */
  readonly cotConditions?: readonly ConditionId[];
}

export interface Estimate {
  readonly seconds: number;
  readonly perModelSeconds: readonly number[];
}

export function estimateRunSeconds(input: EstimateInput): Estimate {
  const perModelSeconds = input.models.map((speed) => {
    let seconds = 0;
    for (const [condition, count] of Object.entries(input.trialsPerModel) as [ConditionId, number | undefined][]) {
      seconds += (count ?? 0) * trialSeconds(speed, condition, input.generation, input.cotConditions);
    }
    return seconds;
  });
  return { seconds: perModelSeconds.reduce((s, x) => s + x, 0), perModelSeconds };
}
