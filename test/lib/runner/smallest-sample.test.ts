// The smallest sample that meets a headline threshold (docs/method.md §6): on Winogender's and
// the admissions grid's real items (where it sets the Run form's default), on BBQ's six local
// files (where no sample meets it) and on BBQ items regrouped into many small templates (where
// one does). Each found size must meet the threshold and the size just below must not.
import { describe, expect, it } from 'vitest';
import { bbq, type BbqItem } from '../../../src/lib/benchmarks/bbq';
import { getBenchmark } from '../../../src/lib/benchmarks/registry';
import type { Benchmark } from '../../../src/lib/benchmarks/types';
import { winogender } from '../../../src/lib/benchmarks/winogender';
import { benchmarkPlanner, planBenchmarks, type BenchmarkPlanner } from '../../../src/lib/runner/smallest-sample';
import { planSample } from '../../../src/lib/runner/planner';
import { DEFAULT_SAMPLE_SIZE } from '../../../src/state/setup.svelte';
import { readData } from '../../data-dir';

const LOCAL = ['Age', 'Disability_status', 'Nationality', 'Physical_appearance', 'Religion', 'Sexual_orientation'];
const bbqItems = bbq.parse(new Map(LOCAL.map((c) => [`${c}.jsonl`, readData(`bbq/data/${c}.jsonl`)]))).items;
const winogenderItems = winogender.parse(
  new Map(['templates.tsv', 'occupations-stats.tsv'].map((f) => [f, readData(`winogender/data/${f}`)])),
).items;
const admissions = getBenchmark('admissions') as Benchmark<unknown>;
const admissionsItems = admissions.parse(new Map()).items;

const headline = (p: BenchmarkPlanner, size: number) =>
  planSample([p.sample(size)]).lines.find((l) => l.category === null);

function expectSmallest(p: BenchmarkPlanner, size: number): void {
  expect(p.smallest.size).toBe(size);
  expect(headline(p, size)?.warn, `size ${size}`).toBe(false);
  expect(headline(p, size - 1)?.warn, `size ${size - 1}`).toBe(true);
  expect(p.smallest.halfWidth).toBe(headline(p, size)?.halfWidth);
}

describe('smallest sample meeting the threshold', () => {
  it('Winogender: 179 items (all 60 occupations, ±0.254 shown as ±0.25); admissions: 175 items (88 profile pairs)', () => {
    expect(winogenderItems).toHaveLength(180);
    expect(admissionsItems).toHaveLength(324);
    for (const seed of [1, 2]) {
      const w = benchmarkPlanner(winogender as Benchmark<unknown>, winogenderItems, seed);
      expectSmallest(w, 179);
      expect(headline(w, 179)).toMatchObject({ n: 60 });
      const a = benchmarkPlanner(admissions, admissionsItems, seed);
      expectSmallest(a, 175);
      expect(headline(a, 175)).toMatchObject({ n: 88 });
      // 1.96 · 0.5 / √88 = 0.1045, shown as ±0.10; 87 pairs give 0.1051, shown as ±0.11.
      expect(a.smallest.halfWidth).toBeCloseTo(0.98 / Math.sqrt(88), 12);
    }
  });

  it("the Run form's default is the smallest sample meeting Winogender's and admissions' thresholds", () => {
    const w = benchmarkPlanner(winogender as Benchmark<unknown>, winogenderItems, 1).smallest.size;
    const a = benchmarkPlanner(admissions, admissionsItems, 1).smallest.size;
    expect(DEFAULT_SAMPLE_SIZE).toBe(Math.max(w ?? Infinity, a ?? Infinity));
  });

  it('BBQ, six local files (150 templates): no sample meets ±0.10, and the warning says what every item gives', () => {
    const p = benchmarkPlanner(bbq as Benchmark<unknown>, bbqItems, 1);
    const all = headline(p, bbqItems.length);
    expect(all?.warn).toBe(true);
    expect(p.smallest).toEqual({ benchmark: 'bbq', size: null, halfWidth: all?.halfWidth, items: 11_956 });
    expect(all?.halfWidth).toBeGreaterThan(0.105);
    const plan = planBenchmarks([p], DEFAULT_SAMPLE_SIZE);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatch(/ No sample of these 11,956 items meets ±0\.10: all of them give ±0\.11\.$/);
  });

  it('BBQ regrouped into templates of about eight items: the smallest size is found and named in the warning', () => {
    const regrouped: BbqItem[] = bbqItems.map((i) => ({ ...i, questionIndex: 1 + Math.floor(i.exampleId / 8) }));
    const p = benchmarkPlanner(bbq as Benchmark<unknown>, regrouped, 3);
    const size = p.smallest.size as number;
    expect(size).toBeGreaterThan(600);
    expect(size).toBeLessThan(2000);
    expectSmallest(p, size);
    const plan = planBenchmarks([p], 100);
    expect(plan.smallest).toEqual([p.smallest]);
    expect(plan.warnings[0]).toMatch(
      new RegExp(` The smallest sample that meets ±0\\.10 is ${size.toLocaleString('en-US')} items\\.$`),
    );
    // A sample that meets every threshold has no warning and needs no search.
    expect(planBenchmarks([benchmarkPlanner(bbq as Benchmark<unknown>, regrouped, 3)], size)).toMatchObject({
      warnings: [],
      smallest: [],
    });
  });
});
