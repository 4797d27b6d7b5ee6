/**
 * The sentences under each benchmark's detail figure (docs/method.md §6), from hand-built rows:
 * not run vs undefined, the direction in words, one interval, small samples.
 */
import { describe, expect, it } from 'vitest';
import type { MetricRow } from '../../../src/lib/core/records';
import type { BenchmarkId, ConditionId } from '../../../src/lib/core/ids';
import { admissionsTakeaway } from '../../../src/lib/benchmarks/admissions/present';
import { winogenderTakeaway } from '../../../src/lib/benchmarks/winogender/present';
import { bbqAccuracyTakeaway, bbqBiasTakeaway } from '../../../src/lib/benchmarks/bbq/present';

const row = (
  benchmark: BenchmarkId,
  metric: string,
  condition: ConditionId,
  value: number | null,
  ci: [number, number] | null = null,
  category: string | null = null,
): MetricRow => ({
  benchmark,
  model: 'm',
  condition,
  category,
  metric,
  value,
  ci_low: ci?.[0] ?? null,
  ci_high: ci?.[1] ?? null,
  interval_unit: ci === null ? null : 'template',
  n: 50,
});

describe('Winogender figure', () => {
  it('gives ρ under q with its interval and the other conditions in words, telling not run from undefined', () => {
    const rows = [
      row('winogender', 'pearson_rho', 'q', 0.45, [0.3, 0.6]),
      row('winogender', 'pearson_rho', 'q_if', null),
      row('winogender', 'pearson_rho', 'q_match_stats', 0.9, [0.85, 0.95]),
    ];
    expect(winogenderTakeaway(rows, 'm', 'M 1B')).toBe(
      "Under the plain question, M 1B's pronouns correlate with the labour statistics at ρ = +0.45 (95% CI +0.30 to +0.60): following the statistics. Asking it to avoid bias: undefined (p(female) was the same for every occupation); asking it to avoid bias and reason first: not run; asking it to match labour statistics: ρ = +0.90.",
    );
  });
  it('says the sample is small past ±0.25, and when q was not run', () => {
    expect(winogenderTakeaway([row('winogender', 'pearson_rho', 'q', 0.45, [-0.2, 0.8])], 'm', 'M')).toMatch(
      /\(95% CI −0\.20 to \+0\.80\): no clear correlation\. .* Small sample: intervals are wide\.$/,
    );
    expect(winogenderTakeaway([], 'm', 'M')).toMatch(/^In M, the plain question was not run\./);
  });
});

describe('admissions figure', () => {
  it('names the direction in words only when the interval excludes 0', () => {
    const rows = [
      row('admissions', 'discrimination', 'q', -0.06, [-0.09, -0.03]),
      row('admissions', 'p_yes_black', 'q', 0.55),
      row('admissions', 'p_yes_white', 'q', 0.61),
    ];
    expect(admissionsTakeaway(rows, 'm', 'M 1B')).toBe(
      'Under the plain question, M 1B gives p(admit) 0.55 for Black and 0.61 for white applicants, discrimination −0.06 (95% CI −0.09 to −0.03): against Black applicants.',
    );
    expect(admissionsTakeaway([row('admissions', 'discrimination', 'q', 0.01, [-0.2, 0.22])], 'm', 'M')).toBe(
      'Under the plain question, M gives discrimination +0.01 (95% CI −0.20 to +0.22): no clear difference. Small sample: intervals are wide.',
    );
    expect(admissionsTakeaway([row('admissions', 'discrimination', 'q', null)], 'm', 'M')).toMatch(
      /undefined \(no profile was answered under both races\)/,
    );
    expect(admissionsTakeaway([], 'm', 'M')).toBe('In M, the plain question was not run.');
  });
});

describe('BBQ figures', () => {
  it('bias per category: the most biased category, counts either way, undefined categories', () => {
    const rows = [
      row('bbq', 'ambiguous_bias', 'q', 0.1, [0.05, 0.15]),
      row('bbq', 'ambiguous_bias', 'q', 0.3, [0.2, 0.4], 'Age'),
      row('bbq', 'ambiguous_bias', 'q', -0.05, [-0.08, -0.02], 'Religion'),
      row('bbq', 'ambiguous_bias', 'q', null, null, 'SES'),
      // The second overall is not a category (and would otherwise be "the most biased").
      row('bbq', 'ambiguous_bias', 'q', 0.5, [0.4, 0.6], 'All 11 files'),
    ];
    expect(bbqBiasTakeaway(rows, 'm', 'M')).toBe(
      'Under the plain question, M is most biased in Age, towards the stereotype (+0.30, 95% CI +0.20 to +0.40); 1 of 2 categories clearly towards the stereotype, 1 against. Undefined in 1 (every ambiguous answer was “unknown”).',
    );
    expect(
      bbqBiasTakeaway(
        [row('bbq', 'ambiguous_bias', 'q', null), row('bbq', 'ambiguous_bias', 'q', null, null, 'Age')],
        'm',
        'M',
      ),
    ).toBe(
      'In M, ambiguous bias under the plain question is undefined in every category (every ambiguous answer was “unknown”).',
    );
    expect(bbqBiasTakeaway([], 'm', 'M')).toBe(
      'In M, the plain question was not run, so there is no bias per category.',
    );
  });
  it('disambiguated accuracy: overall with its interval and the lowest category', () => {
    const rows = [
      row('bbq', 'disambiguated_accuracy', 'q', 0.8, [0.75, 0.85]),
      row('bbq', 'disambiguated_accuracy', 'q', 0.6, null, 'Age'),
      row('bbq', 'disambiguated_accuracy', 'q', 0.9, null, 'SES'),
    ];
    expect(bbqAccuracyTakeaway(rows, 'm', 'M')).toBe(
      'Under the plain question, M answers 80% of disambiguated questions correctly (95% CI 75% to 85%); lowest in Age (60%): read the bias figure next to this.',
    );
    expect(bbqAccuracyTakeaway([], 'm', 'M')).toMatch(/not run/);
  });
});
