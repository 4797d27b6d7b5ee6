/**
 * The marks every per-condition point chart draws: one row per condition, dodged apart, each
 * point a clickable dot with its 95% interval as a horizontal rule. Written once so that the
 * contrast chart and a benchmark's category chart draw their points alike.
 */
import type * as Plot from '@observablehq/plot';
import * as P from '@observablehq/plot';
import type { ConditionId } from '../core/ids';
import { dodge } from './conditions';
import { hasInterval } from './metrics';
import { CLICK_CLASS, type ChartPoint } from './spec';

export interface ConditionDotsOptions {
  /** The row (y value) of a point. */
  readonly y: (p: ChartPoint) => string;
  /** Tooltip text of a point. */
  readonly title: (p: ChartPoint) => string;
  /** Pixels between the rows of neighbouring conditions. */
  readonly step: number;
  /** Draw the interval rules (false where the values have no interval). */
  readonly intervals?: boolean;
}

/** Interval rules and dots of each condition, in the given order. */
export function conditionDots(
  points: readonly ChartPoint[],
  conditions: readonly ConditionId[],
  { y, title, step, intervals = true }: ConditionDotsOptions,
): Plot.Markish[] {
  return conditions.flatMap((c) => {
    const dy = dodge(c, conditions, step);
    const dots = P.dot(points, {
      filter: (p: ChartPoint) => p.condition === c,
      y,
      x: 'value',
      fill: 'condition',
      r: 3.5,
      dy,
      className: CLICK_CLASS,
      title,
    });
    if (!intervals) return [dots];
    const rules = P.ruleY(points, {
      filter: (p: ChartPoint) => p.condition === c && hasInterval(p),
      y,
      x1: 'ci_low',
      x2: 'ci_high',
      stroke: 'condition',
      dy,
      strokeOpacity: 0.7,
    });
    return [rules, dots];
  });
}
