/**
 * Fast percentile bootstrap for statistics that depend only on how many items of each *type*
 * a sample holds (accuracy, BBQ bias scores, paired differences of them). Each item is reduced
 * to a small integer type code, so a resample is a tally, not a pass over item records, and the
 * tally is drawn directly: drawing n items with replacement from a stratum whose items have
 * type counts c_1..c_K gives type counts ~ Multinomial(n; c_1/n, …, c_K/n), so each stratum
 * costs K − 1 binomial variates per resample instead of n uniform draws (`CountSampler`). This
 * is what keeps 58,492 items × 3 conditions × 1,000 resamples well within a second.
 *
 * Invariants:
 * - Resampling is stratified: each resample draws, within every stratum, as many items as the
 *   stratum has, uniformly with replacement (matching the stratified sampling of items; for BBQ,
 *   docs/method.md §6 asks for template clusters instead, see its last section); the
 *   multinomial tally has exactly the distribution of tallying those draws. Each stratum
 *   belongs to one reporting group; a group's counts are the sum of its strata, and the pooled
 *   counts the sum of all groups. With one stratum per group this is the ordinary
 *   bootstrap over each group's items.
 * - For a paired design encode the pair of outcomes as one type (e.g. `a * T + b`): the same
 *   resampled item then carries both conditions' outcomes.
 * - Deterministic for a seed: one createRandom(seed) stream, consumed resample by resample,
 *   stratum by stratum, over the stratum's types in decreasing count (ties by type code).
 * - Undefined statistics are handled as in `bootstrap.ts` (`summarizeDraws`).
 * - Statistics that share work (a paired difference and relative change from the same two
 *   tallies) can be computed together per resample (`bootstrapTypeCountsWith`).
 */
import { checkOptions, summarizeDraws, type BootstrapOptions, type BootstrapSummary } from './bootstrap';
import { CountSampler } from './resample';

export interface TypedItems {
  /** Stratum of each item, in 0..groupOfStratum.length−1. */
  readonly strata: Uint32Array;
  /** Reporting group of each stratum, in 0..groupCount−1. */
  readonly groupOfStratum: Uint32Array;
  /** Type code of each item, in 0..typeCount−1. */
  readonly types: Uint32Array;
  readonly groupCount: number;
  readonly typeCount: number;
}

/** A statistic of per-type counts (length typeCount); null when undefined. */
export type CountStatistic = (counts: Float64Array) => number | null;

/**
 * Several statistics of the same per-type counts at once, written to `out[0..out.length)` (NaN
 * = undefined): for statistics that share work, e.g. a paired contrast's difference and ratio,
 * which both need the two conditions' tallies of the same resample.
 */
export type CountStatistics = (counts: Float64Array, out: Float64Array) => void;

export interface GroupedBootstrap {
  /** `[group][statistic]` */
  readonly groups: readonly (readonly BootstrapSummary[])[];
  /** `[statistic]`, over all groups pooled. */
  readonly pooled: readonly BootstrapSummary[];
}

interface Layout {
  /** Items per stratum. */
  readonly size: Uint32Array;
  /** Stratum k has the types typeOf[first[k] .. first[k + 1]), with typeN items of each (> 0), largest first. */
  readonly first: Uint32Array;
  readonly typeOf: Uint32Array;
  readonly typeN: Uint32Array;
}

/** The types present in each stratum and their item counts. */
function layout(items: TypedItems): Layout {
  const { strata, groupOfStratum, types, groupCount, typeCount } = items;
  const K = groupOfStratum.length;
  if (strata.length !== types.length)
    throw new Error(`countBootstrap: ${strata.length} strata but ${types.length} types`);
  for (let k = 0; k < K; k++)
    if ((groupOfStratum[k] as number) >= groupCount)
      throw new Error(`countBootstrap: stratum ${k} maps to group ${groupOfStratum[k]} ≥ groupCount ${groupCount}`);
  const size = new Uint32Array(K);
  for (let i = 0; i < strata.length; i++) {
    const k = strata[i] as number;
    const t = types[i] as number;
    if (k >= K) throw new Error(`countBootstrap: item ${i} has stratum ${k} ≥ ${K}`);
    if (t >= typeCount) throw new Error(`countBootstrap: item ${i} has type ${t} ≥ typeCount ${typeCount}`);
    size[k] = (size[k] as number) + 1;
  }
  // Items per (stratum, type) cell, k · typeCount + t; in a typed array when the table is small.
  const counts = new Map<number, number>();
  if (K * typeCount <= 1 << 20) {
    const table = new Uint32Array(K * typeCount);
    for (let i = 0; i < strata.length; i++) {
      const key = (strata[i] as number) * typeCount + (types[i] as number);
      table[key] = (table[key] as number) + 1;
    }
    for (let key = 0; key < table.length; key++) if ((table[key] as number) > 0) counts.set(key, table[key] as number);
  } else {
    for (let i = 0; i < strata.length; i++) {
      const key = (strata[i] as number) * typeCount + (types[i] as number);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const cells = [...counts].sort(
    ([a, na], [b, nb]) => Math.floor(a / typeCount) - Math.floor(b / typeCount) || nb - na || a - b,
  );
  const first = new Uint32Array(K + 1);
  const typeOf = new Uint32Array(cells.length);
  const typeN = new Uint32Array(cells.length);
  cells.forEach(([key, count], j) => {
    const k = Math.floor(key / typeCount);
    typeOf[j] = key - k * typeCount;
    typeN[j] = count;
    first[k + 1] = j + 1;
  });
  for (let k = 1; k <= K; k++) first[k] = Math.max(first[k] as number, first[k - 1] as number);
  return { size, first, typeOf, typeN };
}

function poolInto(pooled: Float64Array, counts: Float64Array, groupCount: number, typeCount: number): void {
  pooled.fill(0);
  for (let g = 0; g < groupCount; g++) {
    const off = g * typeCount;
    for (let t = 0; t < typeCount; t++) pooled[t] = (pooled[t] as number) + (counts[off + t] as number);
  }
}

/** Bootstraps every statistic for every group and for the pool, from one set of resamples. */
export function bootstrapTypeCounts(
  items: TypedItems,
  statistics: readonly CountStatistic[],
  options: BootstrapOptions,
): GroupedBootstrap {
  const all: CountStatistics = (c, out) => {
    for (let s = 0; s < statistics.length; s++) out[s] = (statistics[s] as CountStatistic)(c) ?? Number.NaN;
  };
  return bootstrapTypeCountsWith(items, statistics.length, all, options);
}

/**
 * `bootstrapTypeCounts` with the `count` statistics computed together by `statistics` (one call
 * per group and resample): the same resamples, the same numbers as the equivalent list of
 * `CountStatistic`s.
 */
export function bootstrapTypeCountsWith(
  items: TypedItems,
  count: number,
  statistics: CountStatistics,
  options: BootstrapOptions,
): GroupedBootstrap {
  checkOptions(options);
  const { groupCount: G, typeCount: T } = items;
  const S = count;
  const R = options.resamples;
  const { size, first, typeOf, typeN } = layout(items);

  const counts = new Float64Array(G * T);
  const pooled = new Float64Array(T);
  // draws[(g * S + s) * R + r]; g = G is the pool.
  const draws = new Float64Array((G + 1) * S * R);
  const out = new Float64Array(S);
  const evaluate = (target: Float64Array | null, r: number): number[] => {
    const values: number[] = [];
    for (let g = 0; g <= G; g++) {
      const c = g < G ? counts.subarray(g * T, (g + 1) * T) : pooled;
      out.fill(Number.NaN);
      statistics(c, out);
      for (let s = 0; s < S; s++) {
        const v = out[s] as number;
        if (target) target[(g * S + s) * R + r] = v;
        else values.push(v);
      }
    }
    return values;
  };

  const { groupOfStratum } = items;
  for (let i = 0; i < items.types.length; i++) {
    const k = (groupOfStratum[items.strata[i] as number] as number) * T + (items.types[i] as number);
    counts[k] = (counts[k] as number) + 1;
  }
  poolInto(pooled, counts, G, T);
  const points = evaluate(null, 0);

  // One stream of createRandom(seed) numbers: resample r, stratum k, its types largest first.
  const sampler = new CountSampler(options.seed);
  const drawn = new Uint32Array(typeOf.length);
  for (let r = 0; r < R; r++) {
    counts.fill(0);
    for (let k = 0; k < size.length; k++) {
      const n = size[k] as number;
      if (n === 0) continue;
      const from = first[k] as number;
      const to = first[k + 1] as number;
      const off = (groupOfStratum[k] as number) * T;
      sampler.multinomial(n, typeN, from, to, drawn);
      for (let j = from; j < to; j++) {
        const c = off + (typeOf[j] as number);
        counts[c] = (counts[c] as number) + (drawn[j] as number);
      }
    }
    poolInto(pooled, counts, G, T);
    evaluate(draws, r);
  }

  const summaries: BootstrapSummary[][] = [];
  const groupSize = new Uint32Array(G);
  for (let k = 0; k < size.length; k++)
    groupSize[groupOfStratum[k] as number] = (groupSize[groupOfStratum[k] as number] as number) + (size[k] as number);
  for (let g = 0; g <= G; g++) {
    const n = g < G ? (groupSize[g] as number) : items.types.length;
    const row: BootstrapSummary[] = [];
    for (let s = 0; s < S; s++) {
      const point = points[g * S + s] as number;
      const slice = draws.subarray((g * S + s) * R, (g * S + s + 1) * R);
      row.push(summarizeDraws(Number.isNaN(point) ? null : point, slice, n, options));
    }
    summaries.push(row);
  }
  const pool = summaries.pop();
  if (!pool) throw new Error('countBootstrap: missing pooled row');
  return { groups: summaries, pooled: pool };
}
