// The BBQ template-cluster intervals (per-template count vectors, `clusterBootstrap.ts`) against a
// brute-force bootstrap that resamples templates (all items of one category × question_index),
// within category, collects the drawn templates' answer records and recomputes the metrics from
// scratch (docs/method.md §6), with the pools of docs/method.md §3.1 (rows without a target left
// out before templates are formed; the headline overall pools the single-axis categories, "All 11
// files" every category, both from the same resamples as the category rows). Two checks: on the same random stream (createRandom(seed), resample
// by resample, category by category, index floor(u · m)) the endpoints are equal; on an independent
// stream they agree within Monte Carlo error. Deterministic (seeded): a failure is a real
// disagreement, never bad luck.
import { describe, expect, it } from 'vitest';
import type { BbqFacts } from '../../../../src/lib/benchmarks/bbq/facts';
import type { OptionIndex } from '../../../../src/lib/benchmarks/bbq/item';
import {
  ALL_FILES_CATEGORY,
  BBQ_METRICS,
  NO_TARGET_METRIC,
  scoreBbqAnswers,
  scoreBbqPairedAnswers,
  type BbqMetric,
} from '../../../../src/lib/benchmarks/bbq/metrics';
import { createRandom } from '../../../../src/lib/core/random';
import { summarizeDraws } from '../../../../src/lib/stats/bootstrap';

/** Resamples of the distributional comparison (independent streams), and of the same-stream one. */
const FAR = 10_000;
const NEAR = 2_000;

/** Categories in the code's order (docs/method.md §3.1): two single-axis, one intersectional. */
const CATEGORIES = ['Age', 'Race_x_SES', 'Religion'];
const SIZE: Readonly<Record<string, number>> = { Age: 48, Race_x_SES: 24, Religion: 36 };
const TEMPLATE: Readonly<Record<string, (i: number) => number>> = {
  Age: (i) => 1 + (((i * 7) % 11) % 6),
  Race_x_SES: (i) => 1 + (i % 3),
  Religion: (i) => 3 + ((i % 5) % 4),
};

/**
 * Small three-category sample with every outcome over 6 + 3 + 4 templates of unequal size, a
 * third of the rows without a target, hash-derived answers for two conditions.
 */
function sample(): { facts: BbqFacts; q: OptionIndex; qIf: OptionIndex }[] {
  const out: { facts: BbqFacts; q: OptionIndex; qIf: OptionIndex }[] = [];
  let id = 0;
  for (const category of CATEGORIES) {
    const n = SIZE[category] as number;
    for (let i = 0; i < n; i++) {
      const ambig = i % 2 === 0;
      const biased = (i % 3 === 0 ? null : (i >> 1) % 2) as OptionIndex | null;
      const facts: BbqFacts = {
        category,
        source_category: category,
        example_id: id++,
        question_index: (TEMPLATE[category] as (i: number) => number)(i),
        context_condition: ambig ? 'ambig' : 'disambig',
        question_polarity: i % 4 < 2 ? 'neg' : 'nonneg',
        label: ambig ? 2 : (((i >> 2) % 2) as OptionIndex),
        unknown: 2,
        biased,
      };
      const h = (i * 2654435761 + id * 40503) >>> 0;
      out.push({ facts, q: (h % 3) as OptionIndex, qIf: ((h >>> 7) % 4 === 0 ? (h >>> 3) % 3 : 2) as OptionIndex });
    }
  }
  return out;
}

/** The four metrics straight from answer records (docs/method.md §3.1), independent of metrics.ts. */
function metricsOf(records: readonly { facts: BbqFacts; answer: OptionIndex }[]): Record<BbqMetric, number | null> {
  const ctx = (c: 'ambig' | 'disambig') => {
    // Rows without a target are out of accuracy and bias alike (docs/method.md §3.1 step 5).
    const rs = records.filter((r) => r.facts.context_condition === c && r.facts.biased !== null);
    const acc = rs.length === 0 ? null : rs.filter((r) => r.answer === r.facts.label).length / rs.length;
    const scored = rs.filter((r) => r.answer !== r.facts.unknown);
    const s =
      scored.length === 0 ? null : (2 * scored.filter((r) => r.answer === r.facts.biased).length) / scored.length - 1;
    return { acc, s };
  };
  const a = ctx('ambig');
  const d = ctx('disambig');
  return {
    ambiguous_bias: a.acc === null || a.s === null ? null : (1 - a.acc) * a.s,
    disambiguated_bias: d.s,
    ambiguous_accuracy: a.acc,
    disambiguated_accuracy: d.acc,
  };
}

type Draws = Map<string, number[]>;

/**
 * Brute force: the rows with a target form the templates; every resample draws, per category (in
 * CATEGORIES order), as many templates as the category has, uniformly with replacement (templates
 * in question_index order), and scores the drawn templates' items: per category, the single-axis
 * ones pooled (null) and all pooled ("All 11 files"). Draws keyed "category|metric", NaN = undefined.
 */
function bruteForce<T extends { facts: BbqFacts }>(
  items: readonly T[],
  seed: number,
  statistic: (resample: T[]) => Record<BbqMetric, number | null>,
  R: number,
): Draws {
  const templates = new Map<string, Map<number, T[]>>();
  for (const it of items.filter((x) => x.facts.biased !== null)) {
    const byIndex = templates.get(it.facts.category) ?? new Map<number, T[]>();
    byIndex.set(it.facts.question_index, [...(byIndex.get(it.facts.question_index) ?? []), it]);
    templates.set(it.facts.category, byIndex);
  }
  const ordered = CATEGORIES.map((c) =>
    [...(templates.get(c) ?? new Map<number, T[]>())].sort(([a], [b]) => a - b).map(([, members]) => members),
  );
  const random = createRandom(seed);
  const draws: Draws = new Map();
  for (let r = 0; r < R; r++) {
    const resample: T[] = [];
    for (const list of ordered)
      for (let j = 0; j < list.length; j++) resample.push(...(list[Math.floor(random() * list.length)] as T[]));
    const pools: [string | null, T[]][] = [
      [null, resample.filter((x) => x.facts.category !== 'Race_x_SES')],
      [ALL_FILES_CATEGORY, resample],
      ...CATEGORIES.map((c): [string, T[]] => [c, resample.filter((x) => x.facts.category === c)]),
    ];
    for (const [category, members] of pools) {
      const values = statistic(members);
      for (const metric of BBQ_METRICS) {
        const key = `${category}|${metric}`;
        const list = draws.get(key) ?? [];
        list.push(values[metric] ?? Number.NaN);
        draws.set(key, list);
      }
    }
  }
  return draws;
}

const defined = (draws: Draws): Map<string, Float64Array> =>
  new Map([...draws].map(([k, v]) => [k, Float64Array.from(v.filter((x) => !Number.isNaN(x))).sort()]));

/** Same stream: the brute force's percentile interval equals each row's, endpoint for endpoint. */
function expectSameIntervals(
  rows: readonly {
    category: string | null;
    metric: string;
    value: number | null;
    ci_low: number | null;
    ci_high: number | null;
  }[],
  draws: Draws,
  R: number,
  minChecked = 10,
): void {
  let checked = 0;
  for (const row of rows) {
    const list = draws.get(`${row.category}|${row.metric}`);
    if (!list) throw new Error(`no brute-force draws for ${row.category} ${row.metric}`);
    const want = summarizeDraws(row.value, Float64Array.from(list), 0, { seed: 0, resamples: R });
    expect(row.ci_low === null, `${row.category} ${row.metric}`).toBe(want.ci_low === null);
    if (row.ci_low === null || want.ci_low === null || row.ci_high === null || want.ci_high === null) continue;
    expect(row.ci_low, `${row.category} ${row.metric} low`).toBeCloseTo(want.ci_low, 12);
    expect(row.ci_high, `${row.category} ${row.metric} high`).toBeCloseTo(want.ci_high, 12);
    checked++;
  }
  expect(checked).toBeGreaterThanOrEqual(minChecked);
}

function expectWithinMonteCarloError(
  rows: readonly { category: string | null; metric: string; ci_low: number | null; ci_high: number | null }[],
  brute: Map<string, Float64Array>,
  minChecked = 20,
): void {
  const R = FAR;
  let checked = 0;
  for (const row of rows) {
    const ref = brute.get(`${row.category}|${row.metric}`);
    if (!ref || row.ci_low === null || row.ci_high === null) continue;
    for (const [q, x] of [
      [0.025, row.ci_low],
      [0.975, row.ci_high],
    ] as const) {
      // CDF of the brute-force draws at the fast endpoint ([F(x−), F(x)] for atoms) is q within
      // 5 standard errors of the difference of two independent quantile estimates.
      const below = ref.filter((v) => v < x - 1e-12).length / ref.length;
      const atOrBelow = ref.filter((v) => v <= x + 1e-12).length / ref.length;
      const tolerance = 5 * Math.sqrt((2 * q * (1 - q)) / R);
      expect(q, `${row.category} ${row.metric} @${q}`).toBeGreaterThanOrEqual(below - tolerance);
      expect(q, `${row.category} ${row.metric} @${q}`).toBeLessThanOrEqual(atOrBelow + tolerance);
      checked++;
    }
  }
  expect(checked).toBeGreaterThanOrEqual(minChecked);
}

const asQ = <T extends { facts: BbqFacts; q: OptionIndex }>(rs: readonly T[]) =>
  metricsOf(rs.map((x) => ({ facts: x.facts, answer: x.q })));
const contrast =
  (relative: boolean) =>
  (rs: readonly { facts: BbqFacts; q: OptionIndex; qIf: OptionIndex }[]): Record<BbqMetric, number | null> => {
    const b = asQ(rs);
    const t = metricsOf(rs.map((x) => ({ facts: x.facts, answer: x.qIf })));
    return Object.fromEntries(
      BBQ_METRICS.map((m) => {
        const x = b[m];
        const y = t[m];
        if (x === null || y === null) return [m, null];
        return [m, relative ? (x === 0 ? null : (y - x) / Math.abs(x)) : y - x];
      }),
    ) as Record<BbqMetric, number | null>;
  };

describe('BBQ intervals vs a brute-force template bootstrap, same random stream: equal endpoints', () => {
  const items = sample();
  const pairs = items.map((x) => ({ facts: x.facts, baseline: x.q, treatment: x.qIf }));
  it('per condition', () => {
    const rows = scoreBbqAnswers(
      items.map((x) => ({ facts: x.facts, answer: x.q })),
      { seed: 5, resamples: NEAR },
    ).filter((r) => r.metric !== NO_TARGET_METRIC);
    // Every category and both overalls, each resampling templates.
    expect(new Set(rows.map((r) => r.category))).toEqual(new Set([...CATEGORIES, null, ALL_FILES_CATEGORY]));
    expect(new Set(rows.map((r) => r.interval_unit))).toEqual(new Set(['template']));
    expectSameIntervals(rows, bruteForce(items, 5, asQ, NEAR), NEAR);
  });
  it('paired contrast q_if − q and relative change (the same drawn templates carry both answers)', () => {
    const rows = scoreBbqPairedAnswers(pairs, { seed: 6, resamples: NEAR });
    expectSameIntervals(
      rows.filter((r) => !r.relative),
      bruteForce(items, 6, contrast(false), NEAR),
      NEAR,
    );
    expectSameIntervals(
      rows.filter((r) => r.relative),
      bruteForce(items, 6, contrast(true), NEAR),
      NEAR,
      6,
    );
  });
});

describe('BBQ intervals vs a brute-force template bootstrap, independent streams: agreement within Monte Carlo error', () => {
  const items = sample();
  const pairs = items.map((x) => ({ facts: x.facts, baseline: x.q, treatment: x.qIf }));
  it('per condition', () => {
    const rows = scoreBbqAnswers(
      items.map((x) => ({ facts: x.facts, answer: x.q })),
      { seed: 5, resamples: FAR },
    ).filter((r) => r.metric !== NO_TARGET_METRIC);
    expectWithinMonteCarloError(rows, defined(bruteForce(items, 1005, asQ, FAR)));
  });
  it('paired contrast q_if − q', () => {
    const rows = scoreBbqPairedAnswers(pairs, { seed: 6, resamples: FAR });
    expectWithinMonteCarloError(
      rows.filter((r) => !r.relative),
      defined(bruteForce(items, 1006, contrast(false), FAR)),
    );
  });
});
