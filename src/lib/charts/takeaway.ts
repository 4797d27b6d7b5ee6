/**
 * The sentences that state a result on a slide (docs/method.md §6), computed from metric rows,
 * one per figure: `buildTakeaway` for the paired effects (one model's largest effect of a
 * condition against the plain question), `scalingTakeaway` for the headline by size (with whether
 * a null result of small models agrees with the paper, §7). A benchmark's detail figures build
 * theirs from the helpers exported here.
 * Every sentence tells "not run" (no row) from "undefined" (a row with no value, said why in
 * words), says "reversed" instead of a relative change across a sign flip and "no baseline bias"
 * when the baseline's interval includes 0 (relative.ts), names the direction in words, gives one
 * interval, and says "Small sample: intervals are wide." past the metric's half-width threshold.
 * Pure.
 */
import type { MetricInfo, MetricRow } from '../core/records';
import { formatSigned, formatSignedPercent } from '../core/format';
import { BASELINE_CONDITION, CONDITIONS } from '../core/conditions';
import type { ConditionId } from '../core/ids';
import { formatParams, type SizeLookup } from '../core/sizes';
import { metricInfo, metricWords, type BenchmarkCharting } from './metrics';
import { referenceBands } from './reference';
import { excludesZero, relativeVerdictOf } from './relative';

/** A value in a sentence: two decimals with a sign, "+0.20", "−0.09", "0.00". */
export const signed = (v: number): string => formatSigned(v, 2);

export const SMALL_SAMPLE = 'Small sample: intervals are wide.';

/** The plain question, as sentences name it. */
export const PLAIN = CONDITIONS[BASELINE_CONDITION].phrase;

export const lowerFirst = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);

/** "95% CI +0.01 to +0.09", or "no interval". */
export function intervalWords(r: Pick<MetricRow, 'ci_low' | 'ci_high'>): string {
  return r.ci_low === null || r.ci_high === null ? 'no interval' : `95% CI ${signed(r.ci_low)} to ${signed(r.ci_high)}`;
}

const halfWidth = (r: MetricRow | undefined): number =>
  r && r.ci_low !== null && r.ci_high !== null ? (r.ci_high - r.ci_low) / 2 : 0;

/** Some row's interval half-width exceeds the metric's threshold (docs/method.md §6). */
export function tooWide(info: MetricInfo, ...rows: (MetricRow | undefined)[]): boolean {
  return rows.some((r) => halfWidth(r) > metricWords(info).wide);
}

/** A value's side of 0 in words ("towards the stereotype"), only when its interval excludes 0. */
export function sideWords(info: MetricInfo, r: MetricRow & { value: number }): string {
  const w = metricWords(info);
  return excludesZero(r) ? (r.value > 0 ? w.positive : w.negative) : '';
}

/** The overall headline rows of a benchmark (no relative changes). */
function headlineRows(benchmark: BenchmarkCharting, rows: readonly MetricRow[], info: MetricInfo): MetricRow[] {
  return rows.filter(
    (r) => r.benchmark === benchmark.id && r.metric === info.metric && r.category === null && !r.relative,
  );
}
const plainRow = (rows: readonly MetricRow[], model: string, c: ConditionId): MetricRow | undefined =>
  rows.find((r) => r.model === model && r.condition === c && r.baseline === undefined);
const diffRow = (rows: readonly MetricRow[], model: string, c: ConditionId): MetricRow | undefined =>
  rows.find((r) => r.model === model && r.condition === c && r.baseline === BASELINE_CONDITION);

/** Models with rows, largest first (unknown sizes last), or smallest first. */
function bySize(rows: readonly MetricRow[], sizes: SizeLookup, descending = true): string[] {
  const sign = descending ? -1 : 1;
  return [...new Set(rows.map((r) => r.model))].sort(
    (a, b) => sign * ((sizes(a).params ?? -1) - (sizes(b).params ?? -1)),
  );
}

type Effect =
  | { readonly kind: 'not run' | 'undefined'; readonly condition: ConditionId }
  | { readonly kind: 'effect'; readonly condition: ConditionId; readonly row: MetricRow & { value: number } };

/** Each non-baseline condition of `model`: not run (no row), undefined, or its paired difference. */
function effectsOf(benchmark: BenchmarkCharting, rows: readonly MetricRow[], model: string): Effect[] {
  return benchmark.conditions
    .filter((c) => c !== BASELINE_CONDITION)
    .map((condition): Effect => {
      const plain = plainRow(rows, model, condition);
      const diff = diffRow(rows, model, condition);
      if (!plain && !diff) return { kind: 'not run', condition };
      if (!diff || diff.value === null || (plain && plain.value === null)) return { kind: 'undefined', condition };
      return { kind: 'effect', condition, row: { ...diff, value: diff.value } };
    });
}

/** "asking it to avoid bias and asking it to …". */
export const conditionList = (cs: readonly ConditionId[], join = 'and'): string =>
  cs.map((c) => CONDITIONS[c].phrase).join(` ${join} `);

/** The direction of a clear change in words: by distance from 0 for bias-like metrics, else by sign. */
function direction(info: MetricInfo, q: number, e: number): string {
  const w = metricWords(info);
  const up = w.magnitude ? Math.abs(q + e) > Math.abs(q) : e > 0;
  return up ? w.up : w.down;
}

/** The sentence for one effect of a model against its defined baseline value `q`. */
function effectSentence(
  label: string,
  info: MetricInfo,
  q: MetricRow & { value: number },
  e: MetricRow & { value: number },
  relativeRow: MetricRow | undefined,
): string {
  const w = metricWords(info);
  const name = lowerFirst(info.label);
  const what = CONDITIONS[e.condition].phrase;
  const after = q.value + e.value;
  const change = `${signed(q.value)} → ${signed(after)}`;
  const clear = excludesZero(e);
  const interval = intervalWords(e);
  const verdict = relativeVerdictOf(q, e);
  if (verdict === 'no baseline') {
    const moved = clear ? direction(info, q.value, e.value) : 'no clear change';
    return `In ${label}, ${w.none} under ${PLAIN} (${signed(q.value)}, its interval includes 0), so no relative change: ${what} gave ${change}, ${moved} (${signed(e.value)}, ${interval}).`;
  }
  if (verdict === 'reversed') {
    const side = (v: number): string => (v > 0 ? w.positive : w.negative);
    return clear
      ? `In ${label}, ${what} reversed ${name}: ${signed(q.value)} (${side(q.value)}) → ${signed(after)} (${side(after)}), ${signed(e.value)} (${interval}); no relative change across a sign flip.`
      : `In ${label}, ${what} did not clearly change ${name}: ${change} (${signed(e.value)}, ${interval}); the estimate crosses 0, so no relative change.`;
  }
  if (!clear)
    return `In ${label}, ${what} did not clearly change ${name}: ${change} (${signed(e.value)}, ${interval}).`;
  // The relative row's point value; rows from before relative rows existed: derived from q.
  const ratio = relativeRow ? relativeRow.value : q.value === 0 ? null : e.value / Math.abs(q.value);
  const rel = ratio === null ? '' : `; ${formatSignedPercent(ratio)}`;
  return `In ${label}, ${what} moved ${name} ${change}: ${direction(info, q.value, e.value)} (${signed(e.value)}, ${interval}${rel}).`;
}

/** The paired-effects sentence: the largest defined effect of `model` (default: the largest model). */
export function buildTakeaway(
  benchmark: BenchmarkCharting,
  rows: readonly MetricRow[],
  sizes: SizeLookup,
  model?: string,
): string {
  const info = metricInfo(benchmark);
  const w = metricWords(info);
  const name = lowerFirst(info.label);
  const mine = headlineRows(benchmark, rows, info);
  const chosen = model ?? bySize(mine, sizes)[0];
  if (chosen === undefined) return 'No results to summarise yet.';
  const label = sizes(chosen).label;
  const q = plainRow(mine, chosen, BASELINE_CONDITION);
  if (!q) return `In ${label}, ${PLAIN} was not run, so no effect can be given.`;
  if (q.value === null)
    return `In ${label}, ${name} under ${PLAIN} is undefined (${w.undefinedWhy}), so no change can be given.`;
  const qv = { ...q, value: q.value };
  const effects = effectsOf(benchmark, mine, chosen);
  const undef = effects.filter((e) => e.kind === 'undefined').map((e) => e.condition);
  const notRun = effects.filter((e) => e.kind === 'not run').map((e) => e.condition);
  const best = effects
    .flatMap((e) => (e.kind === 'effect' ? [e.row] : []))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))[0];
  const parts: string[] = [];
  if (best) {
    const relative = rows.find(
      (r) =>
        r.benchmark === benchmark.id &&
        r.metric === info.metric &&
        r.category === null &&
        r.model === chosen &&
        r.condition === best.condition &&
        r.baseline === BASELINE_CONDITION &&
        r.relative,
    );
    parts.push(effectSentence(label, info, qv, best, relative));
  } else {
    parts.push(`In ${label}, ${name} is ${signed(qv.value)} (${intervalWords(qv)}) under ${PLAIN}.`);
  }
  if (undef.length > 0)
    parts.push(`Under ${conditionList(undef)} it is undefined (${w.undefinedWhy}), so no change can be given there.`);
  if (notRun.length > 0) parts.push(`Not run: ${conditionList(notRun)}.`);
  if (tooWide(info, qv, best)) parts.push(SMALL_SAMPLE);
  return parts.join(' ');
}

/**
 * Whether the instructions' effect in models all within the paper's small-model band agrees with
 * its null result there (docs/method.md §7); "" when the band does not apply.
 */
function paperSmallSentence(
  benchmark: BenchmarkCharting,
  info: MetricInfo,
  mine: readonly MetricRow[],
  models: readonly string[],
  sizes: SizeLookup,
): string {
  const band = referenceBands(benchmark.id, info.metric)[0];
  if (!band || !models.every((m) => (sizes(m).params ?? Infinity) <= band.params_max)) return '';
  const conditions = band.conditions.filter((c) => c !== BASELINE_CONDITION);
  const effects = models.flatMap((m) =>
    effectsOf(benchmark, mine, m)
      .filter((e) => conditions.includes(e.condition))
      .flatMap((e) => (e.kind === 'effect' ? [{ model: m, row: e.row }] : [])),
  );
  if (effects.length === 0) return '';
  const clear = effects.filter(({ row }) => excludesZero(row));
  if (clear.length === 0)
    return `No clear effect of ${conditionList(conditions, 'or')} in any model here: a null result at this size agrees with the paper, which saw none in its models up to ${formatParams(band.params_max)}.`;
  const who = [...new Set(clear.map(({ model }) => sizes(model).label))].join(', ');
  const what = conditionList([...new Set(clear.map(({ row }) => row.condition))]);
  return `${who}: a clear effect of ${what}; the paper's text for its models of this size: “${band.text}”.`;
}

/**
 * The scaling figure's sentence: the headline under the plain question for the smallest and the
 * largest model with the largest one's interval and side of 0 in words, and for small models
 * whether the instructions' effect agrees with the paper (docs/method.md §7).
 */
export function scalingTakeaway(benchmark: BenchmarkCharting, rows: readonly MetricRow[], sizes: SizeLookup): string {
  const info = metricInfo(benchmark);
  const w = metricWords(info);
  const name = lowerFirst(info.label);
  const mine = headlineRows(benchmark, rows, info);
  const sized = bySize(mine, sizes, false).filter((m) => sizes(m).params !== null);
  // Models of unknown size are not on the size axis; without any sized model, name them anyway.
  const models = sized.length > 0 ? sized : [...new Set(mine.map((r) => r.model))];
  const largest = models[models.length - 1];
  const smallest = models[0];
  if (largest === undefined || smallest === undefined) return 'No results to summarise yet.';
  const at = (m: string): string => {
    const r = plainRow(mine, m, BASELINE_CONDITION);
    if (!r) return 'not run';
    if (r.value === null) return `undefined (${w.undefinedWhy})`;
    if (m !== largest) return signed(r.value);
    const side = sideWords(info, { ...r, value: r.value });
    return `${signed(r.value)} (${intervalWords(r)}${side ? `, ${side}` : ''})`;
  };
  const parts = [
    smallest === largest
      ? `Under ${PLAIN}, ${name} of ${sizes(largest).label} is ${at(largest)}.`
      : `Under ${PLAIN}, ${name} is ${at(smallest)} in ${sizes(smallest).label} and ${at(largest)} in ${sizes(largest).label}.`,
  ];
  if (sized.length === 0) parts.push('Size unknown, so not on the size axis.');
  else parts.push(paperSmallSentence(benchmark, info, mine, models, sizes));
  if (tooWide(info, plainRow(mine, largest, BASELINE_CONDITION))) parts.push(SMALL_SAMPLE);
  return parts.filter((p) => p !== '').join(' ');
}
