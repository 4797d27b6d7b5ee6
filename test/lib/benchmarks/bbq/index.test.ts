import { describe, expect, it } from 'vitest';
import { bbq } from '../../../../src/lib/benchmarks/bbq';
import type { ScoredTrial } from '../../../../src/lib/core/records';
import { BBQ_SOURCE } from '../../../../src/lib/benchmarks/bbq/source';
import { getBenchmark, BENCHMARKS } from '../../../../src/lib/benchmarks/registry';
import type { ConditionId } from '../../../../src/lib/core/ids';
import { readData } from '../../../data-dir';
import { sampleBenchmark } from '../../../../src/lib/runner/plan';

const text = readData('bbq/data/Religion.jsonl');
const { items } = bbq.parse(new Map([['Religion.jsonl', text]]));

describe('bbq benchmark object', () => {
  it('pins the 11 upstream files and the two intersectional template CSVs at the commit', () => {
    expect(BBQ_SOURCE.commit).toBe('bea11bd97d79217245b5871acd247b9d6eb24598');
    expect(BBQ_SOURCE.files).toHaveLength(13);
    expect(BBQ_SOURCE.files.filter((f) => f.path.startsWith('templates/')).map((f) => [f.path, f.sha1])).toEqual([
      ['templates/new_templates - Race_x_gender.csv', '07f9d7333c91fcf7b0913fb8e16e505717799d2f'],
      ['templates/new_templates - Race_x_SES.csv', 'cd3f1224d8d071f4aa0061672dee8ab847394db3'],
    ]);
    expect(BBQ_SOURCE.files.find((f) => f.name === 'Race_x_SES.jsonl')?.sha1).toBe(
      '905cd8a5b8734e2063fe524e69a38f0a71c75907',
    );
    expect(new Set(BBQ_SOURCE.files.map((f) => f.name)).size).toBe(13);
  });
  it('item keys are unique, strata are templates (category × question_index), spread over context × polarity', () => {
    expect(new Set(items.map((i) => bbq.itemKey(i))).size).toBe(items.length);
    expect(new Set(items.map((i) => bbq.stratum(i)))).toEqual(
      new Set(Array.from({ length: 25 }, (_, i) => `Religion|${i + 1}`)),
    );
    expect(new Set(items.map((i) => bbq.spread?.(i)))).toEqual(
      new Set(['ambig|neg', 'ambig|nonneg', 'disambig|neg', 'disambig|nonneg']),
    );
  });
  it('a sample covers as many templates as it can, then every context × polarity of each (seeded, deterministic)', () => {
    for (const size of [10, 25, 60, 100]) {
      const chosen = sampleBenchmark(bbq, items, size, 7);
      expect(chosen).toEqual(sampleBenchmark(bbq, items, size, 7));
      expect(chosen).toHaveLength(size);
      const templates = new Map<number, Set<string>>();
      for (const i of chosen)
        templates.set(
          i.questionIndex,
          (templates.get(i.questionIndex) ?? new Set()).add(`${i.contextCondition}|${i.polarity}`),
        );
      expect(templates.size, `size ${size}`).toBe(Math.min(size, 25));
      // Religion's templates hold 48 items each: k items of one template cover min(k, 4) classes.
      const perTemplate = new Map<number, number>();
      for (const i of chosen) perTemplate.set(i.questionIndex, (perTemplate.get(i.questionIndex) ?? 0) + 1);
      for (const [q, k] of perTemplate)
        expect(templates.get(q)?.size, `size ${size} template ${q}`).toBe(Math.min(k, 4));
    }
    expect(sampleBenchmark(bbq, items, 60, 8)).not.toEqual(sampleBenchmark(bbq, items, 60, 7));
  });
  it('describeItem holds what the metrics need', () => {
    expect(bbq.describeItem(items[0] as (typeof items)[number])).toEqual({
      category: 'Religion',
      source_category: 'Religion',
      example_id: 0,
      question_index: 1,
      context_condition: 'ambig',
      question_polarity: 'neg',
      label: items[0]?.label,
      unknown: items[0]?.unknown,
      biased: items[0]?.biased,
    });
  });
  it('is registered', () => {
    expect(getBenchmark('bbq')).toBe(bbq);
    expect(BENCHMARKS.map((b) => b.id)).toEqual(['bbq', 'winogender', 'admissions']);
  });
});

describe('bbq.summarize', () => {
  const letters = ['a', 'b', 'c'] as const;
  const trial = (i: number, condition: ConditionId, pick: 'biased' | 'unknown' | 'failed'): ScoredTrial => {
    const it = items[i] as (typeof items)[number];
    const option = pick === 'biased' ? (it.biased as number) : it.unknown;
    return {
      model: 'm',
      condition,
      item: bbq.describeItem(it),
      answer: pick === 'failed' ? null : (letters[option] as string),
      probs: null,
      mass: pick === 'failed' ? null : 0.5 + (i % 2) * 0.25,
    };
  };
  const sample = Array.from({ length: 40 }, (_, i) => i);
  const trials = [
    ...sample.map((i) => trial(i, 'q', 'biased')),
    ...sample.map((i) => trial(i, 'q_if', i === 0 ? 'failed' : 'unknown')),
  ];
  const rows = bbq.summarize(trials, { seed: 0, resamples: 200 });

  it('reports the four metrics per category and overall for each condition, and candidate mass', () => {
    const q = rows.filter((r) => r.condition === 'q' && r.baseline === undefined);
    expect(q.map((r) => `${r.category}/${r.metric}`)).toEqual([
      'Religion/ambiguous_bias',
      'Religion/disambiguated_bias',
      'Religion/ambiguous_accuracy',
      'Religion/disambiguated_accuracy',
      'null/ambiguous_bias',
      'null/disambiguated_bias',
      'null/ambiguous_accuracy',
      'null/disambiguated_accuracy',
      'Religion/no_target_items',
      'null/no_target_items',
      'null/candidate_mass',
      'null/answer_share_a',
      'null/answer_share_b',
      'null/answer_share_c',
    ]);
    expect(q.find((r) => r.category === null && r.metric === 'ambiguous_bias')?.includes).toEqual(['Religion']);
    expect(q.find((r) => r.metric === 'disambiguated_bias')?.value).toBe(1);
    expect(q.find((r) => r.metric === 'candidate_mass')).toMatchObject({ value: 0.625, n: 40 });
  });
  it('leaves failed trials out and pairs conditions vs q on shared items', () => {
    const mass = rows.find((r) => r.condition === 'q_if' && r.metric === 'candidate_mass');
    expect(mass?.n).toBe(39);
    const paired = rows.filter(
      (r) => r.baseline === 'q' && r.condition === 'q_if' && r.category === null && !r.relative,
    );
    expect(paired.map((r) => r.metric)).toEqual([
      'ambiguous_bias',
      'disambiguated_bias',
      'ambiguous_accuracy',
      'disambiguated_accuracy',
    ]);
    expect(paired.find((r) => r.metric === 'ambiguous_accuracy')).toMatchObject({ value: 1, ci_low: 1, ci_high: 1 });
    expect(paired.find((r) => r.metric === 'ambiguous_bias')?.value).toBeNull();
    expect(
      paired.reduce(
        (n, r) => (r.metric === 'ambiguous_accuracy' || r.metric === 'disambiguated_accuracy' ? n + r.n : n),
        0,
      ),
    ).toBe(39);
    // Relative changes on the same items, biased → UNKNOWN: both biases undefined under q_if, and
    // ambiguous accuracy 0 under q (nothing to divide by), so those three are undefined;
    // disambiguated accuracy 0.5 → 0 is −100% on every resample.
    const relative = rows.filter(
      (r) => r.baseline === 'q' && r.condition === 'q_if' && r.category === null && r.relative,
    );
    expect(relative.map((r) => [r.metric, r.value, r.ci_low, r.ci_high])).toEqual([
      ['ambiguous_bias', null, null, null],
      ['disambiguated_bias', null, null, null],
      ['ambiguous_accuracy', null, null, null],
      ['disambiguated_accuracy', -1, -1, -1],
    ]);
    expect(relative.map((r) => r.n)).toEqual(paired.map((r) => r.n));
    for (const r of relative)
      expect(r, r.metric).toMatchObject({ benchmark: 'bbq', model: 'm', baseline: 'q', relative: true });
  });
  it('still reads trials stored under version 1.0.0 (same facts; a row without a target is left out)', () => {
    const old = {
      ...trial(1, 'q', 'biased'),
      item: { ...bbq.describeItem(items[1] as (typeof items)[number]), biased: null },
    };
    const out = bbq.summarize([old, trial(2, 'q', 'biased')], { seed: 0, resamples: 10 });
    expect(out.find((r) => r.category === null && r.metric === 'no_target_items')).toMatchObject({ value: 1, n: 2 });
  });
  it('throws on a corrupt stored item summary', () => {
    const bad = {
      ...trial(1, 'q', 'biased'),
      item: { ...bbq.describeItem(items[1] as (typeof items)[number]), label: 5 },
    };
    expect(() => bbq.summarize([bad], { seed: 0, resamples: 10 })).toThrow(/label must be 0, 1 or 2/);
  });
});
