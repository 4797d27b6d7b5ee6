/**
 * Pearson's correlation coefficient (Winogender: p_female vs labour statistics, docs/method.md §3.2).
 * Undefined is a value here, not 0 and not NaN: `null` for fewer than 2 points or when either
 * variable is constant (zero variance).
 */

/**
 * r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² · Σ(y−ȳ)²), two-pass for numerical stability. Clamped to
 * [−1, 1] against rounding. Throws on unequal lengths or non-finite input (a bug upstream).
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  if (x.length !== y.length) throw new Error(`pearson: ${x.length} x values but ${y.length} y values`);
  const n = x.length;
  if (n < 2) return null;
  if (isConstant(x) || isConstant(y)) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i] as number;
    const b = y[i] as number;
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new Error(`pearson: non-finite value at ${i}: (${a}, ${b})`);
    mx += a;
    my += b;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null; // not reachable for non-constant input, kept as a guard
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Exactly equal values (a mean-based variance can come out as 1e-34 instead of 0). */
function isConstant(v: ArrayLike<number>): boolean {
  for (let i = 1; i < v.length; i++) if (v[i] !== v[0]) return false;
  return true;
}

/** Pearson r of the pairs at `indices` (with repeats): for bootstrapping over units. */
export function pearsonAt(x: ArrayLike<number>, y: ArrayLike<number>, indices: Uint32Array): number | null {
  const xs = new Float64Array(indices.length);
  const ys = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i] as number;
    xs[i] = x[k] as number;
    ys[i] = y[k] as number;
  }
  return pearson(xs, ys);
}
