/**
 * The marks every per-condition point chart draws: one row per condition, dodged apart, each
 * point a clickable mark in the condition's shape (core/conditions.ts) with its 95% interval as a
 * horizontal rule. Written once so that the contrast chart, the unsized chart and a benchmark's
 * category chart draw their points alike.
 */
import type * as Plot from '@observablehq/plot';
import * as P from '@observablehq/plot';
import { CONDITIONS } from '../core/conditions';
import type { ConditionId } from '../core/ids';
import { dodge } from './conditions';
import type { Frame } from './frame';
import { hasInterval } from './metrics';
import { CLICK_CLASS, type ChartPoint } from './spec';

export interface ConditionDotsOptions {
  /** The row (y value) of a point. */
  readonly y: (p: ChartPoint) => string;
  /** Tooltip text of a point. */
  readonly title: (p: ChartPoint) => string;
  /** Pixels between the rows of neighbouring conditions (at most; less when a row is short). */
  readonly step: number;
  readonly frame: Frame;
  /** Draw the interval rules (false where the values have no interval). */
  readonly intervals?: boolean;
}

/** Interval rules and marks of each condition, in the given order. */
export function conditionDots(
  points: readonly ChartPoint[],
  conditions: readonly ConditionId[],
  { y, title, step, frame, intervals = true }: ConditionDotsOptions,
): Plot.Markish[] {
  return conditions.flatMap((c) => {
    const dy = dodge(c, conditions, step);
    const dots = P.dot(points, {
      filter: (p: ChartPoint) => p.condition === c,
      y,
      x: 'value',
      fill: 'condition',
      symbol: CONDITIONS[c].shape,
      r: frame.dot,
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
      strokeWidth: frame.line,
      dy,
      strokeOpacity: 0.7,
    });
    return [rules, dots];
  });
}

/**
 * Pixels between dodged conditions: `pageStep` on the page; on a slide as much as a row of `rowPx`
 * px allows, between one and two mark diameters.
 */
export function dodgeStep(frame: Frame, pageStep: number, rowPx: number, conditions: number): number {
  if (frame.kind === 'page') return pageStep;
  return Math.max(frame.dot * 2, Math.min(frame.dot * 4, (rowPx * 0.8) / Math.max(conditions, 1)));
}

/**
 * One condition's points on a size axis (x = parameter count, one panel per `panel`): its 95%
 * intervals as vertical rules and its points as clickable marks in the condition's shape, dodged
 * by `dx`. The run's scaling figure and a study's draw their points with it.
 */
export function sizedPointMarks<T extends ChartPoint>(
  points: readonly T[],
  condition: ConditionId,
  { frame, dx, title }: { readonly frame: Frame; readonly dx: number; readonly title: (p: T) => string },
): Plot.Markish[] {
  const mine = (p: T): boolean => p.condition === condition;
  return [
    P.ruleX(points, {
      filter: (p: T) => mine(p) && hasInterval(p),
      x: 'params',
      y1: 'ci_low',
      y2: 'ci_high',
      fx: 'panel',
      stroke: () => condition,
      strokeWidth: frame.line,
      dx,
      strokeOpacity: 0.7,
    }),
    P.dot(points, {
      filter: mine,
      x: 'params',
      y: 'value',
      fx: 'panel',
      fill: () => condition,
      symbol: CONDITIONS[condition].shape,
      r: frame.dot,
      dx,
      className: CLICK_CLASS,
      title,
    }),
  ];
}
