// The sample planner (docs/method.md §6): hand-computed half-widths and warnings, and its BBQ
// half-width against simulation: a synthetic model whose answers vary between templates, asked
// the real templates of the six local categories; the planner's value must be at least the
// simulated one (the spread of the point value over replications, and the mean template-cluster
// bootstrap half-width) and at most 1.5 times it. Seeded: a failure is real, never bad luck.
import { describe, expect, it } from 'vitest';
import { bbq, type BbqItem } from '../../../src/lib/benchmarks/bbq';
import type { Benchmark } from '../../../src/lib/benchmarks/types';
import {
  scoreBbqAnswers,
  ambiguousBiasOf,
  bbqAnswerType,
  BBQ_TYPE_COUNT,
} from '../../../src/lib/benchmarks/bbq/metrics';
import type { OptionIndex } from '../../../src/lib/benchmarks/bbq/item';
import { buildBbqFacts } from '../../../src/lib/benchmarks/bbq/facts';
import { createRandom } from '../../../src/lib/core/random';
import { sampleBenchmark } from '../../../src/lib/runner/plan';
import {
  bbqHalfWidth,
  discriminationHalfWidth,
  planSample,
  planSampleOf,
  planTrials,
  rhoHalfWidth,
} from '../../../src/lib/runner/planner';
import { sampleNote } from '../../../src/lib/runner/plan-text';
import { readData } from '../../data-dir';

const LOCAL = ['Age', 'Disability_status', 'Nationality', 'Physical_appearance', 'Religion', 'Sexual_orientation'];
const items = bbq.parse(new Map(LOCAL.map((c) => [`${c}.jsonl`, readData(`bbq/data/${c}.jsonl`)]))).items;

describe('planner formulas, by hand', () => {
  it('BBQ: z · √(τ² Σ a_j² / a² + (1 − τ²) / a)', () => {
    // Four templates, one ambiguous item each: 1.96 · √(0.25 · 4/16 + 0.75/4) = 1.96 · 0.5.
    expect(bbqHalfWidth([1, 1, 1, 1])).toBeCloseTo(0.98, 12);
    // One template of 100 items: 1.96 · √(0.25 + 0.0075).
    expect(bbqHalfWidth([100])).toBeCloseTo(1.96 * Math.sqrt(0.2575), 12);
    expect(bbqHalfWidth([])).toBeNull();
  });
  it('ρ: Fisher z at ρ = 0; discrimination: 1.96 · 0.5 / √P', () => {
    expect(rhoHalfWidth(60)).toBeCloseTo(Math.tanh(1.96 / Math.sqrt(57)), 12);
    expect(rhoHalfWidth(3)).toBeNull();
    expect(discriminationHalfWidth(100)).toBeCloseTo(0.098, 12);
    expect(discriminationHalfWidth(0)).toBeNull();
  });
  it('warns past the thresholds (two decimals, as shown), in words', () => {
    const plan = planSample([
      { benchmark: 'winogender', items: 180, occupations: 60 }, // ±0.254 → 0.25: no warning
      { benchmark: 'winogender', items: 24, occupations: 8 },
      { benchmark: 'admissions', items: 200, profiles: 100 }, // ±0.098
      { benchmark: 'admissions', items: 48, profiles: 24 },
    ]);
    expect(plan.lines.map((l) => l.warn)).toEqual([false, true, false, true]);
    expect(plan.warnings).toHaveLength(2);
    expect(plan.warnings[0]).toMatch(
      /^Winogender ρ: expected 95% interval ±0\.\d\d from 8 occupations, wider than ±0\.25/,
    );
    expect(plan.warnings[1]).toMatch(/^Admissions discrimination: expected 95% interval ±0\.20 from 24 profile pairs/);
  });
  it('BBQ: headline over the single-axis categories, lines per category; items without a target and disambiguated items do not count', () => {
    const item = (category: string, q: number, ctx: string, biased: number | null, source = category) => ({
      category,
      source_category: source,
      question_index: q,
      context_condition: ctx,
      biased,
    });
    const plan = planSample([
      {
        benchmark: 'bbq',
        items: [
          item('Age', 1, 'ambig', 0),
          item('Age', 2, 'ambig', 1),
          item('Age', 2, 'disambig', 1),
          item('Age', 3, 'ambig', null),
          item('Race_x_SES', 1, 'ambig', 0),
        ],
      },
    ]);
    expect(plan.lines.map((l) => [l.category, l.n, l.templates, l.warn])).toEqual([
      [null, 2, 2, true],
      ['Age', 2, 2, false],
      ['Race_x_SES', 1, 1, false],
    ]);
    expect(plan.lines[0]?.halfWidth).toBeCloseTo(bbqHalfWidth([1, 1]) as number, 12);
    expect(plan.warnings[0]).toMatch(
      /BBQ ambiguous bias \(nine single-axis categories\): expected 95% interval ±\d\.\d\d from 2 ambiguous items in 2 templates/,
    );
  });
});

describe('plan of a stored run, from its trials (what its slides say)', () => {
  const trial = (benchmark: 'bbq' | 'winogender' | 'admissions', itemKey: string, item: Record<string, unknown>) =>
    ({ benchmark, itemKey, item }) as Parameters<typeof planTrials>[0][number];
  const bbqItem = (q: number, ctx: string) => ({
    category: 'Age',
    source_category: 'Age',
    question_index: q,
    context_condition: ctx,
    biased: 0,
  });
  it('counts each item once whatever its conditions, per benchmark', () => {
    const plan = planTrials([
      trial('bbq', 'Age:1', bbqItem(1, 'ambig')),
      trial('bbq', 'Age:1', bbqItem(1, 'ambig')), // the same item under another condition
      trial('bbq', 'Age:2', bbqItem(2, 'ambig')),
      trial('bbq', 'Age:3', bbqItem(2, 'disambig')),
      trial('winogender', 'nurse:female', { occupation: 'nurse' }),
      trial('winogender', 'nurse:male', { occupation: 'nurse' }),
      trial('winogender', 'chef:male', { occupation: 'chef' }),
      trial('admissions', 'grid:p1:Black', { population: 'grid', profile: 'p1' }),
      trial('admissions', 'grid:p1:white', { population: 'grid', profile: 'p1' }),
    ]);
    expect(plan.lines.map((l) => [l.benchmark, l.category, l.n, l.templates])).toEqual([
      ['bbq', null, 2, 2],
      ['bbq', 'Age', 2, 2],
      ['winogender', null, 2, undefined],
      ['admissions', null, 1, undefined],
    ]);
    expect(plan.lines[0]?.halfWidth).toBeCloseTo(0.98 * Math.sqrt(2), 12); // 1.96 · √(0.25 · 2/4 + 0.75/2)
  });
  it('a slide note when the headline falls short, none when it meets its threshold', () => {
    const small = planTrials([trial('bbq', 'Age:1', bbqItem(1, 'ambig')), trial('bbq', 'Age:2', bbqItem(2, 'ambig'))]);
    expect(sampleNote(small, 'bbq')).toBe(
      'Small sample: 2 ambiguous items in 2 templates give an expected 95% interval of ±1.39, wider than the ±0.10 a run should reach (docs/method.md §6); effects smaller than that cannot be told from chance.',
    );
    expect(sampleNote(small, 'winogender')).toBeNull();
    const one = planSample([{ benchmark: 'winogender', items: 3, occupations: 1 }]);
    expect(sampleNote(one, 'winogender')).toMatch(
      /^Small sample: 1 occupation gives no interval, wider than the ±0\.25/,
    );
    const enough = planSample([{ benchmark: 'admissions', items: 200, profiles: 100 }]);
    expect(sampleNote(enough, 'admissions')).toBeNull();
  });
});

/** Synthetic answer: unknown 20%; otherwise the biased option with probability (1 + 0.5 · s_j) / 2, s_j = ±1 per template. */
function answer(item: BbqItem, s: number, random: () => number): OptionIndex {
  if (item.contextCondition === 'disambig') return item.label;
  if (random() < 0.2 || item.biased === null) return item.unknown;
  if (random() < (1 + 0.5 * s) / 2) return item.biased;
  return (3 - item.unknown - item.biased) as OptionIndex;
}

describe('planner BBQ half-width vs simulation over the real templates of the six local categories', () => {
  for (const size of [600, 1200]) {
    it(`sample of ${size}`, () => {
      const chosen = sampleBenchmark(bbq, items, size, 3);
      const plan = planSample([planSampleOf(bbq as Benchmark<unknown>, chosen)]);
      const planned = plan.lines[0]?.halfWidth as number;
      const facts = chosen.map(buildBbqFacts);
      const random = createRandom(size);
      const replicate = () => {
        const sign = new Map<string, number>();
        for (const it of chosen)
          if (!sign.has(`${it.displayCategory}|${it.questionIndex}`))
            sign.set(`${it.displayCategory}|${it.questionIndex}`, random() < 0.5 ? -1 : 1);
        return chosen.map((it, i) => ({
          facts: facts[i] as (typeof facts)[number],
          answer: answer(it, sign.get(`${it.displayCategory}|${it.questionIndex}`) as number, random),
        }));
      };
      // Spread of the point value over 400 replications (template effects drawn afresh each time).
      const points: number[] = [];
      for (let r = 0; r < 400; r++) {
        const counts = new Float64Array(BBQ_TYPE_COUNT);
        for (const a of replicate())
          counts[bbqAnswerType(a.facts, a.answer)] = (counts[bbqAnswerType(a.facts, a.answer)] as number) + 1;
        points.push(ambiguousBiasOf(counts) as number);
      }
      const mean = points.reduce((s, x) => s + x, 0) / points.length;
      const sd = Math.sqrt(points.reduce((s, x) => s + (x - mean) ** 2, 0) / (points.length - 1));
      // Mean template-cluster bootstrap half-width over 30 replications.
      let half = 0;
      for (let r = 0; r < 30; r++) {
        const row = scoreBbqAnswers(replicate(), { seed: r, resamples: 1000 }).find(
          (x) => x.category === null && x.metric === 'ambiguous_bias',
        );
        half += ((row?.ci_high as number) - (row?.ci_low as number)) / 2 / 30;
      }
      for (const simulated of [1.96 * sd, half]) {
        expect(planned).toBeGreaterThanOrEqual(simulated);
        expect(planned).toBeLessThanOrEqual(1.5 * simulated);
      }
    }, 60_000);
  }
});
