/**
 * When a relative change may be stated (docs/method.md §6), written once for the contrast chart,
 * the results table and the takeaway sentences: never from a baseline whose interval includes 0
 * ("no baseline"), never across a sign flip of the point values ("reversed"). Pure.
 */
import type { MetricRow } from '../core/records';

export type RelativeVerdict = 'reversed' | 'no baseline';

type Interval = Pick<MetricRow, 'ci_low' | 'ci_high'>;

/** An interval that lies wholly above or below 0 (false without one). */
export const excludesZero = (r: Interval): boolean =>
  r.ci_low !== null && r.ci_high !== null && (r.ci_low > 0 || r.ci_high < 0);

/** An interval that contains 0 (false without one). */
export const includesZero = (r: Interval): boolean =>
  r.ci_low !== null && r.ci_high !== null && r.ci_low <= 0 && r.ci_high >= 0;

/**
 * Why the relative change of `diff` (metric(c) − metric(q)) against the baseline row `q` must not
 * be shown, or null when it may (also when either value is undefined: then there is none to show).
 */
export function relativeVerdictOf(
  q: Pick<MetricRow, 'value' | 'ci_low' | 'ci_high'>,
  diff: Pick<MetricRow, 'value'> | undefined,
): RelativeVerdict | null {
  if (q.value === null) return null;
  if (includesZero(q)) return 'no baseline';
  if (!diff || diff.value === null) return null;
  const after = q.value + diff.value;
  return q.value !== 0 && after !== 0 && Math.sign(after) !== Math.sign(q.value) ? 'reversed' : null;
}
