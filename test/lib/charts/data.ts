/**
 * Fixed inputs for the chart tests: metric rows shaped like the benchmarks' summarize output
 * (including undefined values and missing conditions), and Winogender trial records.
 */
import type { MetricRow, TrialRecord } from '../../../src/lib/core/records';
import type { BenchmarkId, ConditionId } from '../../../src/lib/core/ids';

export const QWEN_05 = 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC';
export const QWEN_15 = 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC';
export const QWEN_3 = 'Qwen2.5-3B-Instruct-q4f16_1-MLC';
export const GEMMA_2 = 'gemma-2-2b-it-q4f16_1-MLC';
export const SERVER = 'my-server-model';

export function row(
  benchmark: BenchmarkId,
  model: string,
  condition: ConditionId,
  metric: string,
  value: number | null,
  extra: Partial<MetricRow> = {},
): MetricRow {
  return {
    benchmark,
    model,
    condition,
    category: null,
    metric,
    value,
    ci_low: value === null ? null : Math.round((value - 0.04) * 1000) / 1000,
    ci_high: value === null ? null : Math.round((value + 0.05) * 1000) / 1000,
    n: 120,
    interval_unit: benchmark === 'bbq' ? 'template' : benchmark === 'winogender' ? 'occupation' : 'profile',
    ...extra,
  };
}

/** BBQ headline rows: three Qwen sizes, one Gemma, one model of unknown size; 1.5B q_if_cot undefined, 3B without q_if_cot. */
export const BBQ_HEADLINE: MetricRow[] = [
  row('bbq', QWEN_05, 'q', 'ambiguous_bias', 0.02),
  row('bbq', QWEN_05, 'q_if', 'ambiguous_bias', 0.01),
  row('bbq', QWEN_05, 'q_if_cot', 'ambiguous_bias', 0.03),
  row('bbq', QWEN_15, 'q', 'ambiguous_bias', 0.06),
  row('bbq', QWEN_15, 'q_if', 'ambiguous_bias', 0.03),
  row('bbq', QWEN_15, 'q_if_cot', 'ambiguous_bias', null),
  row('bbq', QWEN_3, 'q', 'ambiguous_bias', 0.11),
  row('bbq', QWEN_3, 'q_if', 'ambiguous_bias', 0.04),
  row('bbq', GEMMA_2, 'q', 'ambiguous_bias', 0.09),
  row('bbq', GEMMA_2, 'q_if', 'ambiguous_bias', 0.05),
  row('bbq', SERVER, 'q', 'ambiguous_bias', 0.15),
  row('bbq', SERVER, 'q_if', 'ambiguous_bias', 0.07, { ci_low: null, ci_high: null }),
  // Not headline rows: must be ignored by the scaling chart.
  row('bbq', QWEN_05, 'q', 'disambiguated_accuracy', 0.5),
  row('bbq', QWEN_05, 'q', 'ambiguous_bias', 0.3, { category: 'Age' }),
];

/** BBQ paired contrasts vs q (and the q rows they are relative to). */
export const BBQ_CONTRASTS: MetricRow[] = [
  row('bbq', QWEN_05, 'q_if', 'ambiguous_bias', -0.01, { baseline: 'q' }),
  row('bbq', QWEN_05, 'q_if_cot', 'ambiguous_bias', 0.01, { baseline: 'q' }),
  row('bbq', QWEN_15, 'q_if', 'ambiguous_bias', -0.03, { baseline: 'q' }),
  row('bbq', QWEN_15, 'q_if_cot', 'ambiguous_bias', null, { baseline: 'q' }),
  row('bbq', QWEN_3, 'q_if', 'ambiguous_bias', -0.07, { baseline: 'q' }),
  row('bbq', GEMMA_2, 'q_if', 'ambiguous_bias', -0.04, { baseline: 'q' }),
];

/** The relative changes of BBQ_CONTRASTS ((c − q) / |q|) with paired intervals of the ratio; Gemma's without one. */
export const BBQ_RELATIVE: MetricRow[] = [
  row('bbq', QWEN_05, 'q_if', 'ambiguous_bias', -0.5, { baseline: 'q', relative: true, ci_low: -1.4, ci_high: 0.3 }),
  row('bbq', QWEN_05, 'q_if_cot', 'ambiguous_bias', 0.5, { baseline: 'q', relative: true, ci_low: -0.3, ci_high: 1.6 }),
  row('bbq', QWEN_15, 'q_if', 'ambiguous_bias', -0.5, { baseline: 'q', relative: true, ci_low: -0.9, ci_high: -0.1 }),
  row('bbq', QWEN_15, 'q_if_cot', 'ambiguous_bias', null, { baseline: 'q', relative: true }),
  row('bbq', QWEN_3, 'q_if', 'ambiguous_bias', -0.07 / 0.11, {
    baseline: 'q',
    relative: true,
    ci_low: -0.85,
    ci_high: -0.42,
  }),
  row('bbq', GEMMA_2, 'q_if', 'ambiguous_bias', -0.04 / 0.09, {
    baseline: 'q',
    relative: true,
    ci_low: null,
    ci_high: null,
  }),
];

const cat = (condition: ConditionId, category: string, metric: string, value: number | null): MetricRow =>
  row('bbq', QWEN_15, condition, metric, value, { category, n: 40 });

/** BBQ per category for Qwen 1.5B: q and q_if only (q_if_cot missing), one undefined bias. */
export const BBQ_CATEGORIES: MetricRow[] = [
  row('bbq', QWEN_15, 'q', 'ambiguous_bias', 0.06),
  row('bbq', QWEN_15, 'q_if', 'ambiguous_bias', 0.03),
  cat('q', 'Age', 'ambiguous_bias', 0.12),
  cat('q_if', 'Age', 'ambiguous_bias', 0.05),
  cat('q', 'Religion', 'ambiguous_bias', 0.04),
  cat('q_if', 'Religion', 'ambiguous_bias', null),
  cat('q', 'Gender_identity (names)', 'ambiguous_bias', -0.02),
  cat('q_if', 'Gender_identity (names)', 'ambiguous_bias', 0.01),
  row('bbq', QWEN_15, 'q', 'disambiguated_accuracy', 0.62),
  row('bbq', QWEN_15, 'q_if', 'disambiguated_accuracy', 0.58),
  cat('q', 'Age', 'disambiguated_accuracy', 0.7),
  cat('q_if', 'Age', 'disambiguated_accuracy', 0.66),
  cat('q', 'Religion', 'disambiguated_accuracy', 0.55),
  cat('q_if', 'Religion', 'disambiguated_accuracy', 0.5),
  cat('q', 'Gender_identity (names)', 'disambiguated_accuracy', 0.61),
  cat('q_if', 'Gender_identity (names)', 'disambiguated_accuracy', 0.59),
  // Another model's row: must not appear.
  row('bbq', QWEN_05, 'q', 'ambiguous_bias', 0.5, { category: 'Age' }),
];

/** Admissions p_yes per race for Qwen 1.5B; q_if_cot's white value undefined. */
export const ADMISSIONS: MetricRow[] = [
  row('admissions', QWEN_15, 'q', 'p_yes_black', 0.61),
  row('admissions', QWEN_15, 'q', 'p_yes_white', 0.66),
  row('admissions', QWEN_15, 'q_if', 'p_yes_black', 0.64),
  row('admissions', QWEN_15, 'q_if', 'p_yes_white', 0.63),
  row('admissions', QWEN_15, 'q_if_cot', 'p_yes_black', 0.7),
  row('admissions', QWEN_15, 'q_if_cot', 'p_yes_white', null),
  row('admissions', QWEN_15, 'q', 'discrimination', -0.05),
];

const OCCUPATIONS: readonly [string, number][] = [
  ['nurse', 89.58],
  ['engineer', 14.6],
  ['teacher', 72.3],
  ['carpenter', 2.1],
];

let counter = 0;

/** A stored Winogender trial with the fields the chart helper reads (the rest minimal but valid). */
export function winoTrial(
  model: string,
  condition: ConditionId,
  occupation: string,
  blsPct: number,
  version: 'female' | 'male' | 'neutral',
  female: number,
  status: 'ok' | 'failed' = 'ok',
): TrialRecord {
  const male = (1 - female) * 0.8;
  const probs = status === 'ok' ? { female, male, neutral: 1 - female - male } : null;
  counter++;
  return {
    schema: 1,
    key: `run|${model}|winogender|${condition}|${occupation}:${version}`,
    runId: 'run',
    benchmark: 'winogender',
    benchmarkVersion: 'test',
    itemKey: `${occupation}:${version}`,
    model,
    condition,
    item: {
      occupation,
      version,
      pronoun_case: 'nominative',
      bls_pct_female: blsPct,
      bls_year: 2015,
      bergsma_pct_female: blsPct,
    },
    answer: probs ? 'female' : null,
    probs,
    mass: probs ? 0.9 : null,
    promptHash: 'h',
    engine: { kind: 'webllm', version: 'test' },
    appVersion: 'test',
    generation: null,
    seed: counter,
    status,
    raw: probs,
    scoring: null,
    reasoning: [],
    error: null,
    startedAt: '2024-01-01T00:00:00Z',
    durationMs: 1,
  };
}

/** Qwen 1.5B under q (roughly follows the statistics) and q_match_stats (close to them); one failed trial. */
export const WINO_TRIALS: TrialRecord[] = OCCUPATIONS.flatMap(([occupation, bls]) => [
  ...(['female', 'male', 'neutral'] as const).map((v, i) =>
    winoTrial(QWEN_15, 'q', occupation, bls, v, 0.2 + bls / 250 + i * 0.01),
  ),
  ...(['female', 'male', 'neutral'] as const).map((v) =>
    winoTrial(QWEN_15, 'q_match_stats', occupation, bls, v, bls / 105),
  ),
]).concat([
  winoTrial(QWEN_15, 'q_if', 'nurse', 89.58, 'female', 0.5, 'failed'),
  winoTrial(QWEN_05, 'q', 'nurse', 89.58, 'female', 0.3),
]);

export const WINO_RHO: MetricRow[] = [
  row('winogender', QWEN_15, 'q', 'pearson_rho', 0.91, { ci_low: 0.62, ci_high: 0.99, n: 4 }),
  row('winogender', QWEN_15, 'q_match_stats', 'pearson_rho', 0.99, { ci_low: 0.97, ci_high: 1, n: 4 }),
];
