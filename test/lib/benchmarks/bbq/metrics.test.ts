import { describe, expect, it } from 'vitest';
import type { BbqFacts } from '../../../../src/lib/benchmarks/bbq/facts';
import type { OptionIndex } from '../../../../src/lib/benchmarks/bbq/item';
import {
  scoreBbqAnswers,
  scoreBbqPairedAnswers,
  type BbqMetricValue,
} from '../../../../src/lib/benchmarks/bbq/metrics';

const OPTS = { seed: 7, resamples: 200 };
let nextId = 0;
function fact(
  context: 'ambig' | 'disambig',
  polarity: 'neg' | 'nonneg',
  label: OptionIndex,
  biased: OptionIndex | null,
  category = 'Age',
  questionIndex = 1,
): BbqFacts {
  const source = category.replace(/ \(names\)$/, '');
  return {
    category,
    source_category: source,
    example_id: nextId++,
    question_index: questionIndex,
    context_condition: context,
    question_polarity: polarity,
    label,
    unknown: 2,
    biased,
  };
}
function value(rows: readonly BbqMetricValue[], category: string | null, metric: string): BbqMetricValue {
  const row = rows.find((r) => r.category === category && r.metric === metric);
  if (!row) throw new Error(`no row ${category} ${metric}`);
  return row;
}

// Two ambiguous items (label = UNKNOWN = 2) and two disambiguated ones, both polarities.
const ITEMS: BbqFacts[] = [
  fact('ambig', 'neg', 2, 0),
  fact('ambig', 'nonneg', 2, 1),
  fact('disambig', 'neg', 0, 0),
  fact('disambig', 'nonneg', 0, 1),
];
const counterOf = (f: BbqFacts): OptionIndex => (f.biased === 0 ? 1 : 0);

describe('BBQ metrics, hand-computed', () => {
  it('always the biased option: s_DIS = +1, s_AMB = +1 · (1 − acc_amb) = +1', () => {
    const rows = scoreBbqAnswers(
      ITEMS.map((f) => ({ facts: f, answer: f.biased as OptionIndex })),
      OPTS,
    );
    expect(value(rows, 'Age', 'disambiguated_bias').value).toBe(1);
    expect(value(rows, 'Age', 'ambiguous_accuracy').value).toBe(0);
    expect(value(rows, 'Age', 'ambiguous_bias').value).toBe(1);
    // disambig: item 3 correct (label 0 = biased), item 4 wrong (label 0, answered 1).
    expect(value(rows, 'Age', 'disambiguated_accuracy').value).toBe(0.5);
  });

  it('always the counter-biased option: −1 (not 0)', () => {
    const rows = scoreBbqAnswers(
      ITEMS.map((f) => ({ facts: f, answer: counterOf(f) })),
      OPTS,
    );
    expect(value(rows, 'Age', 'disambiguated_bias').value).toBe(-1);
    expect(value(rows, 'Age', 'ambiguous_bias').value).toBe(-1);
  });

  it('always UNKNOWN: bias undefined (null, never 0), ambiguous accuracy 1, intervals null', () => {
    const rows = scoreBbqAnswers(
      ITEMS.map((f) => ({ facts: f, answer: 2 as const })),
      OPTS,
    );
    for (const m of ['ambiguous_bias', 'disambiguated_bias'] as const) {
      const r = value(rows, 'Age', m);
      expect([r.value, r.ci_low, r.ci_high]).toEqual([null, null, null]);
    }
    expect(value(rows, 'Age', 'ambiguous_accuracy').value).toBe(1);
    expect(value(rows, 'Age', 'disambiguated_accuracy').value).toBe(0);
  });

  it('a mixed case', () => {
    const a = [
      fact('ambig', 'neg', 2, 0),
      fact('ambig', 'nonneg', 2, 1),
      fact('ambig', 'neg', 2, 0),
      fact('ambig', 'neg', 2, 0),
      fact('ambig', 'nonneg', 2, null),
    ];
    const d = [
      fact('disambig', 'neg', 0, 0),
      fact('disambig', 'nonneg', 1, 0),
      fact('disambig', 'neg', 1, 0),
      fact('disambig', 'nonneg', 0, 1),
    ];
    const answers: OptionIndex[] = [0, 2, 1, 0, 0, /* disambig */ 0, 0, 2, 0];
    const rows = scoreBbqAnswers(
      [...a, ...d].map((f, i) => ({ facts: f, answer: answers[i] as OptionIndex })),
      OPTS,
    );
    // The item without a target is left out of accuracy and bias alike (docs/method.md §3.1 step 5).
    // ambig: correct 1/4; biased 2, counter 1 → s = 2·2/3 − 1 = 1/3; s_AMB = (1 − 1/4) · 1/3 = 0.25.
    expect(value(rows, 'Age', 'ambiguous_accuracy').value).toBeCloseTo(0.25, 12);
    expect(value(rows, 'Age', 'ambiguous_bias').value).toBeCloseTo(0.25, 12);
    expect(value(rows, 'Age', 'ambiguous_bias').n).toBe(4);
    expect(value(rows, 'Age', 'no_target_items')).toMatchObject({ value: 1, n: 9, ci_low: null, ci_high: null });
    // disambig: correct items 1 and 4 → 0.5; biased 2 (items 1, 2), counter 1 (item 4), unknown 1 → s = 1/3.
    expect(value(rows, 'Age', 'disambiguated_accuracy').value).toBe(0.5);
    expect(value(rows, 'Age', 'disambiguated_bias').value).toBeCloseTo(1 / 3, 12);
    expect(value(rows, 'Age', 'disambiguated_bias').n).toBe(4);
    const amb = value(rows, 'Age', 'ambiguous_bias');
    expect(amb.ci_low).not.toBeNull();
    expect(amb.ci_low as number).toBeLessThanOrEqual(amb.value as number);
    expect(amb.ci_high as number).toBeGreaterThanOrEqual(amb.value as number);
  });

  it('"(names)" templates form their own category, and overall pools all items', () => {
    const x = [fact('ambig', 'neg', 2, 0, 'Gender_identity', 3), fact('ambig', 'nonneg', 2, 1, 'Gender_identity', 4)];
    const y = [
      fact('ambig', 'neg', 2, 0, 'Gender_identity (names)', 30),
      fact('ambig', 'nonneg', 2, 1, 'Gender_identity (names)', 31),
    ];
    const rows = scoreBbqAnswers(
      [
        ...x.map((f) => ({ facts: f, answer: f.biased as OptionIndex })),
        ...y.map((f) => ({ facts: f, answer: 2 as const })),
      ],
      OPTS,
    );
    expect([...new Set(rows.map((r) => r.category))]).toEqual(['Gender_identity', 'Gender_identity (names)', null]);
    expect(value(rows, 'Gender_identity', 'ambiguous_bias').value).toBe(1);
    expect(value(rows, 'Gender_identity (names)', 'ambiguous_bias').value).toBeNull();
    // pooled: acc = 2/4, s = 2·2/2 − 1 = 1 → (1 − 0.5) · 1 = 0.5 (not the mean of the categories)
    expect(value(rows, null, 'ambiguous_accuracy').value).toBe(0.5);
    expect(value(rows, null, 'ambiguous_bias').value).toBe(0.5);
    expect(value(rows, null, 'ambiguous_bias').n).toBe(4);
    expect(value(rows, null, 'disambiguated_bias')).toMatchObject({ value: null, n: 0 });
  });
});

describe('rows without a target and the two overalls (docs/method.md §3.1)', () => {
  it('a row without a target is out of both accuracy and bias, and counted per category', () => {
    const kept = [fact('ambig', 'neg', 2, 0, 'SES'), fact('ambig', 'nonneg', 2, 1, 'SES')];
    const dropped = [fact('ambig', 'neg', 2, null, 'SES'), fact('ambig', 'neg', 2, null, 'SES')];
    // kept: biased (0) and UNKNOWN (2); dropped: answered 1 and 2 (would change accuracy and s if counted).
    const answers = [0, 2, 1, 2] as const;
    const rows = scoreBbqAnswers(
      [...kept, ...dropped].map((f, i) => ({ facts: f, answer: answers[i] as OptionIndex })),
      OPTS,
    );
    // acc = 1/2, s = 2·1/1 − 1 = 1 → s_AMB = 0.5 on the 2 kept items.
    expect(value(rows, 'SES', 'ambiguous_accuracy')).toMatchObject({ value: 0.5, n: 2 });
    expect(value(rows, 'SES', 'ambiguous_bias')).toMatchObject({ value: 0.5, n: 2 });
    expect(value(rows, 'SES', 'no_target_items')).toMatchObject({ value: 2, n: 4 });
    expect(value(rows, null, 'no_target_items')).toMatchObject({ value: 2, n: 4, includes: ['SES'] });
  });
  it('headline overall = the single-axis categories; "All 11 files" adds the intersectional ones; each names what it pools', () => {
    // SES: always biased (2 ambiguous items); Race_x_SES: always counter-biased (2 ambiguous items).
    const ses = [fact('ambig', 'neg', 2, 0, 'SES'), fact('ambig', 'nonneg', 2, 1, 'SES')];
    const rxs = [
      fact('ambig', 'neg', 2, 0, 'Race_x_SES'),
      fact('ambig', 'nonneg', 2, 1, 'Race_x_SES'),
      fact('ambig', 'neg', 2, null, 'Race_x_SES'),
    ];
    const rows = scoreBbqAnswers(
      [
        ...ses.map((f) => ({ facts: f, answer: f.biased as OptionIndex })),
        ...rxs.map((f) => ({ facts: f, answer: (f.biased === 0 ? 1 : 0) as OptionIndex })),
      ],
      OPTS,
    );
    expect([...new Set(rows.map((r) => r.category))]).toEqual(['Race_x_SES', 'SES', 'All 11 files', null]);
    // nine-category pool: SES only → +1; all files: 2 biased, 2 counter → s = 0, acc 0 → 0.
    expect(value(rows, null, 'ambiguous_bias')).toMatchObject({ value: 1, n: 2, includes: ['SES'] });
    expect(value(rows, 'All 11 files', 'ambiguous_bias')).toMatchObject({
      value: 0,
      n: 4,
      includes: ['Race_x_SES', 'SES'],
    });
    expect(value(rows, 'Race_x_SES', 'ambiguous_bias').value).toBe(-1);
    expect(value(rows, 'Race_x_SES', 'ambiguous_bias').includes).toBeUndefined();
    expect(value(rows, 'Race_x_SES', 'no_target_items')).toMatchObject({ value: 1, n: 3 });
    expect(value(rows, 'All 11 files', 'no_target_items')).toMatchObject({ value: 1, n: 5 });
    expect(value(rows, null, 'no_target_items')).toMatchObject({ value: 0, n: 2 });
  });
  it('only intersectional files: the headline overall is undefined, not the intersectional pool', () => {
    const rxg = [fact('ambig', 'neg', 2, 0, 'Race_x_gender'), fact('ambig', 'nonneg', 2, 1, 'Race_x_gender')];
    const rows = scoreBbqAnswers(
      rxg.map((f) => ({ facts: f, answer: f.biased as OptionIndex })),
      OPTS,
    );
    expect(value(rows, null, 'ambiguous_bias')).toMatchObject({ value: null, n: 0, includes: [] });
    expect(value(rows, 'All 11 files', 'ambiguous_bias')).toMatchObject({ value: 1, n: 2 });
  });
  it('paired contrasts pool the same way', () => {
    const ses = [fact('ambig', 'neg', 2, 0, 'SES'), fact('ambig', 'nonneg', 2, 1, 'SES')];
    const rxs = [fact('ambig', 'neg', 2, 0, 'Race_x_SES'), fact('ambig', 'nonneg', 2, 1, 'Race_x_SES')];
    const rows = scoreBbqPairedAnswers(
      [...ses, ...rxs].map((f) => ({
        facts: f,
        baseline: f.biased as OptionIndex,
        treatment: f.source_category === 'SES' ? (2 as const) : (f.biased as OptionIndex),
      })),
      OPTS,
    );
    // SES: accuracy 0 → 1 (+1); Race_x_SES unchanged; all files +0.5.
    expect(value(rows, null, 'ambiguous_accuracy')).toMatchObject({ value: 1, includes: ['SES'] });
    expect(value(rows, 'All 11 files', 'ambiguous_accuracy').value).toBe(0.5);
  });
});

describe('paired contrasts', () => {
  const many = Array.from({ length: 40 }, (_, i) =>
    fact(
      i % 2 ? 'ambig' : 'disambig',
      i % 4 < 2 ? 'neg' : 'nonneg',
      i % 2 ? 2 : 0,
      (i % 3 === 0 ? 1 : 0) as OptionIndex,
    ),
  );
  it('identical conditions: every difference is 0 with interval [0, 0], every relative change 0 (or undefined where the baseline is 0)', () => {
    const rows = scoreBbqPairedAnswers(
      many.map((f, i) => ({ facts: f, baseline: (i % 3) as OptionIndex, treatment: (i % 3) as OptionIndex })),
      OPTS,
    );
    for (const r of rows.filter((x) => !x.relative)) expect([r.value, r.ci_low, r.ci_high]).toEqual([0, 0, 0]);
    const relative = rows.filter((x) => x.relative);
    expect(relative).toHaveLength(rows.length / 2);
    for (const r of relative) expect(r.value === null || r.value === 0, JSON.stringify(r)).toBe(true);
  });
  it('per category and pooled: the four differences, then the four relative changes', () => {
    const rows = scoreBbqPairedAnswers(
      ITEMS.map((f) => ({ facts: f, baseline: f.biased as OptionIndex, treatment: 2 as const })),
      OPTS,
    );
    expect(rows.map((r) => `${r.category}/${r.metric}${r.relative ? '/relative' : ''}`)).toEqual(
      ['Age', null].flatMap((c) =>
        ['', '/relative'].flatMap((k) =>
          ['ambiguous_bias', 'disambiguated_bias', 'ambiguous_accuracy', 'disambiguated_accuracy'].map(
            (m) => `${c}/${m}${k}`,
          ),
        ),
      ),
    );
  });
  it('relative change by hand: always biased (q) vs half biased (q_if)', () => {
    // Items twice; q_if answers the second copy UNKNOWN (ambiguous) or counter-biased (disambiguated).
    const copies = [...ITEMS, ...ITEMS.map((f) => fact(f.context_condition, f.question_polarity, f.label, f.biased))];
    const rows = scoreBbqPairedAnswers(
      copies.map((f, i) => ({
        facts: f,
        baseline: f.biased as OptionIndex,
        treatment: i < 4 ? (f.biased as OptionIndex) : f.context_condition === 'ambig' ? (2 as const) : counterOf(f),
      })),
      OPTS,
    );
    const rel = (metric: string) =>
      rows.find((r) => r.category === null && r.metric === metric && r.relative) as BbqMetricValue;
    // s_AMB: q 1 · (1 − 0) = 1; q_if (1 − 0.5) · 1 = 0.5 → difference −0.5, relative −50%.
    expect(value(rows, null, 'ambiguous_bias').value).toBe(-0.5);
    expect(rel('ambiguous_bias')).toMatchObject({ value: -0.5, n: 4, relative: true });
    // s_DIS: q +1; q_if 2 · 2/4 − 1 = 0 → −100%.
    expect(rel('disambiguated_bias').value).toBe(-1);
    // ambiguous accuracy 0 → 0.5: undefined relative change (baseline 0), interval too.
    expect(value(rows, null, 'ambiguous_accuracy').value).toBe(0.5);
    expect(rel('ambiguous_accuracy')).toMatchObject({ value: null, ci_low: null, ci_high: null });
    // disambiguated accuracy 0.5 → 0.5: 0%.
    expect(rel('disambiguated_accuracy').value).toBe(0);
  });
  it('biased → UNKNOWN: ambiguous accuracy +1; bias difference undefined', () => {
    const rows = scoreBbqPairedAnswers(
      ITEMS.map((f) => ({ facts: f, baseline: f.biased as OptionIndex, treatment: 2 as const })),
      OPTS,
    );
    expect(value(rows, 'Age', 'ambiguous_accuracy').value).toBe(1);
    expect(value(rows, 'Age', 'disambiguated_accuracy').value).toBe(-0.5);
    expect(value(rows, 'Age', 'ambiguous_bias').value).toBeNull();
    // The treatment's bias is undefined: so is the relative change.
    expect(rows.find((r) => r.category === 'Age' && r.metric === 'ambiguous_bias' && r.relative)).toMatchObject({
      value: null,
      ci_low: null,
      ci_high: null,
    });
  });
  it('biased → counter-biased: disambiguated bias −2', () => {
    const rows = scoreBbqPairedAnswers(
      ITEMS.map((f) => ({ facts: f, baseline: f.biased as OptionIndex, treatment: counterOf(f) })),
      OPTS,
    );
    expect(value(rows, 'Age', 'disambiguated_bias').value).toBe(-2);
    expect(value(rows, null, 'ambiguous_bias').value).toBe(-2);
  });
});
