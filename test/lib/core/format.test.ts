/** The one formatting module: hand-checked text, the minus sign U+2212, no "−0", undefined as an em dash. */
import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatDurationCompact,
  formatEstimate,
  formatFixed,
  formatInteger,
  formatInterval,
  formatMegabytes,
  formatNumber,
  formatParams,
  formatPercent,
  formatSigned,
  formatSignedPercent,
  formatSignedPercentInterval,
  MINUS,
  UNDEFINED_MARK,
} from '../../../src/lib/core/format';

describe('core/format', () => {
  it('uses the Unicode minus sign and the em dash', () => {
    expect(MINUS).toBe('\u2212');
    expect(UNDEFINED_MARK).toBe('\u2014');
  });

  it('fixed decimals: minus sign, no sign on zero or on what rounds to zero', () => {
    expect(formatFixed(-0.05, 2)).toBe('\u22120.05');
    expect(formatFixed(0.12, 2)).toBe('0.12');
    expect(formatFixed(0.1234)).toBe('0.123');
    expect(formatFixed(0, 2)).toBe('0.00');
    expect(formatFixed(-0, 2)).toBe('0.00');
    expect(formatFixed(-0.001, 2)).toBe('0.00');
    expect(formatFixed(-1.5, 0)).toBe('\u22122');
    expect(formatFixed(1234.5, 1)).toBe('1,234.5');
  });

  it('signed decimals: explicit + and −, none on zero', () => {
    expect(formatSigned(0.12, 2)).toBe('+0.12');
    expect(formatSigned(-0.05, 2)).toBe('\u22120.05');
    expect(formatSigned(0, 2)).toBe('0.00');
    expect(formatSigned(-0, 2)).toBe('0.00');
    expect(formatSigned(0.0004)).toBe('0.000');
    expect(formatSigned(-0.0004)).toBe('0.000');
    expect(formatSigned(-0.086, 2)).toBe('\u22120.09');
  });

  it('undefined values are an em dash, never 0', () => {
    for (const v of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(formatFixed(v)).toBe('—');
      expect(formatSigned(v)).toBe('—');
      expect(formatNumber(v)).toBe('—');
      expect(formatInteger(v)).toBe('—');
      expect(formatPercent(v)).toBe('—');
      expect(formatSignedPercent(v)).toBe('—');
      expect(formatDuration(v)).toBe('—');
      expect(formatDurationCompact(v)).toBe('—');
    }
  });

  it('integers are rounded and grouped; short numbers drop trailing zeros', () => {
    expect(formatInteger(175000)).toBe('175,000');
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatInteger(999.6)).toBe('1,000');
    expect(formatInteger(-1234)).toBe('\u22121,234');
    expect(formatInteger(-0.4)).toBe('0');
    expect(formatNumber(0.05)).toBe('0.05');
    expect(formatNumber(-0.25)).toBe('\u22120.25');
    expect(formatNumber(1.54, 1)).toBe('1.5');
    expect(formatNumber(2)).toBe('2');
  });

  it('percentages: plain and signed, whole by default', () => {
    expect(formatPercent(0.43)).toBe('43%');
    expect(formatPercent(-0.43)).toBe('\u221243%');
    expect(formatPercent(0.1234, 1)).toBe('12.3%');
    expect(formatPercent(-0.004)).toBe('0%');
    expect(formatSignedPercent(0.12)).toBe('+12%');
    expect(formatSignedPercent(-0.43)).toBe('\u221243%');
    expect(formatSignedPercent(0)).toBe('0%');
    expect(formatSignedPercent(-0.004)).toBe('0%');
    expect(formatSignedPercent(-2)).toBe('\u2212200%');
    expect(formatSignedPercent(12.5)).toBe('+1,250%');
  });

  it('intervals and estimates in the "0.12 [0.05, 0.19]" style', () => {
    expect(formatInterval(-0.05, 0.19, 2)).toBe('[\u22120.05, 0.19]');
    expect(formatInterval(null, 0.19)).toBe('');
    expect(formatEstimate(0.12, 0.05, 0.19, 2)).toBe('0.12 [0.05, 0.19]');
    expect(formatEstimate(-0.02, -0.06, 0.03)).toBe('\u22120.020 [\u22120.060, 0.030]');
    expect(formatEstimate(0.5, null, null, 2)).toBe('0.50 no interval');
    expect(formatSignedPercentInterval(-0.71, 0.15)).toBe('[\u221271%, +15%]');
    expect(formatSignedPercentInterval(-0.71, null)).toBe('');
  });

  it('durations in words and compact', () => {
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(184)).toBe('3 min 4 s');
    expect(formatDuration(2 * 3600 + 5 * 60 + 9)).toBe('2 h 5 min');
    expect(formatDuration(-3)).toBe('0 s');
    expect(formatDurationCompact(0)).toBe('0s');
    expect(formatDurationCompact(184)).toBe('3m 04s');
    expect(formatDurationCompact(2 * 3600 + 5 * 60)).toBe('2h 05m');
  });

  it('parameter counts and memory', () => {
    expect(formatParams(1.54e9)).toBe('1.5B');
    expect(formatParams(1.54e9, 2)).toBe('1.54B');
    expect(formatParams(1e9)).toBe('1B');
    expect(formatParams(3.6e8)).toBe('360M');
    expect(formatMegabytes(512.4)).toBe('512 MB');
    expect(formatMegabytes(1536)).toBe('1.5 GB');
    expect(formatMegabytes(1024)).toBe('1.0 GB');
  });
});
