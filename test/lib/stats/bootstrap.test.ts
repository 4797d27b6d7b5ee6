import { describe, expect, it } from 'vitest';
import { bootstrap, bootstrapMean, bootstrapPairedDifference, meanAt, quantileSorted, summarizeDraws } from '../../../src/lib/stats/bootstrap';

const values = Float64Array.from({ length: 100 }, (_, i) => i);

describe('quantileSorted (type 7)', () => {
  it('interpolates between order statistics', () => {
    const s = Float64Array.from([1, 2, 3, 4, 5]);
    expect(quantileSorted(s, 0)).toBe(1);
    expect(quantileSorted(s, 1)).toBe(5);
    expect(quantileSorted(s, 0.5)).toBe(3);
    expect(quantileSorted(s, 0.1)).toBeCloseTo(1.4, 12); // h = 0.4
    expect(quantileSorted(Float64Array.from([0, 10]), 0.025)).toBeCloseTo(0.25, 12);
  });
});

describe('bootstrap', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = bootstrap(100, meanAt(values), { seed: 1, resamples: 1000 });
    const b = bootstrap(100, meanAt(values), { seed: 1, resamples: 1000 });
    const c = bootstrap(100, meanAt(values), { seed: 2, resamples: 1000 });
    expect(a).toEqual(b);
    expect(c.ci_low).not.toBe(a.ci_low);
  });
  it('gives an interval around the point estimate of a mean, of the expected width', () => {
    const r = bootstrap(100, meanAt(values), { seed: 3, resamples: 2000 });
    expect(r.value).toBe(49.5);
    expect(r.ci_low as number).toBeLessThan(49.5);
    expect(r.ci_high as number).toBeGreaterThan(49.5);
    // SE of the mean ≈ sd/√n = 28.87/10 ≈ 2.9; a 95% interval is about ±5.7.
    expect((r.ci_high as number) - (r.ci_low as number)).toBeGreaterThan(9);
    expect((r.ci_high as number) - (r.ci_low as number)).toBeLessThan(13.5);
    expect(r.undefinedResamples).toBe(0);
  });
  it('drops undefined resamples and reports them; too many give a null interval', () => {
    // defined only when item 0 is in the resample: P(absent) = (1 − 1/5)^5 ≈ 0.33 > 0.1
    const onlyWithZero = (idx: Uint32Array): number | null => (idx.includes(0) ? 1 : null);
    const r = bootstrap(5, onlyWithZero, { seed: 4, resamples: 1000 });
    expect(r.value).toBe(1);
    expect(r.undefinedResamples).toBeGreaterThan(250);
    expect([r.ci_low, r.ci_high]).toEqual([null, null]);
    const lenient = bootstrap(5, onlyWithZero, { seed: 4, resamples: 1000, maxUndefinedShare: 0.5 });
    expect([lenient.ci_low, lenient.ci_high]).toEqual([1, 1]);
    expect(lenient.undefinedResamples).toBe(r.undefinedResamples);
  });
  it('a null point estimate gives a null interval', () => {
    expect(summarizeDraws(null, Float64Array.from([1, 2, 3]), 3, { seed: 0, resamples: 3 })).toMatchObject({ value: null, ci_low: null, ci_high: null });
  });
  it('rejects bad options', () => {
    expect(() => bootstrap(3, meanAt(values), { seed: 0, resamples: 0 })).toThrow(/resamples/);
  });
});

describe('bootstrapPairedDifference', () => {
  it('identical conditions give 0 with interval [0, 0]', () => {
    const r = bootstrapPairedDifference(100, meanAt(values), meanAt(values), { seed: 5, resamples: 1000 });
    expect([r.value, r.ci_low, r.ci_high]).toEqual([0, 0, 0]);
  });
  it('a constant shift gives exactly that shift, since the same items are resampled', () => {
    const shifted = values.map((v) => v + 3);
    const r = bootstrapPairedDifference(100, meanAt(values), meanAt(shifted), { seed: 6, resamples: 500 });
    expect(r.value).toBe(3);
    expect(r.ci_low).toBeCloseTo(3, 9);
    expect(r.ci_high).toBeCloseTo(3, 9);
  });
});

describe('bootstrapMean', () => {
  it('is bootstrap(meanAt) computed faster, bit for bit', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 100, 5001]) {
      const xs = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.4 * Math.sin(i * 1.7));
      for (const seed of [0, 11, 0xffffffff]) {
        const opts = { seed, resamples: 500, level: 0.9 };
        expect(bootstrapMean(xs, opts)).toEqual(bootstrap(n, meanAt(xs), opts));
      }
    }
  });
  it('a constant column gives the value as both endpoints', () => {
    const r = bootstrapMean(new Float64Array(60).fill(0.9), { seed: 1, resamples: 200 });
    expect([r.ci_low, r.ci_high]).toEqual([r.value, r.value]);
  });
  it('no values: null value and interval', () => {
    expect(bootstrapMean(new Float64Array(0), { seed: 1, resamples: 100 })).toMatchObject({ value: null, ci_low: null, ci_high: null, n: 0, undefinedResamples: 100 });
    expect(bootstrap(0, meanAt(new Float64Array(0)), { seed: 1, resamples: 100 })).toMatchObject({ value: null, ci_low: null, ci_high: null, n: 0, undefinedResamples: 100 });
  });
});
