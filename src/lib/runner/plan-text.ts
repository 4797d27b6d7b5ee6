/**
 * The sample plan in words (docs/method.md §6), for `cli eval --plan`, the Run form and the
 * slides: effective n and half-widths as text, the warnings (`warningOf`), and the whole plan per
 * benchmark with its items and trials (`formatPlan`). Pure.
 */
import type { BenchmarkId } from '../core/ids';
import { formatFixed, formatInteger, plural } from '../core/format';
import type { PlanLine, SamplePlan, SmallestSample } from './planner';

export interface PlanCounts {
  readonly benchmark: BenchmarkId;
  readonly items: number;
  readonly conditions: number;
  readonly models: number;
}

const METRIC: Readonly<Record<PlanLine['metric'], string>> = {
  ambiguous_bias: 'ambiguous bias',
  rho: 'ρ',
  discrimination: 'discrimination',
};

const UNITS: Readonly<Record<PlanLine['metric'], string>> = {
  ambiguous_bias: 'ambiguous item',
  rho: 'occupation',
  discrimination: 'profile pair',
};

/** "±0.12" or "no interval". */
export function formatHalfWidth(halfWidth: number | null): string {
  return halfWidth === null ? 'no interval' : `±${formatFixed(halfWidth, 2)}`;
}

/** A line's effective n in words: "12 ambiguous items in 9 templates", "60 occupations". */
export function describeUnits(l: PlanLine): string {
  const n = plural(l.n, UNITS[l.metric]);
  return l.templates === undefined ? n : `${n} in ${plural(l.templates, 'template')}`;
}

const NAMES: Readonly<Record<PlanLine['metric'], string>> = {
  ambiguous_bias: 'BBQ ambiguous bias (nine single-axis categories)',
  rho: 'Winogender ρ',
  discrimination: 'Admissions discrimination',
};

/** One warning in words, naming the smallest sample that would meet the threshold when known. */
export function warningOf(l: PlanLine, smallest: SmallestSample | undefined): string {
  const where = describeUnits(l);
  const aim = formatHalfWidth(l.threshold);
  const head =
    l.halfWidth === null
      ? `${NAMES[l.metric]}: too few units (${where}) for an interval.`
      : `${NAMES[l.metric]}: expected 95% interval ±${formatFixed(l.halfWidth, 2)} from ${where}, wider than ${aim}; the run may not detect an effect of that size.`;
  if (!smallest) return `${head} Choose a larger sample.`;
  if (smallest.size === null)
    return `${head} No sample of these ${formatInteger(smallest.items)} items meets ${aim}: all of them give ${formatHalfWidth(smallest.halfWidth)}.`;
  return `${head} The smallest sample that meets ${aim} is ${formatInteger(smallest.size)} items.`;
}

export function formatPlan(plan: SamplePlan, counts: readonly PlanCounts[]): string {
  const out: string[] = ['Sample plan (expected 95% half-widths are conservative; docs/method.md §6):'];
  for (const c of counts) {
    out.push(
      `  ${c.benchmark}: ${plural(c.items, 'item')} × ${plural(c.conditions, 'condition')} × ${plural(c.models, 'model')} = ${plural(c.items * c.conditions * c.models, 'trial')}`,
    );
    for (const l of plan.lines.filter((x) => x.benchmark === c.benchmark)) {
      const scope =
        l.category === null
          ? l.benchmark === 'bbq'
            ? 'headline (nine single-axis categories)'
            : 'headline'
          : l.category;
      out.push(
        `    ${METRIC[l.metric]}, ${scope}: ${describeUnits(l)}, ${formatHalfWidth(l.halfWidth)}${l.warn ? '  (too wide)' : ''}`,
      );
    }
  }
  for (const w of plan.warnings) out.push(`warning: ${w}`);
  if (plan.warnings.length === 0)
    out.push('Every headline half-width is within its threshold (0.10 for bias and discrimination, 0.25 for ρ).');
  return `${out.join('\n')}\n`;
}

/**
 * One sentence for a talk when a benchmark's headline sample falls short of its threshold (the
 * demo preset does): its expected interval and n, in words; null when the sample meets it.
 */
export function sampleNote(plan: SamplePlan, benchmark: BenchmarkId): string | null {
  const l = plan.lines.find((x) => x.benchmark === benchmark && x.category === null);
  if (!l?.warn) return null;
  const expected = l.halfWidth === null ? 'no interval' : `an expected 95% interval of ${formatHalfWidth(l.halfWidth)}`;
  return `Small sample: ${describeUnits(l)} ${l.n === 1 ? 'gives' : 'give'} ${expected}, wider than the ${formatHalfWidth(l.threshold)} a run should reach (docs/method.md §6); effects smaller than that cannot be told from chance.`;
}
