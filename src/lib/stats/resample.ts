/**
 * Uniform random indices for resampling, fast. The numbers are *exactly* those of
 * `createRandom(seed)` from random.ts (mulberry32): index = floor(u · n) for each u of that
 * stream, in order (a test pins the equality). The generator state lives in a local variable
 * inside the loop, so no number is boxed per draw; calling the `createRandom` closure instead
 * costs ~5× more, which matters at 58,492 items × 1,000 resamples.
 */
import { wasmMeans } from './wasm/means';

export class UniformIndices {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Writes `count` indices in [0, n) to `out[0..count)`. */
  fill(out: Uint32Array, count: number, n: number): void {
    if (count > out.length) throw new Error(`UniformIndices: ${count} indices do not fit in ${out.length}`);
    let a = this.state | 0;
    for (let i = 0; i < count; i++) {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    }
    this.state = a >>> 0;
  }
}

/** ln k and ln k! for k = 0..n (cached, grown on demand; each entry always the same value). */
let lnTable = new Float64Array([Number.NEGATIVE_INFINITY, 0]);
let lnFactorials = new Float64Array([0, 0]);
function growTables(n: number): void {
  if (n < lnTable.length) return;
  const size = Math.max(n + 1, lnTable.length * 2);
  const ln = new Float64Array(size);
  const lnf = new Float64Array(size);
  ln.set(lnTable);
  lnf.set(lnFactorials);
  for (let k = lnTable.length; k < size; k++) {
    ln[k] = Math.log(k);
    lnf[k] = (lnf[k - 1] as number) + (ln[k] as number);
  }
  lnTable = ln;
  lnFactorials = lnf;
}

/**
 * Seeded binomial and multinomial variates, for resampling *counts* instead of items: drawing
 * n items with replacement from a sample whose items fall into types with counts c_1..c_K gives
 * type counts ~ Multinomial(n; c_1/n, …, c_K/n), the same distribution as tallying n uniform
 * draws, at a cost of K binomials instead of n draws.
 *
 * Uniforms are the createRandom(seed) (mulberry32) stream. A binomial is drawn by inversion
 * searching outward from the mode (one uniform per variate; the pmf at the mode from tables of
 * ln k and ln k!, its neighbours by the ratio p(k+1)/p(k)), so it is exact up to floating point
 * and costs O(√(npq)) steps. A multinomial is a chain of conditional binomials.
 */
export class CountSampler {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next createRandom(seed) number, in [0, 1). */
  uniform(): number {
    const a = (this.state + 0x6d2b79f5) | 0;
    this.state = a >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * Binomial(n, w / total) for integers 0 ≤ w ≤ total, n ≥ 0 (the number of draws, out of n,
   * that land on w of total items). Consumes one uniform unless n = 0, w = 0 or w = total.
   */
  binomial(n: number, w: number, total: number): number {
    if (n === 0 || w <= 0) return 0;
    if (w >= total) return n;
    growTables(Math.max(n, total));
    const ln = lnTable;
    const lnf = lnFactorials;
    const p = w / total;
    const mode = Math.min(n, Math.floor((n + 1) * p));
    // pmf(mode) = C(n, mode) p^mode q^(n − mode), with ln p = ln w − ln total, ln q = ln(total − w) − ln total.
    const lnTotal = ln[total] as number;
    const atMode = Math.exp(
      (lnf[n] as number) -
        (lnf[mode] as number) -
        (lnf[n - mode] as number) +
        mode * ((ln[w] as number) - lnTotal) +
        (n - mode) * ((ln[total - w] as number) - lnTotal),
    );
    let u = this.uniform();
    if (u < atMode) return mode;
    u -= atMode;
    const odds = w / (total - w);
    let lo = mode;
    let hi = mode;
    let pLo = atMode;
    let pHi = atMode;
    // Inversion over the outcomes ordered mode, mode+1, mode−1, mode+2, mode−2, …
    for (;;) {
      if (hi < n) {
        pHi *= ((n - hi) / (hi + 1)) * odds;
        hi++;
        if (u < pHi) return hi;
        u -= pHi;
      }
      if (lo > 0) {
        pLo *= lo / ((n - lo + 1) * odds);
        lo--;
        if (u < pLo) return lo;
        u -= pLo;
      } else if (hi >= n) return mode; // u beyond the pmf's floating-point sum (≈ 1e-15 of the time)
    }
  }

  /**
   * Multinomial(draws; weights[start..end) / their sum) into out[start..end). Weights are
   * non-negative integers (item counts); put the largest first for speed. Consumes at most
   * end − start − 1 uniforms.
   */
  multinomial(draws: number, weights: Uint32Array, start: number, end: number, out: Uint32Array): void {
    let total = 0;
    for (let j = start; j < end; j++) total += weights[j] as number;
    if (total === 0 && draws > 0)
      throw new Error(`CountSampler: weights [${start}, ${end}) sum to 0 but ${draws} draws were asked`);
    let left = draws;
    for (let j = start; j < end; j++) {
      const w = weights[j] as number;
      const x = j === end - 1 || left === 0 ? (w > 0 ? left : 0) : this.binomial(left, w, total);
      out[j] = x;
      left -= x;
      total -= w;
    }
  }
}

/**
 * Means of `resamples` bootstrap resamples of `values` (n draws with replacement each), written
 * to `out[0..resamples)`: exactly `meanAt(values)` of the `UniformIndices(seed)` draws, bit for
 * bit (the same indices, floor(u · n) for each u of the createRandom(seed) stream, summed in
 * draw order). Computed by the WebAssembly kernel where it runs (wasm/means.ts), else by
 * `resampledMeansJs`; both give the same numbers.
 */
export function resampledMeans(values: Float64Array, resamples: number, seed: number, out: Float64Array): void {
  if (values.length === 0) throw new Error('resampledMeans: no values');
  if (wasmMeans()?.(values, resamples, seed, out)) return;
  resampledMeansJs(values, resamples, seed, out);
}

/** `resampledMeans` in JavaScript: the draws generated four at a time inline, with no index array. */
export function resampledMeansJs(values: Float64Array, resamples: number, seed: number, out: Float64Array): void {
  const n = values.length;
  if (n === 0) throw new Error('resampledMeans: no values');
  const C = 0x6d2b79f5;
  const W = 4294967296;
  let a = seed | 0;
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      // Four consecutive states of the stream; their outputs are independent computations.
      const a0 = (a + C) | 0;
      const a1 = (a0 + C) | 0;
      const a2 = (a1 + C) | 0;
      const a3 = (a2 + C) | 0;
      a = a3;
      let t0 = Math.imul(a0 ^ (a0 >>> 15), a0 | 1);
      t0 ^= t0 + Math.imul(t0 ^ (t0 >>> 7), t0 | 61);
      let t1 = Math.imul(a1 ^ (a1 >>> 15), a1 | 1);
      t1 ^= t1 + Math.imul(t1 ^ (t1 >>> 7), t1 | 61);
      let t2 = Math.imul(a2 ^ (a2 >>> 15), a2 | 1);
      t2 ^= t2 + Math.imul(t2 ^ (t2 >>> 7), t2 | 61);
      let t3 = Math.imul(a3 ^ (a3 >>> 15), a3 | 1);
      t3 ^= t3 + Math.imul(t3 ^ (t3 >>> 7), t3 | 61);
      sum += values[Math.floor((((t0 ^ (t0 >>> 14)) >>> 0) / W) * n)] as number;
      sum += values[Math.floor((((t1 ^ (t1 >>> 14)) >>> 0) / W) * n)] as number;
      sum += values[Math.floor((((t2 ^ (t2 >>> 14)) >>> 0) / W) * n)] as number;
      sum += values[Math.floor((((t3 ^ (t3 >>> 14)) >>> 0) / W) * n)] as number;
    }
    for (; i < n; i++) {
      a = (a + C) | 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      sum += values[Math.floor((((t ^ (t >>> 14)) >>> 0) / W) * n)] as number;
    }
    out[r] = sum / n;
  }
}
