/**
 * A table of metric rows as CSV (Results' and the Study's "Download table (CSV)"): one list of the
 * row's own columns, so every metric table says the same things (the model's facts, the interval
 * and what it resamples) in the same order; a study adds the columns that say which run made a row.
 */
import { toCsv } from './csv';
import type { MetricRow } from './records';

/** A metric row's columns, after `benchmark` and before any caller's own. */
export const METRIC_CSV_COLUMNS = [
  'model',
  'params',
  'family',
  'quantization',
  'condition',
  'baseline',
  'relative',
  'category',
  'metric',
  'value',
  'ci_low',
  'ci_high',
  'n',
  'interval_unit',
] as const;

/**
 * The rows as CSV: `benchmark`, then `lead` (e.g. the run), the metric columns, then `tail`. An
 * absent baseline is empty and an absent relative flag false, never left out.
 */
export function metricCsv<R extends MetricRow>(
  rows: readonly R[],
  { lead = [], tail = [] }: { readonly lead?: readonly string[]; readonly tail?: readonly string[] } = {},
): string {
  const cells = rows.map((r): Record<string, unknown> => ({
    ...(r as object),
    baseline: r.baseline ?? null,
    relative: r.relative ?? false,
  }));
  return toCsv(cells, ['benchmark', ...lead, ...METRIC_CSV_COLUMNS, ...tail]);
}
