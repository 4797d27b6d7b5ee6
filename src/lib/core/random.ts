/**
 * Seeded randomness, so that samples, bootstrap intervals and per-item reasoning seeds are
 * reproducible from the run seed alone (docs/method.md §5, §6). Pure; the same in Node and browsers.
 */

/** A PRNG returning floats in [0, 1). mulberry32: small, fast, good enough for resampling. */
export type Random = () => number;

export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a of a string: derives stable seeds from (seed, key) pairs. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seed for one item of a run: same run seed and item key -> same seed (docs/method.md §5). */
export function deriveSeed(runSeed: number, key: string): number {
  return hashString(`${runSeed >>> 0}:${key}`);
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(values: readonly T[], random: Random): T[] {
  const out = values.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}
