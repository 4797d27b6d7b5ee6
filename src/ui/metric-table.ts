/**
 * Pivots metric rows into table rows (one per model × condition, or per category) for display.
 * Pure; the order follows first appearance so it matches the run's model and condition order.
 */
import type { MetricRow } from '../lib/core/records';

export interface MetricLine {
  readonly key: string;
  readonly model: string;
  readonly condition: MetricRow['condition'];
  readonly category: string | null;
  readonly cells: ReadonlyMap<string, MetricRow>;
}

/** Overall rows of one condition (no baseline). */
export const isOverall = (r: MetricRow): boolean => r.category === null && r.baseline === undefined;
/** Overall paired differences against a baseline. */
export const isDifference = (r: MetricRow): boolean => r.category === null && r.baseline !== undefined && !r.relative;
/** Overall relative changes against a baseline (same model × condition × metric as a difference). */
export const isRelative = (r: MetricRow): boolean =>
  r.category === null && r.baseline !== undefined && r.relative === true;

/**
 * One line per `by` key; within a line one cell per metric. Relative-change rows share model,
 * condition and metric with their difference rows, so the default key keeps them on separate
 * lines; filter with `isDifference` or `isRelative` to show one kind.
 */
export function pivotMetrics(
  rows: readonly MetricRow[],
  filter: (row: MetricRow) => boolean,
  by: (row: MetricRow) => string = (r) => `${r.model}|${r.condition}${r.relative ? '|relative' : ''}`,
): MetricLine[] {
  const lines = new Map<
    string,
    { model: string; condition: MetricRow['condition']; category: string | null; cells: Map<string, MetricRow> }
  >();
  for (const row of rows) {
    if (!filter(row)) continue;
    const key = by(row);
    let line = lines.get(key);
    if (!line) {
      line = { model: row.model, condition: row.condition, category: row.category, cells: new Map() };
      lines.set(key, line);
    }
    line.cells.set(row.metric, row);
  }
  return [...lines].map(([key, line]) => ({ key, ...line }));
}
