/**
 * Number and time formatting shared by tables and progress displays. Undefined values are
 * shown as an em dash, never as 0.
 */
export const UNDEFINED_MARK = '—';

export function formatValue(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return UNDEFINED_MARK;
  const s = value.toFixed(digits);
  if (Number(s) === 0) return (0).toFixed(digits);
  return value > 0 ? `+${s}` : s;
}

export function formatPlain(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return UNDEFINED_MARK;
  return value.toFixed(digits);
}

export function formatInterval(low: number | null, high: number | null, digits = 3): string {
  if (low === null || high === null) return '';
  return `[${formatPlain(low, digits)}, ${formatPlain(high, digits)}]`;
}

/** A relative change as a signed whole percentage (−43%, +12%); the em dash when undefined. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return UNDEFINED_MARK;
  const p = Math.round(100 * value);
  return p > 0 ? `+${p}%` : p < 0 ? `−${-p}%` : '0%';
}

export function formatPercentInterval(low: number | null, high: number | null): string {
  if (low === null || high === null) return '';
  return `[${formatPercent(low)}, ${formatPercent(high)}]`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return UNDEFINED_MARK;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

export function formatParams(params: number): string {
  if (params >= 1e9) return `${+(params / 1e9).toFixed(1)}B`;
  return `${Math.round(params / 1e6)}M`;
}

export function formatMegabytes(mb: number): string {
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}
