/**
 * Conditions as charts show them: the colour scale (colours and names from the one table in
 * core/conditions.ts; legends are drawn by legend.ts), and the notes about undefined values and
 * conditions without results.
 */
import type * as Plot from '@observablehq/plot';
import { plural } from '../core/format';
import { CONDITION_COLORS, CONDITION_LABELS, CONDITIONS } from '../core/conditions';
import type { ConditionId } from '../core/ids';

export { orderConditions } from '../core/conditions';

/** An ordinal colour scale over `conditions` (no legend of Plot's own: specs list theirs, legend.ts). */
export function conditionColor(conditions: readonly ConditionId[]): Plot.ScaleOptions {
  return {
    type: 'ordinal',
    domain: [...conditions],
    range: conditions.map((c) => CONDITION_COLORS[c]),
    tickFormat: (c: ConditionId) => CONDITION_LABELS[c],
  };
}

/** Small pixel offsets so conditions at the same position stay apart (dodge). */
export function dodge(condition: ConditionId, conditions: readonly ConditionId[], step = 4): number {
  const i = conditions.indexOf(condition);
  return (i - (conditions.length - 1) / 2) * step;
}

/** "2 undefined values not shown (…)" or nothing; `brief` leaves out why (footnotes). */
export function undefinedNote(count: number, why = '', brief = false): string[] {
  if (count === 0) return [];
  return [`${plural(count, 'undefined value')} not shown${why && !brief ? ` (${why})` : ''}.`];
}

/** "No results for: …" for expected conditions that have no row at all. */
export function missingNote(expected: readonly ConditionId[], present: Iterable<ConditionId>): string[] {
  const have = new Set(present);
  const missing = expected.filter((c) => !have.has(c));
  if (missing.length === 0) return [];
  return [`No results for ${missing.map((c) => `“${CONDITION_LABELS[c]}”`).join(', ')}.`];
}

/** "No results for Avoid bias, Reason first." for expected conditions that have no row (footnotes). */
export function missingBrief(expected: readonly ConditionId[], present: Iterable<ConditionId>): string[] {
  const have = new Set(present);
  const missing = expected.filter((c) => !have.has(c));
  return missing.length === 0 ? [] : [`No results for ${missing.map((c) => CONDITIONS[c].short).join(', ')}.`];
}
