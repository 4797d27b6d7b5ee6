/** Slide takeaways: computed from the rows of the largest model, honest about uncertainty and undefined values. */
import { describe, expect, it } from 'vitest';
import type { MetricInfo, MetricRow } from '../../../src/lib/core/records';
import { buildTakeaway } from '../../../src/lib/charts/takeaway';
import type { SizeLookup } from '../../../src/lib/core/sizes';

const headline: MetricInfo = {
  metric: 'ambiguous_bias',
  label: 'Ambiguous bias',
  help: '',
  signed: true,
  headline: true,
};
const sizes: SizeLookup = (m) => ({
  params: m === 'big' ? 7e9 : 5e8,
  family: 'x',
  variant: '',
  label: m === 'big' ? 'Big 7B' : 'Small 0.5B',
});
const row = (
  model: string,
  condition: MetricRow['condition'],
  value: number | null,
  ci: [number, number] | null = null,
  baseline?: 'q',
  relative = false,
): MetricRow => ({
  benchmark: 'bbq',
  model,
  condition,
  category: null,
  metric: 'ambiguous_bias',
  value,
  ci_low: ci?.[0] ?? null,
  ci_high: ci?.[1] ?? null,
  n: 100,
  interval_unit: 'template',
  ...(baseline ? { baseline } : {}),
  ...(relative ? { relative: true as const } : {}),
});

describe('buildTakeaway', () => {
  it('reports the largest change of the largest model, with its interval and the relative change with its own', () => {
    const rows = [
      row('small', 'q', 0.1),
      row('big', 'q', 0.2),
      row('big', 'q_if', 0.114),
      row('big', 'q_if', -0.086, [-0.15, -0.03], 'q'),
      row('big', 'q_if_cot', -0.02, [-0.1, 0.06], 'q'),
      // Relative rows: never taken for the largest effect (−0.43 would not beat −0.086 anyway, but −1.5 would).
      row('big', 'q_if', -0.43, [-0.71, -0.15], 'q', true),
      row('big', 'q_if_cot', -1.5, [-2, -1], 'q', true),
    ];
    expect(buildTakeaway('bbq', rows, headline, sizes)).toBe(
      'In Big 7B, asking it to avoid bias moved ambiguous bias +0.20 → +0.11 (−0.09, −43% [95% CI −71% to −15%]; 95% CI −0.15 to −0.03).',
    );
  });

  it('without a relative row the relative change is derived, without an interval; an undefined one is left out', () => {
    const rows = [row('big', 'q', 0.2), row('big', 'q_if', -0.086, [-0.15, -0.03], 'q')];
    expect(buildTakeaway('bbq', rows, headline, sizes)).toBe(
      'In Big 7B, asking it to avoid bias moved ambiguous bias +0.20 → +0.11 (−0.09, −43%; 95% CI −0.15 to −0.03).',
    );
    const zero = [
      row('big', 'q', 0),
      row('big', 'q_if', 0.05, [0.01, 0.09], 'q'),
      row('big', 'q_if', null, null, 'q', true),
    ];
    expect(buildTakeaway('bbq', zero, headline, sizes)).toBe(
      'In Big 7B, asking it to avoid bias moved ambiguous bias 0.00 → +0.05 (+0.05; 95% CI +0.01 to +0.09).',
    );
    const noInterval = [
      row('big', 'q', 0.2),
      row('big', 'q_if', -0.086, [-0.15, -0.03], 'q'),
      row('big', 'q_if', -0.43, null, 'q', true),
    ];
    expect(buildTakeaway('bbq', noInterval, headline, sizes)).toContain('(−0.09, −43%; 95% CI');
  });

  it('says so when the interval includes zero', () => {
    const rows = [row('big', 'q', 0.2), row('big', 'q_if', 0.01, [-0.05, 0.07], 'q')];
    expect(buildTakeaway('bbq', rows, headline, sizes)).toMatch(
      /^In Big 7B, asking it to avoid bias did not clearly change ambiguous bias: \+0\.20 → \+0\.21/,
    );
    // A change that rounds to zero has no sign ("0.00", not "−0.00"); negatives carry U+2212.
    const tiny = [row('big', 'q', 0.2), row('big', 'q_if', -0.004, [-0.05, 0.04], 'q')];
    expect(buildTakeaway('bbq', tiny, headline, sizes)).toBe(
      'In Big 7B, asking it to avoid bias did not clearly change ambiguous bias: +0.20 → +0.20 (0.00, −2%; 95% CI −0.05 to +0.04).',
    );
  });

  it('says when the plain-question value is undefined, and when there is nothing yet', () => {
    expect(buildTakeaway('bbq', [row('big', 'q', null)], headline, sizes)).toMatch(/undefined/);
    expect(buildTakeaway('bbq', [], headline, sizes)).toBe('No results to summarise yet.');
    expect(buildTakeaway('bbq', [row('big', 'q', 0.2)], headline, sizes)).toMatch(/no other condition/);
  });
});
