import { describe, expect, it } from 'vitest';
import { meanAt } from '../../../src/lib/stats/bootstrap';
import { createRandom } from '../../../src/lib/core/random';
import { CountSampler, resampledMeans, resampledMeansJs, UniformIndices } from '../../../src/lib/stats/resample';

describe('UniformIndices', () => {
  it('draws exactly floor(u · n) of the createRandom(seed) stream, across calls', () => {
    for (const seed of [0, 1, 123456789, 0xffffffff]) {
      const random = createRandom(seed);
      const u = new UniformIndices(seed);
      const out = new Uint32Array(50);
      for (const n of [7, 1, 1000, 58492]) {
        u.fill(out, 50, n);
        const expected = Array.from({ length: 50 }, () => Math.floor(random() * n));
        expect([...out]).toEqual(expected);
      }
    }
  });
});

/** Exact Binomial(n, p) pmf by the product formula in logs (independent of the sampler's tables). */
function binomialPmf(n: number, p: number): number[] {
  const out: number[] = [];
  let lnC = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) lnC += Math.log(n - k + 1) - Math.log(k);
    out.push(Math.exp(lnC + k * Math.log(p) + (n - k) * Math.log1p(-p)));
  }
  return out;
}

describe('CountSampler', () => {
  it('its uniforms are the createRandom(seed) stream', () => {
    const random = createRandom(42);
    const s = new CountSampler(42);
    for (let i = 0; i < 100; i++) expect(s.uniform()).toBe(random());
  });

  it('binomial edge cases consume no randomness', () => {
    const s = new CountSampler(1);
    expect([s.binomial(0, 3, 7), s.binomial(10, 0, 7), s.binomial(10, 7, 7)]).toEqual([0, 0, 10]);
    expect(s.uniform()).toBe(createRandom(1)());
  });

  // Deterministic (seeded), so not flaky: a chi-square goodness of fit against the exact pmf,
  // cells with expected count < 5 pooled, at a critical value far in the tail (≈ p = 1e-4).
  it.each([
    [1, 1, 2],
    [5, 1, 3],
    [40, 3, 40],
    [300, 97, 300],
    [1111, 1, 1111],
    [2000, 1999, 2000],
    [4000, 1500, 4100],
  ])('binomial(n = %i, w = %i, total = %i) has the Binomial(n, w/total) distribution', (n, w, total) => {
    const N = 40_000;
    const s = new CountSampler(n * 31 + w);
    const counts = new Float64Array(n + 1);
    let outside = 0;
    for (let i = 0; i < N; i++) {
      const x = s.binomial(n, w, total);
      if (!(Number.isInteger(x) && x >= 0 && x <= n)) outside++;
      else counts[x] = (counts[x] as number) + 1;
    }
    expect(outside).toBe(0);
    const pmf = binomialPmf(n, w / total);
    let chi = 0;
    let df = -1;
    let obs = 0;
    let exp = 0;
    for (let k = 0; k <= n; k++) {
      obs += counts[k] as number;
      exp += N * (pmf[k] as number);
      if (exp >= 5 || k === n) {
        chi += exp > 0 ? (obs - exp) ** 2 / exp : obs;
        df++;
        obs = 0;
        exp = 0;
      }
    }
    df = Math.max(df, 1);
    if (process.env.DEBUG_CHI) console.log(n, w, total, chi, df);
    expect(chi).toBeLessThan(df + 5.5 * Math.sqrt(2 * df) + 10);
    const mean = counts.reduce((a, c, k) => a + c * k, 0) / N;
    const sd = Math.sqrt((n * w * (total - w)) / total / total);
    expect(Math.abs(mean - (n * w) / total)).toBeLessThanOrEqual(5 * (sd / Math.sqrt(N)) + 1e-12);
  });

  it('multinomial: counts sum to the draws, zero weights get none, means are draws · w / total', () => {
    const s = new CountSampler(5);
    const weights = Uint32Array.from([9, 50, 0, 30, 11]);
    const out = new Uint32Array(5);
    const sums = new Float64Array(5);
    const R = 20_000;
    let wrong = 0;
    for (let r = 0; r < R; r++) {
      s.multinomial(100, weights, 0, 5, out);
      if (out.reduce((a, b) => a + b, 0) !== 100 || out[2] !== 0) wrong++;
      for (let j = 0; j < 5; j++) sums[j] = (sums[j] as number) + (out[j] as number);
    }
    expect(wrong).toBe(0);
    for (let j = 0; j < 5; j++) {
      const p = (weights[j] as number) / 100;
      const se = Math.sqrt((100 * p * (1 - p)) / R);
      expect(Math.abs((sums[j] as number) / R - 100 * p)).toBeLessThanOrEqual(5 * se + 1e-12);
    }
    s.multinomial(0, Uint32Array.from([0, 0]), 0, 2, out);
    expect([...out.subarray(0, 2)]).toEqual([0, 0]);
    expect(() => s.multinomial(3, Uint32Array.from([0, 0]), 0, 2, out)).toThrow(/sum to 0/);
  });
});

describe('resampledMeans', () => {
  it.each([
    ['resampledMeans (WebAssembly in Node)', resampledMeans],
    ['resampledMeansJs', resampledMeansJs],
  ])('%s: exactly the means of the UniformIndices draws', (_, means) => {
    for (const n of [1, 2, 3, 4, 5, 10, 101]) {
      const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1) * 10);
      const R = 50;
      const out = new Float64Array(R);
      means(values, R, 99, out);
      const u = new UniformIndices(99);
      const idx = new Uint32Array(n);
      const mean = meanAt(values);
      for (let r = 0; r < R; r++) {
        u.fill(idx, n, n);
        expect(out[r]).toBe(mean(idx));
      }
    }
  });
});
