/**
 * The explorer's pure query: BBQ answer classification from the stored facts, low candidate
 * mass, generic groupings, chart point -> query, and the round trip through the URL hash.
 */
import { describe, expect, it } from 'vitest';
import type { ChartPoint } from '../../../src/lib/charts/spec';
import type { TrialRecord } from '../../../src/lib/core/records';
import {
  classifyBbqAnswer,
  DEFAULT_MASS_THRESHOLD,
  EMPTY_QUERY,
  exploreHash,
  filterTrials,
  formatQuery,
  isLowMass,
  matchesOutcome,
  parseQuery,
  queryForPoint,
  queryFromHash,
  type ExplorerQuery,
} from '../../../src/lib/explorer/filter';
import { buildTrialFixture } from '../../doubles/records';

/** A BBQ trial: option 0 is biased, 1 the other person, 2 "unknown"; the correct answer is `label`. */
function bbqTrial(
  answer: string | null,
  o: {
    context?: string;
    label?: number;
    biased?: number | null;
    mass?: number;
    status?: 'ok' | 'failed';
    category?: string;
    model?: string;
    condition?: TrialRecord['condition'];
  } = {},
): TrialRecord {
  const failed = o.status === 'failed';
  return buildTrialFixture({
    benchmark: 'bbq',
    model: o.model ?? 'model-a',
    condition: o.condition ?? 'q',
    itemKey: `Age:${Math.random()}`,
    item: {
      category: o.category ?? 'Age',
      source_category: 'Age',
      example_id: 1,
      question_index: 1,
      context_condition: o.context ?? 'ambig',
      question_polarity: 'neg',
      label: o.label ?? 2,
      unknown: 2,
      biased: o.biased === undefined ? 0 : o.biased,
    },
    status: o.status ?? 'ok',
    answer: failed ? null : answer,
    probs: failed ? null : { a: 0.5, b: 0.3, c: 0.2 },
    raw: failed ? null : { a: 0.25, b: 0.15, c: 0.1 },
    mass: failed ? null : (o.mass ?? 0.9),
    error: failed ? { kind: 'server_error', message: 'server said 500' } : null,
  });
}

const q = (patch: Partial<ExplorerQuery>): ExplorerQuery => ({ ...EMPTY_QUERY, ...patch });

describe('BBQ outcome classification', () => {
  it('maps the answer letter to the option and compares with the stored biased / unknown options', () => {
    expect(classifyBbqAnswer(bbqTrial('a'))).toBe('biased');
    expect(classifyBbqAnswer(bbqTrial('b'))).toBe('counter_biased');
    expect(classifyBbqAnswer(bbqTrial('c'))).toBe('unknown');
    expect(classifyBbqAnswer(bbqTrial('b', { biased: 1 }))).toBe('biased');
    expect(classifyBbqAnswer(bbqTrial('a', { biased: 1 }))).toBe('counter_biased');
  });

  it('does not classify failed trials, items without a biased option, or other benchmarks', () => {
    expect(classifyBbqAnswer(bbqTrial(null, { status: 'failed' }))).toBeNull();
    expect(classifyBbqAnswer(bbqTrial('a', { biased: null }))).toBeNull();
    expect(classifyBbqAnswer(bbqTrial('c', { biased: null }))).toBe('unknown');
    expect(classifyBbqAnswer(buildTrialFixture())).toBeNull();
  });

  it('knows correct and wrong answers from the stored label', () => {
    expect(matchesOutcome(bbqTrial('c', { label: 2 }), 'correct', 0.5)).toBe(true);
    expect(matchesOutcome(bbqTrial('a', { label: 2 }), 'incorrect', 0.5)).toBe(true);
    expect(matchesOutcome(bbqTrial('a', { label: 2 }), 'correct', 0.5)).toBe(false);
    expect(matchesOutcome(buildTrialFixture(), 'incorrect', 0.5)).toBe(false);
  });
});

describe('low mass and failed', () => {
  it('counts only scored trials below the threshold', () => {
    expect(isLowMass(bbqTrial('a', { mass: 0.49 }), 0.5)).toBe(true);
    expect(isLowMass(bbqTrial('a', { mass: 0.5 }), 0.5)).toBe(false);
    expect(isLowMass(bbqTrial('a', { mass: 0.6 }), 0.7)).toBe(true);
    expect(isLowMass(bbqTrial(null, { status: 'failed' }), 0.5)).toBe(false);
    expect(matchesOutcome(bbqTrial(null, { status: 'failed' }), 'failed', 0.5)).toBe(true);
    expect(matchesOutcome(bbqTrial('a'), 'failed', 0.5)).toBe(false);
  });
});

describe('filterTrials', () => {
  const trials = [
    bbqTrial('a', { context: 'ambig', category: 'Age' }),
    bbqTrial('b', { context: 'disambig', category: 'Age', model: 'model-b' }),
    bbqTrial('c', { context: 'ambig', category: 'Religion', condition: 'q_if', mass: 0.2 }),
    bbqTrial(null, { status: 'failed', category: 'Religion' }),
    buildTrialFixture({ item: { occupation: 'nurse', version: 'female' } }),
    buildTrialFixture({ benchmark: 'admissions', item: { race: 'Black', sex: 'female', profile: 'p1' } }),
    buildTrialFixture({ runId: 'run-2' }),
  ];
  const count = (patch: Partial<ExplorerQuery>, run = 'run-1'): number => filterTrials(trials, q(patch), run).length;

  it('keeps to the run and combines filters', () => {
    expect(count({})).toBe(6);
    expect(count({}, 'run-2')).toBe(1);
    expect(count({ benchmark: 'bbq' })).toBe(4);
    expect(count({ benchmark: 'bbq', model: 'model-b' })).toBe(1);
    expect(count({ condition: 'q_if' })).toBe(1);
    expect(count({ context: 'ambig' })).toBe(3);
    expect(count({ polarity: 'nonneg' })).toBe(0);
    expect(count({ outcome: 'unknown' })).toBe(1);
    expect(count({ outcome: 'low_mass' })).toBe(1);
    expect(count({ outcome: 'low_mass', massBelow: 0.95 })).toBe(5);
    expect(count({ outcome: 'failed', category: 'Religion' })).toBe(1);
  });

  it("matches the category against each item's natural grouping", () => {
    expect(count({ category: 'Religion' })).toBe(2);
    expect(count({ category: 'nurse' })).toBe(1);
    expect(count({ occupation: 'nurse' })).toBe(1);
    expect(count({ category: 'Black' })).toBe(1);
    expect(count({ category: 'female' })).toBe(1);
  });
});

describe('chart point -> query', () => {
  const point: ChartPoint = {
    benchmark: 'bbq',
    model: 'm',
    condition: 'q_if',
    category: 'Age',
    metric: 'ambiguous_bias',
    value: 0.1,
    ci_low: null,
    ci_high: null,
    n: 10,
  };

  it('sets run, benchmark, model, condition, category and the BBQ context of the metric', () => {
    expect(queryForPoint(point, 'r1')).toEqual(
      q({ run: 'r1', benchmark: 'bbq', model: 'm', condition: 'q_if', category: 'Age', context: 'ambig' }),
    );
    expect(queryForPoint({ ...point, metric: 'disambiguated_accuracy', category: null }, 'r1')).toMatchObject({
      category: null,
      context: 'disambig',
    });
    expect(queryForPoint({ ...point, metric: 'candidate_mass' }, 'r1').context).toBeNull();
  });

  it("uses the point's own condition for a paired contrast, and the race of per-race admissions metrics", () => {
    expect(queryForPoint({ ...point, condition: 'q_if_cot', baseline: 'q' }, 'r1').condition).toBe('q_if_cot');
    expect(
      queryForPoint({ ...point, benchmark: 'admissions', metric: 'p_yes_black', category: null }, 'r1').category,
    ).toBe('Black');
  });
});

describe('URL round trip', () => {
  it('formats only what is set and reads it back', () => {
    const full = q({
      run: 'run 1&x',
      model: 'org/model:q4',
      benchmark: 'bbq',
      condition: 'q_if_cot',
      category: 'Race_x_SES',
      context: 'disambig',
      polarity: 'neg',
      occupation: 'nurse',
      outcome: 'low_mass',
      massBelow: 0.3,
      page: 4,
    });
    expect(parseQuery(formatQuery(full))).toEqual(full);
    expect(queryFromHash(exploreHash(full))).toEqual(full);
    expect(formatQuery(EMPTY_QUERY)).toBe('');
    expect(exploreHash(EMPTY_QUERY)).toBe('#/explore');
    expect(formatQuery(q({ run: 'r', model: 'm', condition: 'q' }))).toBe('run=r&model=m&condition=q');
  });

  it('drops malformed values and ignores other routes', () => {
    expect(parseQuery('benchmark=nope&condition=x&context=y&outcome=z&below=7&page=-2&model=')).toEqual(EMPTY_QUERY);
    expect(parseQuery('below=0.25').massBelow).toBe(0.25);
    expect(parseQuery('below=0').massBelow).toBe(DEFAULT_MASS_THRESHOLD);
    expect(queryFromHash('#/results')).toBeNull();
    expect(queryFromHash('#/explore')).toEqual(EMPTY_QUERY);
    expect(queryFromHash('#/explore?model=m')?.model).toBe('m');
  });
});
