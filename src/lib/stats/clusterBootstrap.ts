/**
 * Cluster bootstrap for statistics of summed per-cluster vectors (docs/method.md §6): BBQ items
 * come in templates and vary mostly between them, so the independent unit is the template (all
 * sampled items of one category × question_index), not the item. Each cluster is reduced once to
 * a vector (e.g. its per-type answer counts, or [Σ candidate mass, items]); a resample draws, in
 * every group (stratum, e.g. a category), as many clusters as the group has, uniformly with
 * replacement, and adds their vectors. A statistic then reads the summed vector, so a resample
 * costs one addition per non-zero cell of the drawn clusters, not a pass over items.
 *
 * Invariants:
 * - Stratified by group: groups keep their cluster counts in every resample. A pool (e.g. the
 *   overall of some categories) is the sum of its groups' resampled vectors, so a pooled interval
 *   is stratified by group too.
 * - Paired designs put both conditions' outcomes of an item into one cluster vector, so each
 *   resample draws the same clusters for both conditions.
 * - Deterministic for a seed: one createRandom(seed) stream, consumed resample by resample, group
 *   by group (ascending), cluster index = floor(u · m) for a group of m clusters, in the group's
 *   cluster order (the caller's order of clusters of that group).
 * - Undefined statistics are handled as in `bootstrap.ts` (`summarizeDraws`).
 */
import { checkOptions, summarizeDraws, type BootstrapOptions, type BootstrapSummary } from './bootstrap';
import { UniformIndices } from './resample';

export interface ClusterVectors {
  /** Cluster c's vector is values[c · width .. (c + 1) · width). */
  readonly values: Float64Array;
  readonly width: number;
  /** Group of each cluster, in 0..groupCount−1. */
  readonly groupOfCluster: Uint32Array;
  readonly groupCount: number;
  /** Pools of groups summed (default: one pool of every group). */
  readonly pools?: readonly (readonly number[])[];
}

/** Writes `out.length` statistics of one summed vector to `out` (NaN = undefined). */
export type VectorStatistics = (sum: Float64Array, out: Float64Array) => void;

export interface ClusterBootstrap {
  /** `[group][statistic]`; each summary's `n` is the group's cluster count. */
  readonly groups: readonly (readonly BootstrapSummary[])[];
  /** `[pool][statistic]`, in the order of `pools`. */
  readonly pools: readonly (readonly BootstrapSummary[])[];
}

/** Sparse cells of each cluster, grouped: clusters of group g are order[start[g] .. start[g + 1]). */
function layout(input: ClusterVectors): {
  start: Uint32Array;
  cellStart: Uint32Array;
  cellAt: Uint32Array;
  cellValue: Float64Array;
} {
  const { values, width, groupOfCluster, groupCount: G } = input;
  const C = groupOfCluster.length;
  if (values.length !== C * width)
    throw new Error(`clusterBootstrap: ${values.length} values for ${C} clusters of width ${width}`);
  const start = new Uint32Array(G + 1);
  for (let c = 0; c < C; c++) {
    const g = groupOfCluster[c] as number;
    if (g >= G) throw new Error(`clusterBootstrap: cluster ${c} has group ${g} ≥ groupCount ${G}`);
    start[g + 1] = (start[g + 1] as number) + 1;
  }
  for (let g = 0; g < G; g++) start[g + 1] = (start[g + 1] as number) + (start[g] as number);
  const order = new Uint32Array(C);
  const next = start.slice(0, G);
  for (let c = 0; c < C; c++) {
    const g = groupOfCluster[c] as number;
    order[next[g] as number] = c;
    next[g] = (next[g] as number) + 1;
  }
  const cellStart = new Uint32Array(C + 1);
  const at: number[] = [];
  const value: number[] = [];
  order.forEach((c, j) => {
    for (let t = 0; t < width; t++) {
      const v = values[c * width + t] as number;
      if (v !== 0) {
        at.push(t);
        value.push(v);
      }
    }
    cellStart[j + 1] = at.length;
  });
  return { start, cellStart, cellAt: Uint32Array.from(at), cellValue: Float64Array.from(value) };
}

/** Bootstraps `count` statistics for every group and every pool from one set of cluster resamples. */
export function bootstrapClusters(
  input: ClusterVectors,
  count: number,
  statistics: VectorStatistics,
  options: BootstrapOptions,
): ClusterBootstrap {
  checkOptions(options);
  const { width: W, groupCount: G } = input;
  const pools = input.pools ?? [Array.from({ length: G }, (_, g) => g)];
  for (const pool of pools)
    for (const g of pool)
      if (!(Number.isInteger(g) && g >= 0 && g < G)) throw new Error(`clusterBootstrap: pool names group ${g} of ${G}`);
  const P = pools.length;
  const S = count;
  const R = options.resamples;
  const { start, cellStart, cellAt, cellValue } = layout(input);

  const sums = new Float64Array((G + P) * W); // groups, then pools
  const out = new Float64Array(S);
  const draws = new Float64Array((G + P) * S * R); // draws[(u * S + s) * R + r]
  const evaluate = (target: Float64Array | null, r: number): number[] => {
    const values: number[] = [];
    for (let u = 0; u < G + P; u++) {
      out.fill(Number.NaN);
      statistics(sums.subarray(u * W, (u + 1) * W), out);
      for (let s = 0; s < S; s++) {
        if (target) target[(u * S + s) * R + r] = out[s] as number;
        else values.push(out[s] as number);
      }
    }
    return values;
  };
  const addCluster = (j: number, off: number): void => {
    for (let k = cellStart[j] as number; k < (cellStart[j + 1] as number); k++)
      sums[off + (cellAt[k] as number)] = (sums[off + (cellAt[k] as number)] as number) + (cellValue[k] as number);
  };
  const fillPools = (): void => {
    sums.fill(0, G * W);
    pools.forEach((pool, p) => {
      const off = (G + p) * W;
      for (const g of pool)
        for (let t = 0; t < W; t++) sums[off + t] = (sums[off + t] as number) + (sums[g * W + t] as number);
    });
  };

  for (let g = 0; g < G; g++) for (let j = start[g] as number; j < (start[g + 1] as number); j++) addCluster(j, g * W);
  fillPools();
  const points = evaluate(null, 0);

  const indices = new UniformIndices(options.seed);
  let largest = 0;
  for (let g = 0; g < G; g++) largest = Math.max(largest, (start[g + 1] as number) - (start[g] as number));
  const drawn = new Uint32Array(Math.max(1, largest));
  for (let r = 0; r < R; r++) {
    sums.fill(0, 0, G * W);
    for (let g = 0; g < G; g++) {
      const first = start[g] as number;
      const m = (start[g + 1] as number) - first;
      if (m === 0) continue;
      indices.fill(drawn, m, m);
      for (let i = 0; i < m; i++) addCluster(first + (drawn[i] as number), g * W);
    }
    fillPools();
    evaluate(draws, r);
  }

  const clusters = (g: number): number => (start[g + 1] as number) - (start[g] as number);
  const summarize = (u: number, n: number): BootstrapSummary[] =>
    Array.from({ length: S }, (_, s) => {
      const point = points[u * S + s] as number;
      return summarizeDraws(
        Number.isNaN(point) ? null : point,
        draws.subarray((u * S + s) * R, (u * S + s + 1) * R),
        n,
        options,
      );
    });
  return {
    groups: Array.from({ length: G }, (_, g) => summarize(g, clusters(g))),
    pools: pools.map((pool, p) =>
      summarize(
        G + p,
        pool.reduce((a, g) => a + clusters(g), 0),
      ),
    ),
  };
}
