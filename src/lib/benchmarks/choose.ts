/**
 * From raw candidate probabilities to what a trial stores (docs/method.md §4): probabilities
 * renormalised over the candidates, their raw sum (candidate mass), and the argmax answer.
 * Ties go to the earlier candidate in the benchmark's order **[ours]**. A mass of 0 gives equal
 * shares and the first candidate (docs/method.md §4 makes it a failed trial instead; see that
 * file's last section).
 */
export interface Choice {
  readonly probs: Record<string, number>;
  readonly mass: number;
  readonly answer: string | null;
}

export function chooseAnswer(raw: Readonly<Record<string, number>>, order: readonly string[]): Choice {
  let mass = 0;
  for (const id of order) {
    const p = raw[id];
    if (p === undefined || !Number.isFinite(p) || p < 0) throw new Error(`candidate "${id}" has no valid probability: ${String(p)}`);
    mass += p;
  }
  const probs: Record<string, number> = {};
  let answer: string | null = null;
  let best = -1;
  for (const id of order) {
    const p = mass > 0 ? (raw[id] ?? 0) / mass : 1 / order.length;
    probs[id] = p;
    if (p > best) {
      best = p;
      answer = id;
    }
  }
  return { probs, mass, answer };
}

/** Mean of several probability maps over the same candidates (k reasoning samples, docs/method.md §5). */
export function meanProbabilities(maps: readonly Readonly<Record<string, number>>[], order: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of order) out[id] = maps.reduce((s, m) => s + (m[id] ?? 0), 0) / Math.max(1, maps.length);
  return out;
}
