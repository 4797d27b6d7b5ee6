/**
 * Percentile bootstrap over items (docs/method.md §6): seeded, ≥ 1,000 resamples, 95% by default.
 * Every interval in the app comes from here, so that the same seed gives the same numbers in
 * the browser, in Node tests and in the CLI.
 *
 * Invariants:
 * - The point estimate is the statistic on the full sample (not the resample mean).
 * - Undefined values (`null`, e.g. a bias score with no non-UNKNOWN answers) in a resample are
 *   dropped and counted in `undefinedResamples`. If more than `maxUndefinedShare` of resamples
 *   are undefined the interval is `null`: an interval conditional on "defined" would mislead.
 * - A null point estimate always gives a null interval.
 * - Paired differences resample the *same* item indices for both conditions.
 * - A relative change (b − a) / |a| (`relativeChange`) is undefined when a is 0 or undefined;
 *   `bootstrapPairedContrast` draws it from the same resamples as the difference.
 * For clusters (BBQ templates) see `clusterBootstrap.ts`; for the mean of many values
 * `bootstrapMean`.
 */
import { resampledMeans, UniformIndices } from './resample';

export interface BootstrapOptions {
  readonly seed: number;
  /** ≥ 1 (≥ 1,000 for reported numbers, docs/method.md §6). */
  readonly resamples: number;
  /** Coverage of the interval; 0.95 by default. */
  readonly level?: number;
  /** Largest share of undefined resamples that still yields an interval; 0.1 by default. */
  readonly maxUndefinedShare?: number;
}

export interface BootstrapSummary {
  readonly value: number | null;
  readonly ci_low: number | null;
  readonly ci_high: number | null;
  /** Items (resampling units) the value was computed from. */
  readonly n: number;
  readonly resamples: number;
  /** Resamples whose statistic was undefined (dropped before taking percentiles). */
  readonly undefinedResamples: number;
}

export const DEFAULT_LEVEL = 0.95;
export const DEFAULT_MAX_UNDEFINED_SHARE = 0.1;

export function checkOptions(options: BootstrapOptions): void {
  if (!Number.isInteger(options.resamples) || options.resamples < 1)
    throw new Error(`bootstrap: resamples must be a positive integer, got ${options.resamples}`);
  if (!Number.isFinite(options.seed)) throw new Error(`bootstrap: seed must be finite, got ${options.seed}`);
  const level = options.level ?? DEFAULT_LEVEL;
  if (!(level > 0 && level < 1)) throw new Error(`bootstrap: level must be in (0, 1), got ${level}`);
}

/**
 * Quantile of ascending-sorted values by linear interpolation between order statistics
 * (Hyndman & Fan type 7, R's default `quantile`).
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('quantileSorted: no values');
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

/**
 * Turns a point estimate and the resampled statistics (NaN = undefined) into a summary.
 * `draws` is consumed (sorted in place).
 */
export function summarizeDraws(
  value: number | null,
  draws: Float64Array,
  n: number,
  options: BootstrapOptions,
): BootstrapSummary {
  let defined = 0;
  for (let i = 0; i < draws.length; i++) if (!Number.isNaN(draws[i] as number)) draws[defined++] = draws[i] as number;
  const undefinedResamples = draws.length - defined;
  const base = { value, n, resamples: draws.length, undefinedResamples };
  const maxShare = options.maxUndefinedShare ?? DEFAULT_MAX_UNDEFINED_SHARE;
  if (value === null || defined === 0 || undefinedResamples > maxShare * draws.length)
    return { ...base, ci_low: null, ci_high: null };
  const kept = draws.subarray(0, defined).sort();
  const alpha = (1 - (options.level ?? DEFAULT_LEVEL)) / 2;
  return { ...base, ci_low: quantileSorted(kept, alpha), ci_high: quantileSorted(kept, 1 - alpha) };
}

/** A statistic of the items at `indices` (with repeats); null when undefined. */
export type IndexStatistic = (indices: Uint32Array) => number | null;

/**
 * Percentile bootstrap of `statistic` over `n` items: each resample draws n indices uniformly
 * with replacement.
 */
export function bootstrap(n: number, statistic: IndexStatistic, options: BootstrapOptions): BootstrapSummary {
  checkOptions(options);
  const identity = new Uint32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const value = statistic(identity);
  const draws = new Float64Array(options.resamples);
  if (n === 0) return summarizeDraws(value, draws.fill(Number.NaN), n, options);
  // The createRandom(seed) stream, drawn fast (resample.ts).
  const uniform = new UniformIndices(options.seed);
  const indices = new Uint32Array(n);
  for (let r = 0; r < options.resamples; r++) {
    uniform.fill(indices, n, n);
    draws[r] = statistic(indices) ?? Number.NaN;
  }
  return summarizeDraws(value, draws, n, options);
}

/**
 * Paired bootstrap of `treatment − baseline` over `n` items measured under both conditions:
 * the same resampled indices feed both statistics. Null when either side is undefined.
 */
export function bootstrapPairedDifference(
  n: number,
  baseline: IndexStatistic,
  treatment: IndexStatistic,
  options: BootstrapOptions,
): BootstrapSummary {
  return bootstrap(
    n,
    (indices) => {
      const a = baseline(indices);
      const b = treatment(indices);
      return a === null || b === null ? null : b - a;
    },
    options,
  );
}

/**
 * (treatment − baseline) / |baseline|: the relative change of a metric against its baseline
 * (docs/method.md §6; the paper's −43% / −84%). Null when either is undefined or the baseline is 0.
 */
export function relativeChange(baseline: number | null, treatment: number | null): number | null {
  return baseline === null || treatment === null || baseline === 0 ? null : (treatment - baseline) / Math.abs(baseline);
}

/** A paired contrast from one set of resamples: the difference and the relative change. */
export interface PairedContrast {
  /** treatment − baseline. */
  readonly difference: BootstrapSummary;
  /** (treatment − baseline) / |baseline| (`relativeChange`). */
  readonly relative: BootstrapSummary;
}

/**
 * Paired bootstrap of both `treatment − baseline` and `(treatment − baseline) / |baseline|` over
 * `n` items: each resample evaluates both statistics once on the same indices and yields both
 * contrasts. The difference is exactly `bootstrapPairedDifference` (same seed, same indices); a
 * resample whose baseline is 0 or undefined has an undefined ratio (the usual undefined policy,
 * `summarizeDraws`).
 */
export function bootstrapPairedContrast(
  n: number,
  baseline: IndexStatistic,
  treatment: IndexStatistic,
  options: BootstrapOptions,
): PairedContrast {
  checkOptions(options);
  const identity = new Uint32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const a0 = baseline(identity);
  const b0 = treatment(identity);
  const difference = a0 === null || b0 === null ? null : b0 - a0;
  const relative = relativeChange(a0, b0);
  const differences = new Float64Array(options.resamples);
  const ratios = new Float64Array(options.resamples);
  if (n === 0) {
    return {
      difference: summarizeDraws(difference, differences.fill(Number.NaN), n, options),
      relative: summarizeDraws(relative, ratios.fill(Number.NaN), n, options),
    };
  }
  const uniform = new UniformIndices(options.seed);
  const indices = new Uint32Array(n);
  for (let r = 0; r < options.resamples; r++) {
    uniform.fill(indices, n, n);
    const a = baseline(indices);
    const b = treatment(indices);
    differences[r] = a === null || b === null ? Number.NaN : b - a;
    ratios[r] = relativeChange(a, b) ?? Number.NaN;
  }
  return {
    difference: summarizeDraws(difference, differences, n, options),
    relative: summarizeDraws(relative, ratios, n, options),
  };
}

/** Mean of `values` at `indices`; null for an empty set. A ready-made IndexStatistic. */
export function meanAt(values: Float64Array): IndexStatistic {
  return (indices) => {
    if (indices.length === 0) return null;
    let sum = 0;
    for (let i = 0; i < indices.length; i++) sum += values[indices[i] as number] as number;
    return sum / indices.length;
  };
}

/**
 * Percentile bootstrap of the mean of `values`: exactly `bootstrap(values.length, meanAt(values),
 * options)`, bit for bit (same seed → same resampled items, summed in the same order), computed
 * with no index array and no statistic callback, in WebAssembly where it runs (`resampledMeans`):
 * for the candidate mass of 58,492 BBQ items × 1,000 resamples.
 */
export function bootstrapMean(values: Float64Array, options: BootstrapOptions): BootstrapSummary {
  checkOptions(options);
  const n = values.length;
  const identity = new Uint32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const value = meanAt(values)(identity);
  const draws = new Float64Array(options.resamples);
  if (n === 0) return summarizeDraws(value, draws.fill(Number.NaN), n, options);
  resampledMeans(values, options.resamples, options.seed, draws);
  return summarizeDraws(value, draws, n, options);
}
