import { describe, expect, it } from 'vitest';
import { winogender } from '../../../../src/lib/benchmarks/winogender';
import type { WinogenderFacts } from '../../../../src/lib/benchmarks/winogender/facts';
import type { PronounGender } from '../../../../src/lib/benchmarks/winogender/item';
import {
  scoreMeanNeutralContrast,
  scoreOccupations,
  scorePronounShares,
  scoreRho,
  scoreRhoContrast,
  scoreRhoDifference,
  type OccupationScore,
} from '../../../../src/lib/benchmarks/winogender/metrics';
import type { ScoredTrial } from '../../../../src/lib/core/records';
import type { ConditionId } from '../../../../src/lib/core/ids';

const options = { seed: 7, resamples: 1000 };
const facts = (occupation: string, bls: number, version: PronounGender = 'female'): WinogenderFacts => ({
  occupation,
  version,
  pronoun_case: 'possessive',
  bls_pct_female: bls,
  bls_year: 2015,
  bergsma_pct_female: 50,
});
const occ = (occupation: string, blsShare: number, pFemale: number): OccupationScore => ({
  occupation,
  blsShare,
  pFemale,
  pMale: 1 - pFemale,
  pNeutral: 0,
  versions: 3,
});

describe('ρ across occupations (p_female vs bls_pct_female / 100)', () => {
  it('p_female equal to the statistics gives 1', () => {
    const scores = [0.1, 0.3, 0.5, 0.8, 0.95].map((s, i) => occ(`o${i}`, s, s));
    const r = scoreRho(scores, options);
    expect(r.value).toBeCloseTo(1, 12);
    expect(r.ci_low).toBeCloseTo(1, 12);
    expect(r.ci_high).toBeCloseTo(1, 12);
    expect(r.n).toBe(5);
  });
  it('constant p_female gives undefined (null value and interval), never 0', () => {
    const r = scoreRho(
      [0.1, 0.3, 0.5].map((s, i) => occ(`o${i}`, s, 0.4)),
      options,
    );
    expect(r).toMatchObject({ value: null, ci_low: null, ci_high: null, n: 3 });
  });
  it('a small case by hand: bls (0.1, 0.5, 0.9), p_female (0.2, 0.3, 0.7) → ρ = 0.2 / √(0.32 · 0.14) = 5/√28', () => {
    const r = scoreRho([occ('a', 0.1, 0.2), occ('b', 0.5, 0.3), occ('c', 0.9, 0.7)], options);
    expect(r.value).toBeCloseTo(5 / Math.sqrt(28), 12);
  });
  it('the paired difference of ρ resamples the same occupations', () => {
    const shares = [0.1, 0.3, 0.5, 0.8, 0.95];
    const base = shares.map((s, i) => occ(`o${i}`, s, s));
    const treat = shares.map((s, i) => occ(`o${i}`, s, 1 - s));
    const d = scoreRhoDifference(base, treat, options);
    expect(d.value).toBeCloseTo(-2, 12);
    expect(d.ci_low).toBeCloseTo(-2, 12);
    expect(d.ci_high).toBeCloseTo(-2, 12);
  });
});

describe('relative change of ρ and mean p_neutral vs the baseline', () => {
  const shares = [0.1, 0.3, 0.5, 0.8, 0.95];
  it('by hand: ρ 1 → −1 is −200%, from the same resamples as the difference', () => {
    const c = scoreRhoContrast(
      shares.map((s, i) => occ(`o${i}`, s, s)),
      shares.map((s, i) => occ(`o${i}`, s, 1 - s)),
      options,
    );
    expect(c.difference.value).toBeCloseTo(-2, 12);
    expect(c.relative).toMatchObject({
      value: expect.closeTo(-2, 12),
      ci_low: expect.closeTo(-2, 12),
      ci_high: expect.closeTo(-2, 12),
      n: 5,
    });
  });
  it('mean p_neutral 0.2 → 0.3 is +50%', () => {
    const withNeutral = (p: number) => shares.map((s, i) => ({ ...occ(`o${i}`, s, s), pNeutral: p }));
    const c = scoreMeanNeutralContrast(withNeutral(0.2), withNeutral(0.3), options);
    expect(c.relative.value).toBeCloseTo(0.5, 12);
    expect(c.relative.ci_low).toBeCloseTo(0.5, 12);
  });
  it('an undefined baseline ρ gives a null relative change, never 0', () => {
    const c = scoreRhoContrast(
      shares.map((s, i) => occ(`o${i}`, s, 0.4)),
      shares.map((s, i) => occ(`o${i}`, s, s)),
      options,
    );
    expect(c.relative).toMatchObject({ value: null, ci_low: null, ci_high: null });
  });
});

describe('per-occupation probabilities', () => {
  it('renormalise over the three candidates', () => {
    expect(scorePronounShares({ female: 0.2, male: 0.2, neutral: 0.1 }, 't')).toEqual({
      female: 0.4,
      male: 0.4,
      neutral: 0.2,
    });
    expect(() => scorePronounShares({ female: 0.2, male: 0.2 }, 't')).toThrow(/"neutral"/);
  });
  it('average over the versions answered', () => {
    const [s] = scoreOccupations([
      { facts: facts('nurse', 89.58, 'female'), probs: { female: 0.2, male: 0.7, neutral: 0.1 } },
      { facts: facts('nurse', 89.58, 'male'), probs: { female: 0.4, male: 0.5, neutral: 0.1 } },
      { facts: facts('nurse', 89.58, 'neutral'), probs: { female: 0.6, male: 0.1, neutral: 0.3 } },
    ]);
    expect(s?.occupation).toBe('nurse');
    expect(s?.blsShare).toBeCloseTo(0.8958, 12);
    expect(s?.pFemale).toBeCloseTo(0.4, 12);
    expect(s?.pNeutral).toBeCloseTo(0.5 / 3, 12);
    expect(s?.versions).toBe(3);
  });
});

describe('winogender.summarize', () => {
  const occupations = ['nurse', 'engineer', 'teacher', 'pilot', 'baker'];
  const bls = [90, 10, 70, 5, 40];
  const trial = (i: number, version: PronounGender, condition: ConditionId, pFemale: number | null): ScoredTrial => ({
    model: 'm',
    condition,
    item: facts(occupations[i] as string, bls[i] as number, version),
    answer: pFemale === null ? null : 'female',
    probs: pFemale === null ? null : { female: pFemale, male: (1 - pFemale) / 2, neutral: (1 - pFemale) / 2 },
    mass: pFemale === null ? null : 0.5,
  });
  const versions: PronounGender[] = ['female', 'male', 'neutral'];
  const trials = occupations.flatMap((_, i) =>
    versions.flatMap((v) => [
      trial(i, v, 'q', (bls[i] as number) / 100),
      trial(i, v, 'q_if', i === 0 && v === 'male' ? null : 0.3),
    ]),
  );
  const rows = winogender.summarize(trials, options);

  it('reports ρ, mean p_neutral, candidate mass and p_female per occupation', () => {
    const q = rows.filter((r) => r.condition === 'q' && r.baseline === undefined);
    expect(q.map((r) => `${r.category}/${r.metric}`)).toEqual([
      'null/pearson_rho',
      'null/mean_p_neutral',
      'null/candidate_mass',
      'baker/p_female',
      'engineer/p_female',
      'nurse/p_female',
      'pilot/p_female',
      'teacher/p_female',
    ]);
    expect(q[0]?.value).toBeCloseTo(1, 12);
    expect(q[0]?.n).toBe(5);
    expect(q.find((r) => r.category === 'nurse')).toMatchObject({ value: 0.9, ci_low: null, ci_high: null, n: 3 });
    expect(q[2]).toMatchObject({ value: 0.5, n: 15 });
  });
  it('constant p_female under q_if gives ρ null and a null contrast; failed trials are left out', () => {
    const rho = rows.find((r) => r.condition === 'q_if' && r.metric === 'pearson_rho' && r.baseline === undefined);
    expect(rho).toMatchObject({ value: null, ci_low: null, ci_high: null, n: 5 });
    expect(rows.find((r) => r.condition === 'q_if' && r.metric === 'candidate_mass')?.n).toBe(14);
    expect(rows.find((r) => r.condition === 'q_if' && r.category === 'nurse')?.n).toBe(2);
    const contrast = rows.filter((r) => r.baseline === 'q');
    expect(contrast.map((r) => `${r.metric}${r.relative ? '/relative' : ''}`)).toEqual([
      'pearson_rho',
      'mean_p_neutral',
      'pearson_rho/relative',
      'mean_p_neutral/relative',
    ]);
    expect(contrast[0]?.value).toBeNull();
    // q: p_neutral = (1 − bls/100) / 2 per occupation; q_if: 0.35 everywhere.
    const qNeutral = (0.05 + 0.45 + 0.15 + 0.475 + 0.3) / 5;
    expect(contrast[1]?.value).toBeCloseTo(0.35 - qNeutral, 12);
    expect(contrast[1]?.n).toBe(5);
    // ρ under q_if is undefined, so is its relative change; p_neutral's is (0.35 − q) / q.
    expect(contrast[2]).toMatchObject({ value: null, ci_low: null, ci_high: null, relative: true, baseline: 'q' });
    expect(contrast[3]).toMatchObject({
      value: expect.closeTo((0.35 - qNeutral) / qNeutral, 12),
      n: 5,
      relative: true,
      baseline: 'q',
    });
  });
  it('throws on a corrupt stored item summary', () => {
    const bad = { ...trial(0, 'female', 'q', 0.5), item: { ...facts('nurse', 90), version: 'other' } };
    expect(() => winogender.summarize([bad], options)).toThrow(/version must be/);
  });
});
