/**
 * Conditions as charts show them: the colour scale (colours and names from the one table in
 * core/conditions.ts), and the notes about undefined values and conditions without results.
 */
import type * as Plot from '@observablehq/plot';
import { plural } from '../core/format';
import { CONDITION_COLORS, CONDITION_LABELS } from '../core/conditions';
import type { ConditionId } from '../core/ids';

export { orderConditions } from '../core/conditions';

/** An ordinal colour scale over `conditions` with a legend naming them in words. */
export function conditionColor(conditions: readonly ConditionId[], legend = true): Plot.ScaleOptions {
  return {
    type: 'ordinal',
    domain: [...conditions],
    range: conditions.map((c) => CONDITION_COLORS[c]),
    tickFormat: (c: ConditionId) => CONDITION_LABELS[c],
    legend,
  };
}

/** Small pixel offsets so conditions at the same position stay apart (dodge). */
export function dodge(condition: ConditionId, conditions: readonly ConditionId[], step = 4): number {
  const i = conditions.indexOf(condition);
  return (i - (conditions.length - 1) / 2) * step;
}

/** "2 undefined values not shown (…)" or nothing. */
export function undefinedNote(count: number, why = ''): string[] {
  if (count === 0) return [];
  return [`${plural(count, 'undefined value')} not shown${why ? ` (${why})` : ''}.`];
}

/** "No results for: …" for expected conditions that have no row at all. */
export function missingNote(expected: readonly ConditionId[], present: Iterable<ConditionId>): string[] {
  const have = new Set(present);
  const missing = expected.filter((c) => !have.has(c));
  if (missing.length === 0) return [];
  return [`No results for ${missing.map((c) => `“${CONDITION_LABELS[c]}”`).join(', ')}.`];
}

/** Left margin that fits the longest row label (about 6.5 px per character at 12 px). */
export function labelMargin(labels: readonly string[]): number {
  return Math.round(Math.min(280, Math.max(60, 14 + 6.5 * Math.max(0, ...labels.map((l) => l.length)))));
}
