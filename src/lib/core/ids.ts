/**
 * Persisted identifiers shared by every layer. These strings are written into stored records
 * and export files: never rename one, add a new id instead (docs/method.md §2).
 */

/** Prompting conditions of Ganguli, Askell et al. 2023. */
export type ConditionId = 'q' | 'q_if' | 'q_if_cot' | 'q_match_stats';

export const CONDITION_IDS: readonly ConditionId[] = ['q', 'q_if', 'q_if_cot', 'q_match_stats'];

// What each condition means (label, colour, baseline, ...) is in conditions.ts.

/** Benchmarks the app knows. */
export type BenchmarkId = 'bbq' | 'winogender' | 'admissions';

export const BENCHMARK_IDS: readonly BenchmarkId[] = ['bbq', 'winogender', 'admissions'];

export function isConditionId(value: unknown): value is ConditionId {
  return typeof value === 'string' && (CONDITION_IDS as readonly string[]).includes(value);
}

/** Exhaustiveness guard for switches over discriminated unions. */
export function assertNever(value: never, context = 'unexpected value'): never {
  throw new Error(`${context}: ${JSON.stringify(value)}`);
}
