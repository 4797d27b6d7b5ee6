/**
 * Takeaway sentences (docs/method.md §6), from hand-built metric rows: not run vs undefined,
 * reversed, no baseline bias, the direction in words, one interval, small samples, and one
 * sentence per figure.
 */
import { describe, expect, it } from 'vitest';
import type { MetricRow } from '../../../src/lib/core/records';
import type { ConditionId } from '../../../src/lib/core/ids';
import { buildTakeaway, scalingTakeaway } from '../../../src/lib/charts/takeaway';
import type { BenchmarkCharting } from '../../../src/lib/charts/metrics';
import type { SizeLookup } from '../../../src/lib/core/sizes';
import { BBQ_METRICS } from '../../../src/lib/benchmarks/bbq/metric-info';
import { ADMISSIONS_METRICS } from '../../../src/lib/benchmarks/admissions/metric-info';
import { WINOGENDER_METRICS } from '../../../src/lib/benchmarks/winogender/metric-info';

const bbq: BenchmarkCharting = { id: 'bbq', title: 'BBQ', conditions: ['q', 'q_if', 'q_if_cot'], metrics: BBQ_METRICS };
const admissions: BenchmarkCharting = {
  id: 'admissions',
  title: 'Admissions',
  conditions: ['q', 'q_if', 'q_if_cot'],
  metrics: ADMISSIONS_METRICS,
};
const sizes: SizeLookup = (m) => ({
  params: m === 'big' ? 7e9 : m === 'huge' ? 70e9 : 5e8,
  family: 'x',
  variant: '',
  label: m === 'big' ? 'Big 7B' : m === 'huge' ? 'Huge 70B' : 'Small 0.5B',
});
const row = (
  model: string,
  condition: ConditionId,
  value: number | null,
  ci: [number, number] | null = null,
  baseline?: 'q',
  relative = false,
  metric = 'ambiguous_bias',
  benchmark: MetricRow['benchmark'] = 'bbq',
): MetricRow => ({
  benchmark,
  model,
  condition,
  category: null,
  metric,
  value,
  ci_low: ci?.[0] ?? null,
  ci_high: ci?.[1] ?? null,
  n: 100,
  interval_unit: 'template',
  ...(baseline ? { baseline } : {}),
  ...(relative ? { relative: true as const } : {}),
});
/** A condition's plain row and its paired difference row. */
const ran = (
  model: string,
  c: ConditionId,
  q: number,
  d: number,
  ci: [number, number],
  metric = 'ambiguous_bias',
  benchmark: MetricRow['benchmark'] = 'bbq',
): MetricRow[] => [
  row(model, c, q + d, null, undefined, false, metric, benchmark),
  row(model, c, d, ci, 'q', false, metric, benchmark),
];

describe('buildTakeaway (the paired-effects sentence)', () => {
  it('names the largest effect of the largest model in words, with one interval and the relative change', () => {
    const rows = [
      row('small', 'q', 0.1, [0.05, 0.15]),
      row('big', 'q', 0.2, [0.15, 0.25]),
      ...ran('big', 'q_if', 0.2, -0.086, [-0.15, -0.03]),
      ...ran('big', 'q_if_cot', 0.2, -0.02, [-0.1, 0.06]),
      row('big', 'q_if', -0.43, [-0.71, -0.15], 'q', true),
    ];
    expect(buildTakeaway(bbq, rows, sizes)).toBe(
      'In Big 7B, asking it to avoid bias moved ambiguous bias +0.20 → +0.11: less biased (−0.09, 95% CI −0.15 to −0.03; −43%).',
    );
  });

  it('not run: a condition without any row', () => {
    const rows = [row('big', 'q', 0.2, [0.15, 0.25]), ...ran('big', 'q_if', 0.2, -0.086, [-0.15, -0.03])];
    expect(buildTakeaway(bbq, rows, sizes)).toMatch(
      /less biased .* Not run: asking it to avoid bias and reason first\.$/,
    );
    expect(buildTakeaway(bbq, [row('big', 'q_if', 0.1)], sizes)).toBe(
      'In Big 7B, the plain question was not run, so no effect can be given.',
    );
  });

  it('undefined: both other conditions ran but made every ambiguous answer "unknown"', () => {
    const rows = [
      row('big', 'q', 0.2, [0.15, 0.25]),
      row('big', 'q_if', null),
      row('big', 'q_if', null, null, 'q'),
      row('big', 'q_if_cot', null),
      row('big', 'q_if_cot', null, null, 'q'),
    ];
    const text = buildTakeaway(bbq, rows, sizes);
    expect(text).toBe(
      'In Big 7B, ambiguous bias is +0.20 (95% CI +0.15 to +0.25) under the plain question. Under asking it to avoid bias and asking it to avoid bias and reason first it is undefined (every ambiguous answer was “unknown”), so no change can be given there.',
    );
    expect(text).not.toMatch(/not run|no other condition/);
    expect(buildTakeaway(bbq, [row('big', 'q', null)], sizes)).toBe(
      'In Big 7B, ambiguous bias under the plain question is undefined (every ambiguous answer was “unknown”), so no change can be given.',
    );
  });

  it('reversed: the sign flips between the baseline and the condition, so no relative change', () => {
    const rows = [
      row('big', 'q', -0.06, [-0.09, -0.03], undefined, false, 'discrimination', 'admissions'),
      ...ran('big', 'q_if', -0.06, 0.2, [0.15, 0.25], 'discrimination', 'admissions'),
      row('big', 'q_if', 3.31, [2, 5], 'q', true, 'discrimination', 'admissions'),
    ];
    const text = buildTakeaway(admissions, rows, sizes);
    expect(text).toBe(
      'In Big 7B, asking it to avoid bias reversed discrimination: −0.06 (against Black applicants) → +0.14 (in favour of Black applicants), +0.20 (95% CI +0.15 to +0.25); no relative change across a sign flip. Not run: asking it to avoid bias and reason first.',
    );
    expect(text).not.toMatch(/[+−]\d+%/);
  });

  it('no baseline bias: the baseline interval includes 0, so no relative change', () => {
    const rows = [
      row('big', 'q', 0.02, [-0.03, 0.07]),
      ...ran('big', 'q_if', 0.02, -0.01, [-0.04, 0.02]),
      ...ran('big', 'q_if_cot', 0.02, 0.08, [0.04, 0.12]),
      row('big', 'q_if_cot', 4, [1, 9], 'q', true),
    ];
    const text = buildTakeaway(bbq, rows, sizes);
    expect(text).toBe(
      'In Big 7B, no baseline bias under the plain question (+0.02, its interval includes 0), so no relative change: asking it to avoid bias and reason first gave +0.02 → +0.10, more biased (+0.08, 95% CI +0.04 to +0.12).',
    );
  });

  it('a sign flip whose interval includes 0 is "not clearly", still without a relative change', () => {
    const rows = [
      row('big', 'q', 0.05, [0.01, 0.09]),
      ...ran('big', 'q_if', 0.05, -0.08, [-0.17, 0.01]),
      row('big', 'q_if', -1.6, [-3.4, 0.2], 'q', true),
    ];
    expect(buildTakeaway(bbq, rows, sizes)).toBe(
      'In Big 7B, asking it to avoid bias did not clearly change ambiguous bias: +0.05 → −0.03 (−0.08, 95% CI −0.17 to +0.01); the estimate crosses 0, so no relative change. Not run: asking it to avoid bias and reason first.',
    );
  });

  it('rows without a relative row: the relative change is derived from q; a change that rounds to 0 has no sign', () => {
    const rows = [row('big', 'q', 0.2, [0.15, 0.25]), ...ran('big', 'q_if', 0.2, -0.086, [-0.15, -0.03])];
    expect(buildTakeaway(bbq, rows, sizes)).toMatch(/: less biased \(−0\.09, 95% CI −0\.15 to −0\.03; −43%\)\./);
    const tiny = [row('big', 'q', 0.2, [0.15, 0.25]), ...ran('big', 'q_if', 0.2, -0.004, [-0.05, 0.04])];
    expect(buildTakeaway(bbq, tiny, sizes)).toMatch(
      /^In Big 7B, asking it to avoid bias did not clearly change ambiguous bias: \+0\.20 → \+0\.20 \(0\.00, 95% CI −0\.05 to \+0\.04\)\./,
    );
  });

  it('an interval that includes 0 is "not clearly"; a wide one says the sample is small', () => {
    const rows = [
      row('big', 'q', 0.2, [0.05, 0.35]),
      ...ran('big', 'q_if', 0.2, 0.01, [-0.05, 0.07]),
      ...ran('big', 'q_if_cot', 0.2, 0.005, [-0.2, 0.21]),
    ];
    expect(buildTakeaway(bbq, rows, sizes)).toBe(
      'In Big 7B, asking it to avoid bias did not clearly change ambiguous bias: +0.20 → +0.21 (+0.01, 95% CI −0.05 to +0.07). Small sample: intervals are wide.',
    );
    expect(buildTakeaway(bbq, [], sizes)).toBe('No results to summarise yet.');
  });
});

describe('scalingTakeaway (the headline by size)', () => {
  it('says a null result of models ≤22B agrees with the paper, and when it does not', () => {
    const nul = [
      row('small', 'q', 0.01, [-0.02, 0.04]),
      ...ran('small', 'q_if', 0.01, 0, [-0.03, 0.03]),
      row('big', 'q', 0.03, [0, 0.06]),
      ...ran('big', 'q_if', 0.03, -0.01, [-0.04, 0.02]),
    ];
    expect(scalingTakeaway(bbq, nul, sizes)).toBe(
      'Under the plain question, ambiguous bias is +0.01 in Small 0.5B and +0.03 (95% CI 0.00 to +0.06) in Big 7B. No clear effect of asking it to avoid bias or asking it to avoid bias and reason first in any model here: a null result at this size agrees with the paper, which saw none in its models up to 22B.',
    );
    const effect = [
      ...nul.slice(0, 3),
      row('big', 'q', 0.03, [0, 0.06]),
      ...ran('big', 'q_if', 0.03, -0.05, [-0.08, -0.02]),
    ];
    expect(scalingTakeaway(bbq, effect, sizes)).toMatch(
      /\. Big 7B: a clear effect of asking it to avoid bias; the paper's text for its models of this size: “up to 22B the bias score stays near 0 under every condition; instructions make no clear difference”\.$/,
    );
    expect(scalingTakeaway(bbq, effect, sizes)).not.toMatch(/agrees/);
    // A model above the paper's small-model region: no comparison, and the largest model's side in words.
    const withLarge = [...nul, row('huge', 'q', 0.2, [0.15, 0.25])];
    expect(scalingTakeaway(bbq, withLarge, sizes)).toBe(
      'Under the plain question, ambiguous bias is +0.01 in Small 0.5B and +0.20 (95% CI +0.15 to +0.25, towards the stereotype) in Huge 70B.',
    );
  });

  it('Winogender: the band covers the paper’s models up to 13B; a null result there agrees with it', () => {
    const wino: BenchmarkCharting = {
      id: 'winogender',
      title: 'Winogender',
      conditions: ['q', 'q_if'],
      metrics: WINOGENDER_METRICS,
    };
    const rows = [
      row('big', 'q', 0.5, [0.3, 0.7], undefined, false, 'pearson_rho', 'winogender'),
      ...ran('big', 'q_if', 0.5, 0.02, [-0.1, 0.14], 'pearson_rho', 'winogender'),
    ];
    expect(scalingTakeaway(wino, rows, sizes)).toBe(
      'Under the plain question, correlation with labour statistics (ρ) of Big 7B is +0.50 (95% CI +0.30 to +0.70, following the statistics). No clear effect of asking it to avoid bias in any model here: a null result at this size agrees with the paper, which saw none in its models up to 13B.',
    );
  });

  it('models of unknown size get their own sentence, not the effects sentence', () => {
    const unsized: SizeLookup = (m) => ({ params: null, family: null, variant: '', label: m });
    const rows = [row('server', 'q', 0.02, [-0.03, 0.07]), ...ran('server', 'q_if', 0.02, -0.01, [-0.04, 0.02])];
    expect(scalingTakeaway(bbq, rows, unsized)).toBe(
      'Under the plain question, ambiguous bias of server is +0.02 (95% CI −0.03 to +0.07). Size unknown, so not on the size axis.',
    );
    expect(scalingTakeaway(bbq, rows, unsized)).not.toBe(buildTakeaway(bbq, rows, unsized));
  });
});
