/**
 * The one-sentence takeaway of a benchmark's result, computed from the metric rows for a slide
 * or a caption: for the largest model with results, the effect on the headline metric of the
 * condition that changed it most, against the plain question, with its paired 95% interval and
 * the relative change (with its own paired interval when the rows hold one). Says plainly when the effect is not distinguishable from zero, and when
 * a value is undefined. Pure.
 */
import type { MetricInfo, MetricRow } from '../core/records';
import { formatPercent, formatSigned } from '../core/format';
import { BASELINE_CONDITION, CONDITIONS } from '../core/conditions';
import type { BenchmarkId } from '../core/ids';
import type { SizeLookup } from '../core/sizes';

const fmt = (v: number): string => formatSigned(v, 2);
const pct = (v: number): string => formatPercent(v);

/**
 * ", −43% [95% CI −71% to −15%]" from the relative-change row; without one (older rows), the
 * difference over |q| with no interval; "" when undefined (q = 0).
 */
function relativeText(row: MetricRow | undefined, q: number, difference: number): string {
  if (row) {
    if (row.value === null) return '';
    const interval =
      row.ci_low !== null && row.ci_high !== null ? ` [95% CI ${pct(row.ci_low)} to ${pct(row.ci_high)}]` : '';
    return `, ${pct(row.value)}${interval}`;
  }
  return q !== 0 ? `, ${pct(difference / Math.abs(q))}` : '';
}

export function buildTakeaway(
  benchmark: BenchmarkId,
  rows: readonly MetricRow[],
  headline: MetricInfo,
  sizes: SizeLookup,
): string {
  const mine = rows.filter((r) => r.benchmark === benchmark && r.metric === headline.metric && r.category === null);
  const models = [...new Set(mine.map((r) => r.model))].sort((a, b) => (sizes(b).params ?? 0) - (sizes(a).params ?? 0));
  const name = headline.label.charAt(0).toLowerCase() + headline.label.slice(1);
  for (const model of models) {
    const label = sizes(model).label;
    const q = mine.find((r) => r.model === model && r.condition === BASELINE_CONDITION && r.baseline === undefined);
    const effects = mine.filter(
      (r) => r.model === model && r.baseline === BASELINE_CONDITION && !r.relative && r.value !== null,
    );
    if (!q) continue;
    if (q.value === null)
      return `For ${label}, ${name} under ${CONDITIONS[BASELINE_CONDITION].phrase} is undefined (no answer it can be computed from).`;
    const best = effects.sort((a, b) => Math.abs(b.value ?? 0) - Math.abs(a.value ?? 0))[0];
    if (!best || best.value === null)
      return `${label}: ${name} ${fmt(q.value)} under ${CONDITIONS[BASELINE_CONDITION].phrase}; no other condition on the same items yet.`;
    const after = q.value + best.value;
    const interval =
      best.ci_low !== null && best.ci_high !== null
        ? `95% CI ${fmt(best.ci_low)} to ${fmt(best.ci_high)}`
        : 'no interval';
    const clear = best.ci_low !== null && best.ci_high !== null && (best.ci_low > 0 || best.ci_high < 0);
    const relative = relativeText(
      mine.find(
        (r) => r.model === model && r.condition === best.condition && r.baseline === BASELINE_CONDITION && r.relative,
      ),
      q.value,
      best.value,
    );
    const change = `${fmt(q.value)} → ${fmt(after)} (${fmt(best.value)}${relative}; ${interval})`;
    const what = CONDITIONS[best.condition].phrase;
    return clear
      ? `In ${label}, ${what} moved ${name} ${change}.`
      : `In ${label}, ${what} did not clearly change ${name}: ${change}.`;
  }
  return 'No results to summarise yet.';
}
