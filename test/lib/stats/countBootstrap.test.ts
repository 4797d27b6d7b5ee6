import { describe, expect, it } from 'vitest';
import { summarizeDraws } from '../../../src/lib/stats/bootstrap';
import {
  bootstrapTypeCounts,
  bootstrapTypeCountsWith,
  type CountStatistic,
} from '../../../src/lib/stats/countBootstrap';
import { createRandom } from '../../../src/lib/core/random';
import { CountSampler } from '../../../src/lib/stats/resample';

const share: CountStatistic = (c) => {
  const n = (c[0] as number) + (c[1] as number);
  return n === 0 ? null : (c[1] as number) / n;
};

// 3 strata in 2 groups: stratum 0, 1 → group 0; stratum 2 → group 1.
const strata = Uint32Array.from([0, 0, 0, 1, 1, 2, 2, 2, 2, 0]);
const types = Uint32Array.from([1, 0, 1, 1, 1, 0, 0, 1, 0, 0]);
const items = { strata, types, groupOfStratum: Uint32Array.from([0, 0, 1]), groupCount: 2, typeCount: 2 };

describe('bootstrapTypeCounts', () => {
  it('point values are the statistic of each group and of the pool', () => {
    const r = bootstrapTypeCounts(items, [share], { seed: 1, resamples: 100 });
    expect(r.groups[0]?.[0]?.value).toBeCloseTo(4 / 6, 12);
    expect(r.groups[1]?.[0]?.value).toBe(0.25);
    expect(r.pooled[0]?.value).toBe(0.5);
    expect(r.groups[0]?.[0]?.n).toBe(6);
    expect(r.pooled[0]?.n).toBe(10);
  });

  it('bootstrapTypeCountsWith: statistics computed together give the same numbers as the list', () => {
    const other: CountStatistic = (c) => ((c[0] as number) === 0 ? null : (c[1] as number) / (c[0] as number));
    const opts = { seed: 21, resamples: 400 };
    const together = bootstrapTypeCountsWith(
      items,
      2,
      (c, out) => {
        out[0] = share(c) ?? Number.NaN;
        out[1] = other(c) ?? Number.NaN;
      },
      opts,
    );
    expect(together).toEqual(bootstrapTypeCounts(items, [share, other], opts));
  });

  it("draws each stratum's tally as a multinomial from one CountSampler(seed) stream", () => {
    const R = 300;
    const got = bootstrapTypeCounts(items, [share], { seed: 9, resamples: R });
    // Reference: resample r, stratum k in order, its types by decreasing count (ties by code).
    const sampler = new CountSampler(9);
    const perStratum = [0, 1, 2].map((k) => {
      const c = [0, 1].map((t) => [...strata.keys()].filter((i) => strata[i] === k && types[i] === t).length);
      const order = [0, 1]
        .filter((t) => (c[t] as number) > 0)
        .sort((a, b) => (c[b] as number) - (c[a] as number) || a - b);
      return { n: c[0]! + c[1]!, order, weights: Uint32Array.from(order, (t) => c[t] as number) };
    });
    const draws = [new Float64Array(R), new Float64Array(R), new Float64Array(R)];
    for (let r = 0; r < R; r++) {
      const counts = [new Float64Array(2), new Float64Array(2)];
      perStratum.forEach(({ n, order, weights }, k) => {
        const out = new Uint32Array(order.length);
        sampler.multinomial(n, weights, 0, order.length, out);
        const g = k === 2 ? 1 : 0;
        order.forEach(
          (t, j) => ((counts[g] as Float64Array)[t] = ((counts[g] as Float64Array)[t] as number) + (out[j] as number)),
        );
      });
      const pooled = Float64Array.from([0, 1], (t) => (counts[0]?.[t] as number) + (counts[1]?.[t] as number));
      draws[0]![r] = share(counts[0] as Float64Array) ?? Number.NaN;
      draws[1]![r] = share(counts[1] as Float64Array) ?? Number.NaN;
      draws[2]![r] = share(pooled) ?? Number.NaN;
    }
    const opts = { seed: 9, resamples: R };
    expect(got.groups[0]?.[0]).toEqual(summarizeDraws(4 / 6, draws[0] as Float64Array, 6, opts));
    expect(got.groups[1]?.[0]).toEqual(summarizeDraws(0.25, draws[1] as Float64Array, 4, opts));
    expect(got.pooled[0]).toEqual(summarizeDraws(0.5, draws[2] as Float64Array, 10, opts));
  });

  it("a type's resampled count in one stratum is Binomial(n, c/n): percentile endpoints = exact binomial quantiles", () => {
    // 200 items, 37 of type 1: the count of type 1 in a resample of 200 is Binomial(200, 0.185).
    const one = {
      strata: new Uint32Array(200),
      groupOfStratum: Uint32Array.from([0]),
      types: Uint32Array.from({ length: 200 }, (_, i) => (i < 37 ? 1 : 0)),
      groupCount: 1,
      typeCount: 2,
    };
    const countOf1: CountStatistic = (c) => c[1] as number;
    const R = 20_000;
    let cdf = 0;
    let lnC = 0;
    const quantile: Record<string, number> = {};
    for (let k = 0; k <= 200; k++) {
      if (k > 0) lnC += Math.log(200 - k + 1) - Math.log(k);
      cdf += Math.exp(lnC + k * Math.log(0.185) + (200 - k) * Math.log(0.815));
      for (const q of [0.025, 0.975]) if (quantile[q] === undefined && cdf >= q) quantile[q] = k;
    }
    const r = bootstrapTypeCounts(one, [countOf1], { seed: 3, resamples: R }).groups[0]?.[0];
    // Type-7 percentiles of 20,000 draws land within one count of the exact quantile.
    expect(Math.abs((r?.ci_low as number) - (quantile[0.025] as number))).toBeLessThanOrEqual(1);
    expect(Math.abs((r?.ci_high as number) - (quantile[0.975] as number))).toBeLessThanOrEqual(1);
  });

  it('matches a brute-force per-item stratified bootstrap within Monte Carlo error', () => {
    // 3 strata (2 groups), 4 types; statistic = a BBQ-like score (2 · c1 / (c1 + c2) − 1) · (1 − c0 / n).
    const sizes = [23, 41, 60];
    const st: number[] = [];
    const ty: number[] = [];
    sizes.forEach((n, k) => {
      for (let i = 0; i < n; i++) {
        st.push(k);
        ty.push((i * (k + 3) + k) % 4);
      }
    });
    const mixed = {
      strata: Uint32Array.from(st),
      types: Uint32Array.from(ty),
      groupOfStratum: Uint32Array.from([0, 0, 1]),
      groupCount: 2,
      typeCount: 4,
    };
    const score: CountStatistic = (c) => {
      const nonUnknown = (c[1] as number) + (c[2] as number);
      const n = (c[0] as number) + nonUnknown + (c[3] as number);
      return nonUnknown === 0 || n === 0
        ? null
        : ((2 * (c[1] as number)) / nonUnknown - 1) * (1 - (c[0] as number) / n);
    };
    const R = 20_000;
    // The former algorithm: every resample draws every item of every stratum (independent stream).
    const random = createRandom(2024);
    const members = sizes.map((_, k) => [...st.keys()].filter((i) => st[i] === k));
    const brute = [new Float64Array(R), new Float64Array(R), new Float64Array(R)];
    for (let r = 0; r < R; r++) {
      const counts = [new Float64Array(4), new Float64Array(4)];
      members.forEach((m, k) => {
        const g = k === 2 ? 1 : 0;
        for (let j = 0; j < m.length; j++) {
          const t = ty[m[Math.floor(random() * m.length)] as number] as number;
          (counts[g] as Float64Array)[t] = ((counts[g] as Float64Array)[t] as number) + 1;
        }
      });
      const pooled = Float64Array.from([0, 1, 2, 3], (t) => (counts[0]?.[t] as number) + (counts[1]?.[t] as number));
      brute[0]![r] = score(counts[0] as Float64Array) ?? Number.NaN;
      brute[1]![r] = score(counts[1] as Float64Array) ?? Number.NaN;
      brute[2]![r] = score(pooled) ?? Number.NaN;
    }
    const sorted = brute.map((d) => d.filter((x) => !Number.isNaN(x)).sort());
    for (const level of [0.95, 0.8, 0.5]) {
      const got = bootstrapTypeCounts(mixed, [score], { seed: 77, resamples: R, level });
      const rows = [got.groups[0]?.[0], got.groups[1]?.[0], got.pooled[0]];
      rows.forEach((row, g) => {
        const ref = sorted[g] as Float64Array;
        const alpha = (1 - level) / 2;
        for (const [q, x] of [
          [alpha, row?.ci_low],
          [1 - alpha, row?.ci_high],
        ] as const) {
          // Where the fast endpoint falls in the brute-force distribution: its CDF there must be
          // q within 5 standard errors of the difference of two independent quantile estimates.
          // (Distribution-free; [F(x−), F(x)] allows for the statistic's atoms.)
          const below = ref.filter((v) => v < (x as number) - 1e-12).length / ref.length;
          const atOrBelow = ref.filter((v) => v <= (x as number) + 1e-12).length / ref.length;
          const tolerance = 5 * Math.sqrt((2 * q * (1 - q)) / R);
          expect(q).toBeGreaterThanOrEqual(below - tolerance);
          expect(q).toBeLessThanOrEqual(atOrBelow + tolerance);
        }
      });
    }
  });

  it('rejects codes out of range', () => {
    expect(() =>
      bootstrapTypeCounts({ ...items, types: Uint32Array.from([5, ...types.slice(1)]) }, [share], {
        seed: 0,
        resamples: 10,
      }),
    ).toThrow(/type 5/);
  });
});
