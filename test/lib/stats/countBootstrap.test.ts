import { describe, expect, it } from 'vitest';
import { summarizeDraws } from '../../../src/lib/stats/bootstrap';
import { bootstrapTypeCounts, type CountStatistic } from '../../../src/lib/stats/countBootstrap';
import { createRandom } from '../../../src/lib/stats/random';

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

  it('equals a plain stratified bootstrap drawn from createRandom(seed)', () => {
    const R = 300;
    const got = bootstrapTypeCounts(items, [share], { seed: 9, resamples: R });
    // Reference: resample r, stratum k (in order), draw j: floor(random() · n_k).
    const random = createRandom(9);
    const members = [0, 1, 2].map((k) => [...strata.keys()].filter((i) => strata[i] === k));
    const draws = [new Float64Array(R), new Float64Array(R), new Float64Array(R)];
    for (let r = 0; r < R; r++) {
      const counts = [new Float64Array(2), new Float64Array(2)];
      members.forEach((m, k) => {
        for (let j = 0; j < m.length; j++) {
          const t = types[m[Math.floor(random() * m.length)] as number] as number;
          const g = k === 2 ? 1 : 0;
          (counts[g] as Float64Array)[t] = ((counts[g] as Float64Array)[t] as number) + 1;
        }
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

  it('rejects codes out of range', () => {
    expect(() => bootstrapTypeCounts({ ...items, types: Uint32Array.from([5, ...types.slice(1)]) }, [share], { seed: 0, resamples: 10 })).toThrow(/type 5/);
  });
});
