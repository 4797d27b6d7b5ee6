/** When a relative change may be stated (docs/method.md §6): hand-picked baselines and differences. */
import { describe, expect, it } from 'vitest';
import { excludesZero, includesZero, relativeVerdictOf } from '../../../src/lib/charts/relative';

const q = (value: number | null, ci: [number, number] | null = null) => ({
  value,
  ci_low: ci?.[0] ?? null,
  ci_high: ci?.[1] ?? null,
});

describe('relativeVerdictOf', () => {
  it('a baseline whose interval includes 0 (ends included) has no relative change, whatever the difference', () => {
    expect(relativeVerdictOf(q(0.02, [-0.03, 0.07]), { value: 0.5 })).toBe('no baseline');
    expect(relativeVerdictOf(q(0.05, [0, 0.1]), { value: -0.01 })).toBe('no baseline');
    expect(relativeVerdictOf(q(0.02, [-0.03, 0.07]), undefined)).toBe('no baseline');
  });

  it('a sign flip of the point values is "reversed"; landing on 0 or staying on one side is not', () => {
    expect(relativeVerdictOf(q(0.1, [0.05, 0.15]), { value: -0.2 })).toBe('reversed');
    expect(relativeVerdictOf(q(-0.06, [-0.09, -0.03]), { value: 0.2 })).toBe('reversed');
    expect(relativeVerdictOf(q(0.1, [0.05, 0.15]), { value: -0.1 })).toBeNull();
    expect(relativeVerdictOf(q(0.1, [0.05, 0.15]), { value: -0.09 })).toBeNull();
  });

  it('nothing to judge when the baseline or the difference is undefined; a baseline without interval is taken as is', () => {
    expect(relativeVerdictOf(q(null), { value: 0.1 })).toBeNull();
    expect(relativeVerdictOf(q(0.1, [0.05, 0.15]), { value: null })).toBeNull();
    expect(relativeVerdictOf(q(0.1), { value: -0.3 })).toBe('reversed');
    expect(relativeVerdictOf(q(0.1), { value: 0.3 })).toBeNull();
  });

  it('includesZero and excludesZero are false without an interval', () => {
    expect(includesZero(q(0))).toBe(false);
    expect(excludesZero(q(0))).toBe(false);
    expect(excludesZero(q(0.1, [0.01, 0.2]))).toBe(true);
    expect(excludesZero(q(-0.1, [-0.2, -0.01]))).toBe(true);
    expect(excludesZero(q(0.1, [0, 0.2]))).toBe(false);
  });
});
