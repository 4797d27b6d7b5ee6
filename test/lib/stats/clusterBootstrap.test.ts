// The cluster bootstrap (docs/method.md §6): points, pools, its random stream (one cluster per unit
// reproduces the item bootstrap exactly), stratification by group, and input checks.
import { describe, expect, it } from 'vitest';
import { bootstrap, meanAt } from '../../../src/lib/stats/bootstrap';
import { bootstrapClusters, type VectorStatistics } from '../../../src/lib/stats/clusterBootstrap';

/** [Σ x, count] → mean. */
const mean: VectorStatistics = (sum, out) => {
  out[0] = (sum[1] as number) > 0 ? (sum[0] as number) / (sum[1] as number) : Number.NaN;
};

describe('bootstrapClusters', () => {
  it('point values are the statistic of each group and of each pool, n = clusters', () => {
    // Group 0: clusters [1, 1], [5, 3]; group 1: [2, 2].
    const values = Float64Array.from([1, 1, 5, 3, 2, 2]);
    const r = bootstrapClusters(
      { values, width: 2, groupOfCluster: Uint32Array.from([0, 0, 1]), groupCount: 2, pools: [[0, 1], [1]] },
      1,
      mean,
      { seed: 1, resamples: 50 },
    );
    expect(r.groups.map((g) => g[0]?.value)).toEqual([6 / 4, 1]);
    expect(r.groups.map((g) => g[0]?.n)).toEqual([2, 1]);
    expect(r.pools.map((p) => p[0]?.value)).toEqual([8 / 6, 1]);
    expect(r.pools.map((p) => p[0]?.n)).toEqual([3, 1]);
    // One cluster in group 1: every resample draws it, so its interval is a point.
    expect(r.groups[1]?.[0]).toMatchObject({ ci_low: 1, ci_high: 1 });
  });

  it('one unit per cluster in one group: exactly the item bootstrap of the same seed', () => {
    const xs = Float64Array.from({ length: 37 }, (_, i) => ((i * 7919) % 101) / 101);
    const values = new Float64Array(xs.length * 2);
    xs.forEach((x, i) => {
      values[i * 2] = x;
      values[i * 2 + 1] = 1;
    });
    for (const seed of [3, 99]) {
      const c = bootstrapClusters(
        { values, width: 2, groupOfCluster: new Uint32Array(xs.length), groupCount: 1 },
        1,
        mean,
        { seed, resamples: 500 },
      );
      const b = bootstrap(xs.length, meanAt(xs), { seed, resamples: 500 });
      expect(c.pools[0]?.[0]?.ci_low).toBeCloseTo(b.ci_low as number, 12);
      expect(c.pools[0]?.[0]?.ci_high).toBeCloseTo(b.ci_high as number, 12);
    }
  });

  it('stratified: each group keeps its cluster count, so a pool of two constant groups is constant', () => {
    // Group 0's clusters all have mean 0, group 1's mean 1 with 3 units each: any draw gives the same pool.
    const values = Float64Array.from([0, 3, 0, 3, 3, 3, 3, 3]);
    const r = bootstrapClusters(
      { values, width: 2, groupOfCluster: Uint32Array.from([0, 0, 1, 1]), groupCount: 2 },
      1,
      mean,
      { seed: 7, resamples: 200 },
    );
    expect(r.pools[0]?.[0]).toMatchObject({ value: 0.5, ci_low: 0.5, ci_high: 0.5 });
  });

  it('clusters vary between them: the interval covers the spread of cluster means, not of units', () => {
    // 10 clusters of 50 identical units each, cluster means 0..0.9: an item bootstrap would treat
    // 500 units; the cluster interval is that of 10 means (half-width ≈ 1.96 · 0.287 / √10 ≈ 0.18).
    const values = new Float64Array(20);
    for (let c = 0; c < 10; c++) {
      values[c * 2] = 50 * (c / 10);
      values[c * 2 + 1] = 50;
    }
    const r = bootstrapClusters({ values, width: 2, groupOfCluster: new Uint32Array(10), groupCount: 1 }, 1, mean, {
      seed: 11,
      resamples: 2000,
    });
    const s = r.pools[0]?.[0];
    const half = ((s?.ci_high as number) - (s?.ci_low as number)) / 2;
    expect(half).toBeGreaterThan(0.14);
    expect(half).toBeLessThan(0.2);
  });

  it('undefined statistics give no interval; bad input throws with context', () => {
    const r = bootstrapClusters(
      { values: Float64Array.from([0, 0]), width: 2, groupOfCluster: new Uint32Array(1), groupCount: 1 },
      1,
      mean,
      { seed: 1, resamples: 10 },
    );
    expect(r.pools[0]?.[0]).toMatchObject({ value: null, ci_low: null, ci_high: null });
    expect(() =>
      bootstrapClusters(
        { values: new Float64Array(3), width: 2, groupOfCluster: new Uint32Array(1), groupCount: 1 },
        1,
        mean,
        { seed: 1, resamples: 10 },
      ),
    ).toThrow(/3 values for 1 clusters/);
    expect(() =>
      bootstrapClusters(
        { values: new Float64Array(2), width: 2, groupOfCluster: Uint32Array.from([2]), groupCount: 1 },
        1,
        mean,
        { seed: 1, resamples: 10 },
      ),
    ).toThrow(/group 2/);
    expect(() =>
      bootstrapClusters(
        { values: new Float64Array(2), width: 2, groupOfCluster: new Uint32Array(1), groupCount: 1, pools: [[1]] },
        1,
        mean,
        { seed: 1, resamples: 10 },
      ),
    ).toThrow(/pool names group 1/);
  });
});
