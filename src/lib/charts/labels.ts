/**
 * End labels for lines: where each label goes so that none overlaps another. Positions are in
 * pixels along one axis; each label keeps its place when it can and moves the least it must to
 * stay `gap` px from its neighbours, inside [min, max]. Pure.
 */

/** New positions, in the input order, at least `gap` apart within [min, max] (when they fit). */
export function spreadLabels(positions: readonly number[], gap: number, min: number, max: number): number[] {
  const order = positions.map((p, i) => ({ p: Math.min(max, Math.max(min, p)), i })).sort((a, b) => a.p - b.p);
  // Push down from the top, then back up from the bottom edge, then down from the top edge again.
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1] as { p: number };
    const cur = order[k] as { p: number };
    cur.p = Math.max(cur.p, prev.p + gap);
  }
  const last = order[order.length - 1];
  if (last && last.p > max) {
    last.p = max;
    for (let k = order.length - 2; k >= 0; k--) {
      const next = order[k + 1] as { p: number };
      const cur = order[k] as { p: number };
      cur.p = Math.min(cur.p, next.p - gap);
    }
  }
  const first = order[0];
  if (first && first.p < min) {
    first.p = min;
    for (let k = 1; k < order.length; k++) {
      const prev = order[k - 1] as { p: number };
      const cur = order[k] as { p: number };
      cur.p = Math.max(cur.p, prev.p + gap);
    }
  }
  const out = new Array<number>(positions.length);
  for (const { p, i } of order) out[i] = p;
  return out;
}
