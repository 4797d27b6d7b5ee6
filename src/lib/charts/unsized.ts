/**
 * Models without a known parameter count (custom or server models): the headline metric per
 * model as unconnected points with intervals, one row per model, so they are shown without
 * being placed on a size axis they do not belong on.
 */
import type * as Plot from '@observablehq/plot';
import * as P from '@observablehq/plot';
import type { MetricInfo, MetricRow } from '../core/records';
import { conditionColor, dodge, labelMargin, orderConditions, undefinedNote } from './conditions';
import { hasInterval, pointTitle, toPoint, type BenchmarkCharting } from './metrics';
import type { SizeLookup } from '../core/sizes';
import { CLICK_CLASS, makeSpec, type ChartPoint, type ChartSpec } from './spec';

export function unsizedSpec(
  benchmark: BenchmarkCharting,
  info: MetricInfo,
  rows: readonly MetricRow[],
  sizes: SizeLookup,
): ChartSpec {
  const points = rows.map(toPoint).filter((p): p is ChartPoint => p !== null);
  const conditions = orderConditions(rows.map((r) => r.condition));
  const models = [...new Set(rows.map((r) => r.model))];
  const label = (p: ChartPoint): string => sizes(p.model).label;
  const marks: Plot.Markish[] = [P.ruleX([0], { strokeOpacity: 0.5 })];
  for (const c of conditions) {
    const dy = dodge(c, conditions, 5);
    marks.push(
      P.ruleY(points, {
        filter: (p: ChartPoint) => p.condition === c && hasInterval(p),
        y: label,
        x1: 'ci_low',
        x2: 'ci_high',
        stroke: () => c,
        dy,
        strokeOpacity: 0.7,
      }),
    );
    marks.push(
      P.dot(points, {
        filter: (p: ChartPoint) => p.condition === c,
        y: label,
        x: 'value',
        fill: () => c,
        r: 3.5,
        dy,
        className: CLICK_CLASS,
        title: (p: ChartPoint) => pointTitle(p, label(p)),
      }),
    );
  }
  return makeSpec({
    id: `unsized-${benchmark.id}-${info.metric}`,
    title: `${benchmark.title}: ${info.label}, models of unknown size`,
    subtitle: `${info.label} per model and condition; these models have no known parameter count, so they are not on the size axis.`,
    notes: ['Horizontal bars: 95% bootstrap intervals.', ...undefinedNote(rows.filter((r) => r.value === null).length)],
    points,
    plot: {
      marginLeft: labelMargin(models.map((m) => sizes(m).label)),
      height: 60 + 40 * models.length,
      marginBottom: 42,
      x: { label: info.label, grid: true, nice: true, labelOffset: 36 },
      y: { domain: models.map((m) => sizes(m).label), label: null },
      color: conditionColor(conditions),
      marks,
    },
  });
}
