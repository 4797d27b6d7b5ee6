/**
 * Numbers as people read them, in one place: charts (tooltips, takeaways, slides), tables, the
 * explorer and the command line's progress and summary all format through these functions.
 * Built on cached `Intl.NumberFormat` instances with the fixed locale 'en-US', so the text is the
 * same on every machine; negative numbers carry the Unicode minus sign (U+2212 "−"), never the
 * hyphen, and a value that rounds to zero has no sign ("0.00", not "−0.00"). Undefined values
 * (null, undefined, NaN, ±∞) are shown as an em dash, never as 0.
 * Display only: machine-readable output (JSON, CSV) keeps full precision and ASCII '-'. Pure.
 * Also the words that go with every interval (`intervalTitle`: what it resamples and covers).
 */
import type { IntervalUnit } from './records';

export const LOCALE = 'en-US';
export const UNDEFINED_MARK = '—';
export const MINUS = '\u2212';

export type MaybeNumber = number | null | undefined;

const cache = new Map<string, Intl.NumberFormat>();

function formatter(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = cache.get(key);
  if (f === undefined) {
    f = new Intl.NumberFormat(LOCALE, options);
    cache.set(key, f);
  }
  return f;
}

function isDefined(value: MaybeNumber): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}

/** en-US writes a hyphen-minus; people get the minus sign. */
const withMinus = (text: string): string => text.replace('-', MINUS);

type Sign = 'negative' | 'exceptZero';

function decimals(
  value: number,
  min: number,
  max: number,
  sign: Sign,
  style: 'decimal' | 'percent' = 'decimal',
): string {
  const f = formatter(`${style}|${min}|${max}|${sign}`, {
    style,
    minimumFractionDigits: min,
    maximumFractionDigits: max,
    signDisplay: sign,
  });
  return withMinus(f.format(value));
}

/** Fixed decimals: 0.12 → "0.120", −0.05 → "−0.050", −0.0001 → "0.000". */
export function formatFixed(value: MaybeNumber, digits = 3): string {
  return isDefined(value) ? decimals(value, digits, digits, 'negative') : UNDEFINED_MARK;
}

/** Fixed decimals with an explicit sign: "+0.120", "−0.050", and "0.000" for what rounds to zero. */
export function formatSigned(value: MaybeNumber, digits = 3): string {
  return isDefined(value) ? decimals(value, digits, digits, 'exceptZero') : UNDEFINED_MARK;
}

/** At most `maxDigits` decimals, trailing zeros dropped: 0.05 → "0.05", 1.5 → "1.5", −2 → "−2". */
export function formatNumber(value: MaybeNumber, maxDigits = 3): string {
  return isDefined(value) ? decimals(value, 0, maxDigits, 'negative') : UNDEFINED_MARK;
}

/** A whole number with grouping: 175000 → "175,000" (rounded first). */
export function formatInteger(value: MaybeNumber): string {
  return formatNumber(value, 0);
}

/** A share as a percentage: 0.43 → "43%", −0.43 → "−43%" (no "+"). */
export function formatPercent(value: MaybeNumber, digits = 0): string {
  return isDefined(value) ? decimals(value, digits, digits, 'negative', 'percent') : UNDEFINED_MARK;
}

/** A relative change as a signed whole percentage: "+12%", "−43%", "0%". */
export function formatSignedPercent(value: MaybeNumber): string {
  return isDefined(value) ? decimals(value, 0, 0, 'exceptZero', 'percent') : UNDEFINED_MARK;
}

/** "[0.050, 0.190]"; "" when either end is missing. */
export function formatInterval(low: MaybeNumber, high: MaybeNumber, digits = 3): string {
  if (!isDefined(low) || !isDefined(high)) return '';
  return `[${formatFixed(low, digits)}, ${formatFixed(high, digits)}]`;
}

/** "[−71%, +15%]"; "" when either end is missing. */
export function formatSignedPercentInterval(low: MaybeNumber, high: MaybeNumber): string {
  if (!isDefined(low) || !isDefined(high)) return '';
  return `[${formatSignedPercent(low)}, ${formatSignedPercent(high)}]`;
}

/** A value with its interval, "0.12 [0.05, 0.19]" (digits = 2), or "0.12 no interval". */
export function formatEstimate(
  value: MaybeNumber,
  low: MaybeNumber,
  high: MaybeNumber,
  digits = 3,
  noInterval = 'no interval',
): string {
  const interval = formatInterval(low, high, digits);
  return `${formatFixed(value, digits)} ${interval === '' ? noInterval : interval}`;
}

/** A duration in words: "42 s", "3 min 4 s", "2 h 5 min". */
export function formatDuration(seconds: MaybeNumber): string {
  if (!isDefined(seconds)) return UNDEFINED_MARK;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return `${formatInteger(h)} h ${m % 60} min`;
}

/** A duration for a terminal line: "42s", "3m 04s", "2h 05m". */
export function formatDurationCompact(seconds: MaybeNumber): string {
  if (!isDefined(seconds)) return UNDEFINED_MARK;
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  return `${formatInteger(Math.floor(s / 3600))}h ${pad(Math.floor((s % 3600) / 60))}m`;
}

/** A parameter count: "1.5B" (at most `maxDigits` decimals), "360M". */
export function formatParams(params: number, maxDigits = 1): string {
  if (params >= 1e9) return `${formatNumber(params / 1e9, maxDigits)}B`;
  return `${formatInteger(params / 1e6)}M`;
}

/** Memory: "512 MB", "1.5 GB" from 1024 MB up. */
export function formatMegabytes(mb: number): string {
  return mb >= 1024 ? `${formatFixed(mb / 1024, 1)} GB` : `${formatInteger(mb)} MB`;
}

/** A count with its noun: "1 model", "2,000 models". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatInteger(n)} ${n === 1 ? one : many}`;
}

const RESAMPLED: Readonly<Record<IntervalUnit, string>> = {
  template: 'resampling BBQ templates (all sampled items of one category × question), within category',
  occupation: 'resampling occupations',
  profile: 'resampling applicant profiles (both races together)',
  item: 'resampling items',
};

/** What a 95% interval covers (docs/method.md §6), by the unit it resamples: the tooltip of every interval. */
export function intervalTitle(unit: IntervalUnit | null | undefined): string {
  if (unit === null || unit === undefined) return '95% bootstrap interval';
  return `95% bootstrap interval, ${RESAMPLED[unit]}: how much the number would move with another draw of questions of the same kind. It does not cover other prompt wordings, model builds or engines.`;
}
