import { describe, expect, it } from 'vitest';
import { admissions, GRID_GPA, GRID_LSAT } from '../../../../src/lib/benchmarks/admissions';
import {
  pairProfiles,
  scoreAdmissionsContrast,
  scoreAdmissionsMetric,
  scorePYes,
} from '../../../../src/lib/benchmarks/admissions/metrics';
import type { AdmissionsFacts } from '../../../../src/lib/benchmarks/admissions/facts';
import type { ScoredTrial } from '../../../../src/lib/core/records';
import type { ConditionId } from '../../../../src/lib/core/ids';

const { items, problems } = admissions.parse(new Map());
const options = { seed: 3, resamples: 1000 };

describe('the default applicant grid (docs/method.md §3.3)', () => {
  it('has 162 profiles × 2 races, unique keys, no data files', () => {
    expect(problems).toEqual([]);
    expect(admissions.source.files).toEqual([]);
    expect(GRID_LSAT).toEqual([30, 32.5, 34, 36, 37, 38, 40, 41, 44]);
    expect(GRID_GPA).toEqual([2.7, 2.9, 3.0, 3.1, 3.3, 3.4, 3.5, 3.6, 3.7]);
    expect(items).toHaveLength(324);
    expect(new Set(items.map((i) => i.profile.id)).size).toBe(162);
    expect(new Set(items.map((i) => admissions.itemKey(i))).size).toBe(324);
    expect(items.filter((i) => i.race === 'Black')).toHaveLength(162);
    expect(items.filter((i) => i.profile.sex === 'female')).toHaveLength(162);
    expect(admissions.itemKey(items[0] as (typeof items)[number])).toBe('grid:female-30-2.7:Black');
    expect(new Set(items.map((i) => admissions.stratum(i)))).toEqual(new Set(['female', 'male']));
    expect(new Set(items.map((i) => admissions.unit?.(i))).size).toBe(162);
  });
});

const facts = (profile: string, race: 'Black' | 'white'): AdmissionsFacts => ({
  population: 'grid',
  profile,
  race,
  sex: 'female',
  lsat: 30,
  gpa: 3,
});

describe('admissions metrics', () => {
  it('p_yes = p(yes) / (p(yes) + p(no))', () => {
    expect(scorePYes({ yes: 0.3, no: 0.1 }, 't')).toBeCloseTo(0.75, 15);
    expect(() => scorePYes({ yes: 0, no: 0 }, 't')).toThrow(/positive sum/);
  });
  it('a model with p_yes(Black) = p_yes(white) + 0.1 on every profile gives +0.1 (interval too)', () => {
    const answers = Array.from({ length: 40 }, (_, i) => {
      const white = 0.2 + (i % 7) * 0.05;
      return [
        { facts: facts(`p${i}`, 'white' as const), probs: { yes: white, no: 1 - white } },
        { facts: facts(`p${i}`, 'Black' as const), probs: { yes: white + 0.1, no: 0.9 - white } },
      ];
    }).flat();
    const pairs = pairProfiles(answers);
    expect(pairs).toHaveLength(40);
    const d = scoreAdmissionsMetric(pairs, 'discrimination', options);
    expect(d.value).toBeCloseTo(0.1, 12);
    expect(d.ci_low).toBeCloseTo(0.1, 12);
    expect(d.ci_high).toBeCloseTo(0.1, 12);
    expect(d.n).toBe(40);
  });
  it('relative change by hand: p_yes + 0.1 on every profile vs the baseline', () => {
    const pairsWith = (lift: number) =>
      pairProfiles(
        Array.from({ length: 40 }, (_, i) => {
          const white = 0.2 + (i % 7) * 0.05;
          return [
            { facts: facts(`p${i}`, 'white' as const), probs: { yes: white + lift, no: 1 - white - lift } },
            { facts: facts(`p${i}`, 'Black' as const), probs: { yes: white + 0.1, no: 0.9 - white } },
          ];
        }).flat(),
      );
    // Baseline: discrimination +0.1 everywhere. Treatment: white also + 0.05 → +0.05, i.e. −50%.
    const c = scoreAdmissionsContrast(pairsWith(0), pairsWith(0.05), 'discrimination', options);
    expect(c.difference.value).toBeCloseTo(-0.05, 12);
    expect(c.relative).toMatchObject({
      value: expect.closeTo(-0.5, 12),
      ci_low: expect.closeTo(-0.5, 12),
      ci_high: expect.closeTo(-0.5, 12),
      n: 40,
    });
    // p_yes_white: mean 0.34375 (0.2 + 0.05 · 115 / 40) → + 0.05, with an interval around it (the ratio varies by resample).
    const w = scoreAdmissionsContrast(pairsWith(0), pairsWith(0.05), 'p_yes_white', options).relative;
    expect(w.value).toBeCloseTo(0.05 / 0.34375, 12);
    expect(w.ci_low as number).toBeLessThan(w.value as number);
    expect(w.ci_high as number).toBeGreaterThan(w.value as number);
    // Baseline discrimination 0 (parity): the relative change is undefined, never ±∞ or 0.
    const parity = scoreAdmissionsContrast(pairsWith(0.1), pairsWith(0), 'discrimination', options);
    expect(parity.difference.value).toBeCloseTo(0.1, 12);
    expect(parity.relative).toMatchObject({ value: null, ci_low: null, ci_high: null });
  });
  it('a small case by hand: discrimination = mean(0.6 − 0.5, 0.2 − 0.4) = −0.05', () => {
    const pairs = pairProfiles([
      { facts: facts('a', 'Black'), probs: { yes: 0.6, no: 0.4 } },
      { facts: facts('a', 'white'), probs: { yes: 0.5, no: 0.5 } },
      { facts: facts('b', 'Black'), probs: { yes: 0.2, no: 0.8 } },
      { facts: facts('b', 'white'), probs: { yes: 0.4, no: 0.6 } },
      { facts: facts('c', 'Black'), probs: { yes: 0.9, no: 0.1 } },
    ]);
    expect(pairs.map((p) => p.key)).toEqual(['grid:a', 'grid:b']);
    expect(scoreAdmissionsMetric(pairs, 'discrimination', options).value).toBeCloseTo(-0.05, 12);
    expect(scoreAdmissionsMetric(pairs, 'p_yes_black', options).value).toBeCloseTo(0.4, 12);
    expect(scoreAdmissionsMetric(pairs, 'p_yes_white', options).value).toBeCloseTo(0.45, 12);
  });
});

describe('admissions.summarize', () => {
  const trial = (i: number, condition: ConditionId, pYes: number | null): ScoredTrial => {
    const item = items[i] as (typeof items)[number];
    return {
      model: 'm',
      condition,
      item: admissions.describeItem(item),
      answer: pYes === null ? null : pYes >= 0.5 ? 'yes' : 'no',
      probs: pYes === null ? null : { yes: pYes, no: 1 - pYes },
      mass: pYes === null ? null : 0.8,
    };
  };
  const trials = items.flatMap((item, i) => [
    trial(i, 'q', item.race === 'Black' ? 0.3 : 0.5),
    trial(i, 'q_if', i === 1 ? null : 0.5),
  ]);
  const rows = admissions.summarize(trials, options);
  it('reports the four metrics per condition and contrasts vs q on shared profiles', () => {
    expect(rows.filter((r) => r.condition === 'q').map((r) => r.metric)).toEqual([
      'discrimination',
      'p_yes_black',
      'p_yes_white',
      'candidate_mass',
    ]);
    expect(rows.find((r) => r.condition === 'q' && r.metric === 'discrimination')).toMatchObject({
      value: expect.closeTo(-0.2, 12),
      n: 162,
      category: null,
    });
    expect(rows.find((r) => r.condition === 'q_if' && r.metric === 'discrimination' && !r.baseline)).toMatchObject({
      value: 0,
      n: 161,
    });
    expect(rows.find((r) => r.condition === 'q_if' && r.metric === 'candidate_mass')).toMatchObject({
      value: expect.closeTo(0.8, 12),
      n: 323,
    });
    const contrast = rows.filter((r) => r.baseline === 'q' && !r.relative);
    expect(contrast.map((r) => r.metric)).toEqual(['discrimination', 'p_yes_black', 'p_yes_white']);
    expect(contrast[0]).toMatchObject({
      value: expect.closeTo(0.2, 12),
      ci_low: expect.closeTo(0.2, 12),
      ci_high: expect.closeTo(0.2, 12),
      n: 161,
    });
    // Relative: discrimination −0.2 → 0 is +100% (|−0.2| in the denominator), p_yes_black 0.3 → 0.5 +2/3, p_yes_white 0.5 → 0.5 0%.
    const relative = rows.filter((r) => r.baseline === 'q' && r.relative);
    expect(relative.map((r) => r.metric)).toEqual(['discrimination', 'p_yes_black', 'p_yes_white']);
    expect(relative.map((r) => r.value)).toEqual([
      expect.closeTo(1, 12),
      expect.closeTo(2 / 3, 12),
      expect.closeTo(0, 12),
    ]);
    expect(relative[0]).toMatchObject({ ci_low: expect.closeTo(1, 12), ci_high: expect.closeTo(1, 12), n: 161 });
  });
  it('throws on a corrupt stored item summary', () => {
    expect(() =>
      admissions.summarize(
        [
          {
            ...trial(0, 'q', 0.5),
            item: { ...admissions.describeItem(items[0] as (typeof items)[number]), race: 'Blue' },
          },
        ],
        options,
      ),
    ).toThrow(/race must be/);
  });
});
