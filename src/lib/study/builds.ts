/**
 * "Same model, different quantization" (issue 14): wherever a study holds two or more builds of
 * one model (same family and parameter count, different quantization) on the same items, each
 * other build's value against the first build's, per condition. The difference's interval is
 * conservative: it combines the two builds' own 95% intervals as if they were independent
 * (half-widths added in quadrature, each side separately); the builds answered the same items,
 * whose shared difficulty makes the true paired interval narrower (docs/method.md §8). Pure.
 */
import type { BenchmarkId, ConditionId } from '../core/ids';
import type { StudyRow } from '../core/study';

export interface BuildDifference {
  readonly condition: ConditionId;
  /** The first build's row and the other build's row. */
  readonly reference: StudyRow;
  readonly other: StudyRow;
  /** other − reference; null when either is undefined. */
  readonly value: number | null;
  readonly ci_low: number | null;
  readonly ci_high: number | null;
}

export interface BuildComparison {
  readonly benchmark: BenchmarkId;
  readonly metric: string;
  readonly family: string;
  readonly params: number;
  /** The builds, in order of first appearance; the first is the reference. */
  readonly builds: readonly string[];
  /** Every build's row per condition (for the figure), in study order. */
  readonly rows: readonly StudyRow[];
  readonly differences: readonly BuildDifference[];
}

/** other − reference with the conservative interval described above; null parts when undefined. */
export function buildDifference(reference: StudyRow, other: StudyRow): Omit<BuildDifference, 'condition'> {
  const a = reference;
  const b = other;
  if (a.value === null || b.value === null) return { reference, other, value: null, ci_low: null, ci_high: null };
  const value = b.value - a.value;
  if (a.ci_low === null || a.ci_high === null || b.ci_low === null || b.ci_high === null)
    return { reference, other, value, ci_low: null, ci_high: null };
  const down = Math.hypot(b.value - b.ci_low, a.ci_high - a.value);
  const up = Math.hypot(b.ci_high - b.value, a.value - a.ci_low);
  return { reference, other, value, ci_low: value - down, ci_high: value + up };
}

/**
 * Every model present in two or more builds, per benchmark, on `metricOf(benchmark)` (overall
 * rows, no contrasts). A build seen in several runs is represented by its first row.
 */
export function buildComparisons(
  rows: readonly StudyRow[],
  metricOf: (benchmark: BenchmarkId) => string | undefined,
): BuildComparison[] {
  const groups = new Map<string, StudyRow[]>();
  for (const r of rows) {
    if (r.category !== null || r.baseline !== undefined || r.metric !== metricOf(r.benchmark)) continue;
    if (r.family === null || r.params === null || r.quantization === null) continue;
    const key = `${r.benchmark}|${r.family}|${r.params}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const out: BuildComparison[] = [];
  for (const list of groups.values()) {
    const builds = [...new Set(list.map((r) => r.quantization as string))];
    if (builds.length < 2) continue;
    const first = list[0] as StudyRow;
    const kept = new Map<string, StudyRow>();
    for (const r of list) {
      const key = `${r.quantization}|${r.condition}`;
      if (!kept.has(key)) kept.set(key, r);
    }
    const differences: BuildDifference[] = [];
    const conditions = [...new Set(list.map((r) => r.condition))];
    for (const condition of conditions) {
      const reference = kept.get(`${builds[0]}|${condition}`);
      if (!reference) continue;
      for (const build of builds.slice(1)) {
        const other = kept.get(`${build}|${condition}`);
        if (other) differences.push({ condition, ...buildDifference(reference, other) });
      }
    }
    out.push({
      benchmark: first.benchmark,
      metric: first.metric,
      family: first.family as string,
      params: first.params as number,
      builds,
      rows: [...kept.values()],
      differences,
    });
  }
  return out;
}
