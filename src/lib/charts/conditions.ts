/**
 * Conditions as charts show them: one fixed colour per condition on every chart (mid-luminance
 * hues readable on light and dark backgrounds), named in words (CONDITION_LABELS), and the
 * notes about undefined values and conditions without results.
 * Invariant: a condition keeps its colour whichever subset of conditions a chart shows.
 */
import type * as Plot from '@observablehq/plot';
import { formatInteger } from '../core/format';
import { CONDITION_IDS, CONDITION_LABELS, type ConditionId } from '../core/ids';

export const CONDITION_COLORS: Readonly<Record<ConditionId, string>> = {
  q: '#8a8f98',
  q_if: '#e8850c',
  q_if_cot: '#3d8fe0',
  q_match_stats: '#b566d4',
};

/** The given conditions in canonical order, without duplicates. */
export function orderConditions(conditions: Iterable<ConditionId>): ConditionId[] {
  const present = new Set(conditions);
  return CONDITION_IDS.filter((c) => present.has(c));
}

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

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatInteger(n)} ${n === 1 ? one : many}`;
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
