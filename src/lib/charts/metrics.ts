/**
 * Row selection shared by the chart builders: the overall (or per-category) rows of one metric,
 * the paired contrast rows, the benchmark's metric labels and expected conditions (handed in as
 * a `BenchmarkCharting`, which a Benchmark is, so charts know no benchmark by name and import no
 * registry), and the mark tooltip text.
 */
import type { MetricInfo, MetricRow, MetricWords } from '../core/records';
import { formatEstimate, formatInteger, formatSignedPercent, formatSignedPercentInterval } from '../core/format';
import { CONDITION_LABELS } from '../core/conditions';
import type { BenchmarkId, ConditionId } from '../core/ids';
import type { ChartPoint } from './spec';

/** What charts read of a benchmark (a `Benchmark` has all of it). */
export interface BenchmarkCharting {
  readonly id: BenchmarkId;
  readonly title: string;
  readonly conditions: readonly ConditionId[];
  readonly metrics: readonly MetricInfo[];
}

/** Just the charting fields of a benchmark (for code that should not hold the whole benchmark). */
export function benchmarkCharting(b: BenchmarkCharting): BenchmarkCharting {
  return { id: b.id, title: b.title, conditions: b.conditions, metrics: b.metrics };
}

/** The metric's display info; the headline metric when `metric` is omitted. */
export function metricInfo(benchmark: BenchmarkCharting, metric?: string): MetricInfo {
  const { metrics } = benchmark;
  const found = metric === undefined ? metrics.find((m) => m.headline) : metrics.find((m) => m.metric === metric);
  if (found) return found;
  if (metric === undefined) throw new Error(`charts: benchmark ${benchmark.id} declares no headline metric`);
  return { metric, label: metric, help: '', signed: true };
}

/** How sentences name the metric's values (docs/method.md §6); neutral words when it declares none. */
export function metricWords(info: MetricInfo): MetricWords {
  return (
    info.words ?? {
      up: 'higher',
      down: 'lower',
      positive: 'positive',
      negative: 'negative',
      none: `no baseline ${info.label.charAt(0).toLowerCase()}${info.label.slice(1)}`,
      undefinedWhy: 'no answer it can be computed from',
      wide: Infinity,
    }
  );
}

export interface RowFilter {
  readonly benchmark: BenchmarkId;
  readonly metric: string;
  readonly model?: string;
  /** `null`: overall rows only; `'any'`: per-category rows only; a string: that category. */
  readonly category?: string | null | 'any';
  /** Paired contrast rows (`baseline` set) instead of plain ones. */
  readonly contrast?: boolean;
  /** With `contrast`: the relative-change rows (`relative` set) instead of the differences. */
  readonly relative?: boolean;
}

export function selectRows(rows: readonly MetricRow[], f: RowFilter): MetricRow[] {
  return rows.filter((r) => {
    if (r.benchmark !== f.benchmark || r.metric !== f.metric) return false;
    if (f.model !== undefined && r.model !== f.model) return false;
    if ((r.baseline !== undefined) !== (f.contrast ?? false)) return false;
    if ((r.relative ?? false) !== (f.relative ?? false)) return false;
    const category = f.category === undefined ? null : f.category;
    if (category === 'any') return r.category !== null;
    return r.category === category;
  });
}

/** A defined row as a clickable point (null values are not points). */
export function toPoint(r: MetricRow): ChartPoint | null {
  if (r.value === null || !Number.isFinite(r.value)) return null;
  return {
    benchmark: r.benchmark,
    model: r.model,
    condition: r.condition,
    category: r.category,
    metric: r.metric,
    value: r.value,
    ci_low: r.ci_low,
    ci_high: r.ci_high,
    n: r.n,
    ...(r.baseline ? { baseline: r.baseline } : {}),
    ...(r.relative ? { relative: r.relative } : {}),
  };
}

/** Tooltip (SVG <title>) text of a point; `category`: the category as people read it. */
export function pointTitle(p: ChartPoint, label: string = p.model, category: string | null = p.category): string {
  const where = category === null ? '' : ` · ${category}`;
  if (p.relative && p.baseline) {
    const interval = formatSignedPercentInterval(p.ci_low, p.ci_high) || 'no interval';
    return `${label}${where}\n${CONDITION_LABELS[p.condition]} vs ${CONDITION_LABELS[p.baseline]} (relative change)\n${formatSignedPercent(p.value)} ${interval}, n = ${formatInteger(p.n)}\nClick to see the trials`;
  }
  const what = p.baseline
    ? `${CONDITION_LABELS[p.condition]} − ${CONDITION_LABELS[p.baseline]}`
    : CONDITION_LABELS[p.condition];
  return `${label}${where}\n${what}\n${formatEstimate(p.value, p.ci_low, p.ci_high)}, n = ${formatInteger(p.n)}\nClick to see the trials`;
}

/** Rows with ci_low and ci_high both set (these get an interval mark). */
export function hasInterval(p: { readonly ci_low: number | null; readonly ci_high: number | null }): boolean {
  return p.ci_low !== null && p.ci_high !== null;
}
