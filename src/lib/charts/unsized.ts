/**
 * Models without a known parameter count (custom or server models): the headline metric per
 * model as unconnected points with intervals, one row per model, so they are shown without
 * being placed on a size axis they do not belong on.
 */
import * as P from '@observablehq/plot';
import type { MetricInfo, MetricRow } from '../core/records';
import { conditionColor, orderConditions, undefinedNote } from './conditions';
import { bottomMargin, heightIn, rowAxis } from './frame';
import { conditionLegend } from './legend';
import { conditionDots, dodgeStep } from './marks';
import { pointTitle, toPoint, type BenchmarkCharting } from './metrics';
import type { SizeLookup } from '../core/sizes';
import { makeSpec, type ChartPoint, type ChartSpec } from './spec';

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
  const undefinedCount = rows.filter((r) => r.value === null).length;
  return makeSpec({
    id: `unsized-${benchmark.id}-${info.metric}`,
    title: `${info.label}, models of unknown size`,
    subtitle: `${info.label} per model and condition; these models have no known parameter count, so they are not on the size axis.`,
    notes: ['Horizontal bars: 95% bootstrap intervals.', ...undefinedNote(undefinedCount)],
    footnote: ['Bars: 95% bootstrap intervals.', 'Size unknown: not on a size axis.', ...undefinedNote(undefinedCount)],
    points,
    legend: conditionLegend(conditions),
    ...(points.length === 0 ? { empty: `Every value here is undefined (${undefinedCount}).` } : {}),
    plot: (frame) => {
      const marginBottom = bottomMargin(frame);
      const height = heightIn(frame, 60 + 40 * models.length);
      const rowPx = (height - 20 - marginBottom) / Math.max(models.length, 1);
      return {
        ...rowAxis(
          models.map((m) => sizes(m).label),
          frame,
        ),
        marginRight: frame.font * 1.5,
        height,
        marginBottom,
        x: { label: info.label, grid: true, nice: true, inset: frame.dot * 2, labelOffset: marginBottom - 6 },
        color: conditionColor(conditions),
        marks: [
          P.ruleX([0], { strokeOpacity: 0.5 }),
          ...conditionDots(points, conditions, {
            y: label,
            step: dodgeStep(frame, 5, rowPx, conditions.length),
            frame,
            title: (p: ChartPoint) => pointTitle(p, label(p)),
          }),
        ],
      };
    },
  });
}
