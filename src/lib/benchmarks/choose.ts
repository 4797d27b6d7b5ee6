/**
 * From raw candidate probabilities to what a trial stores (docs/method.md §4): probabilities
 * renormalised over the candidates, their raw sum (candidate mass), and the argmax answer.
 * Ties go to the earlier candidate in the benchmark's order. A candidate mass of 0 or one that is
 * not finite has no answer: `massProblem` says so, and the trial is a failed trial, never the
 * first candidate; `chooseAnswer` on such probabilities is a bug and throws.
 */
export interface Choice {
  readonly probs: Record<string, number>;
  readonly mass: number;
  readonly answer: string | null;
}

/** Why these probabilities give no answer (a candidate missing, negative or not finite, or mass 0), else null. */
export function massProblem(raw: Readonly<Record<string, number>>, order: readonly string[]): string | null {
  let mass = 0;
  for (const id of order) {
    const p = raw[id];
    if (p === undefined || Number.isNaN(p) || p < 0) return `candidate "${id}" has no valid probability (${String(p)})`;
    mass += p;
  }
  if (!Number.isFinite(mass)) return `candidate mass is not finite (${String(mass)})`;
  if (mass <= 0) return 'candidate mass is 0: the model put no probability on any candidate';
  return null;
}

export function chooseAnswer(raw: Readonly<Record<string, number>>, order: readonly string[]): Choice {
  const problem = massProblem(raw, order);
  if (problem !== null) throw new Error(`chooseAnswer: ${problem} (a failed trial, check massProblem first)`);
  const mass = order.reduce((s, id) => s + (raw[id] as number), 0);
  const probs: Record<string, number> = {};
  let answer: string | null = null;
  let best = -1;
  for (const id of order) {
    const p = (raw[id] as number) / mass;
    probs[id] = p;
    if (p > best) {
      best = p;
      answer = id;
    }
  }
  return { probs, mass, answer };
}

/** Mean of several probability maps over the same candidates (k reasoning samples, docs/method.md §5). */
export function meanProbabilities(
  maps: readonly Readonly<Record<string, number>>[],
  order: readonly string[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of order) out[id] = maps.reduce((s, m) => s + (m[id] ?? 0), 0) / Math.max(1, maps.length);
  return out;
}
