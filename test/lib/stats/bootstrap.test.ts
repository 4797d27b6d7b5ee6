import { describe, expect, it } from 'vitest';
import {
  bootstrap,
  bootstrapMean,
  bootstrapPairedContrast,
  bootstrapPairedDifference,
  meanAt,
  quantileSorted,
  relativeChange,
  summarizeDraws,
  type IndexStatistic,
} from '../../../src/lib/stats/bootstrap';
import { createRandom } from '../../../src/lib/core/random';

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
    expect(summarizeDraws(null, Float64Array.from([1, 2, 3]), 3, { seed: 0, resamples: 3 })).toMatchObject({
      value: null,
      ci_low: null,
      ci_high: null,
    });
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

describe('relativeChange', () => {
  it('(b − a) / |a|, null when a is 0 or either is undefined', () => {
    expect(relativeChange(0.2, 0.114)).toBeCloseTo(-0.43, 12);
    expect(relativeChange(-0.2, -0.1)).toBeCloseTo(0.5, 12);
    expect(relativeChange(0, 0.1)).toBeNull();
    expect(relativeChange(null, 0.1)).toBeNull();
    expect(relativeChange(0.1, null)).toBeNull();
  });
});

describe('bootstrapPairedContrast', () => {
  const xs = Float64Array.from({ length: 30 }, (_, i) => 0.2 + (0.6 * ((i * 7) % 11)) / 10);
  const ys = Float64Array.from(xs, (x, i) => x * 0.6 + 0.05 * ((i * 5) % 3));

  it('its difference is bootstrapPairedDifference, bit for bit', () => {
    const opts = { seed: 12, resamples: 700 };
    expect(bootstrapPairedContrast(30, meanAt(xs), meanAt(ys), opts).difference).toEqual(
      bootstrapPairedDifference(30, meanAt(xs), meanAt(ys), opts),
    );
  });

  it('a constant factor gives exactly that relative change, interval too', () => {
    const r = bootstrapPairedContrast(30, meanAt(xs), meanAt(xs.map((x) => 0.57 * x)), {
      seed: 2,
      resamples: 500,
    }).relative;
    expect(r.value).toBeCloseTo(-0.43, 12);
    expect(r.ci_low).toBeCloseTo(-0.43, 12);
    expect(r.ci_high).toBeCloseTo(-0.43, 12);
  });

  it('the ratio interval is the percentile interval of a brute-force paired bootstrap of the ratio', () => {
    const R = 2000;
    const opts = { seed: 99, resamples: R };
    const got = bootstrapPairedContrast(30, meanAt(xs), meanAt(ys), opts).relative;
    // Brute force: the same createRandom(seed) stream, floor(u · n) per draw, both means on the same items.
    const random = createRandom(99);
    const draws: number[] = [];
    for (let r = 0; r < R; r++) {
      let a = 0;
      let b = 0;
      for (let i = 0; i < 30; i++) {
        const j = Math.floor(random() * 30);
        a += xs[j] as number;
        b += ys[j] as number;
      }
      draws.push((b / 30 - a / 30) / Math.abs(a / 30));
    }
    draws.sort((p, q) => p - q);
    const type7 = (q: number): number => {
      const h = (R - 1) * q;
      const lo = Math.floor(h);
      return (draws[lo] as number) + (h - lo) * ((draws[Math.min(lo + 1, R - 1)] as number) - (draws[lo] as number));
    };
    let a0 = 0;
    let b0 = 0;
    for (let i = 0; i < 30; i++) {
      a0 += xs[i] as number;
      b0 += ys[i] as number;
    }
    expect(got.value).toBeCloseTo((b0 - a0) / a0, 12);
    expect(got.ci_low).toBeCloseTo(type7(0.025), 9);
    expect(got.ci_high).toBeCloseTo(type7(0.975), 9);
    expect(got.ci_low as number).toBeLessThan(got.value as number);
    expect(got.ci_high as number).toBeGreaterThan(got.value as number);
  });

  it('a zero or undefined baseline gives a null relative change; undefined resamples follow the usual policy', () => {
    const zeros = new Float64Array(10);
    const ones = new Float64Array(10).fill(1);
    const c = bootstrapPairedContrast(10, meanAt(zeros), meanAt(ones), { seed: 1, resamples: 200 });
    expect(c.difference).toMatchObject({ value: 1, ci_low: 1, ci_high: 1 });
    expect(c.relative).toMatchObject({ value: null, ci_low: null, ci_high: null, undefinedResamples: 200 });
    const undef: IndexStatistic = () => null;
    expect(bootstrapPairedContrast(10, undef, meanAt(ones), { seed: 1, resamples: 50 }).relative).toMatchObject({
      value: null,
      ci_low: null,
      ci_high: null,
    });
    // Baseline 0 only when item 0 is absent from the resample: P = (1 − 1/5)^5 ≈ 0.33 undefined → no interval.
    const onlyZero: IndexStatistic = (idx) => (idx.includes(0) ? 1 : 0);
    const sparse = bootstrapPairedContrast(5, onlyZero, meanAt(ones), { seed: 4, resamples: 1000 }).relative;
    expect(sparse.value).toBe(0);
    expect(sparse.undefinedResamples).toBeGreaterThan(250);
    expect([sparse.ci_low, sparse.ci_high]).toEqual([null, null]);
    expect(
      bootstrapPairedContrast(5, onlyZero, meanAt(ones), { seed: 4, resamples: 1000, maxUndefinedShare: 0.5 }).relative,
    ).toMatchObject({ ci_low: 0, ci_high: 0 });
    expect(bootstrapPairedContrast(0, meanAt(zeros), meanAt(ones), { seed: 1, resamples: 10 }).relative).toMatchObject({
      value: null,
      n: 0,
    });
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
    expect(bootstrapMean(new Float64Array(0), { seed: 1, resamples: 100 })).toMatchObject({
      value: null,
      ci_low: null,
      ci_high: null,
      n: 0,
      undefinedResamples: 100,
    });
    expect(bootstrap(0, meanAt(new Float64Array(0)), { seed: 1, resamples: 100 })).toMatchObject({
      value: null,
      ci_low: null,
      ci_high: null,
      n: 0,
      undefinedResamples: 100,
    });
  });
});
