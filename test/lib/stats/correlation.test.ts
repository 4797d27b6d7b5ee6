import { describe, expect, it } from 'vitest';
import { pearson, pearsonAt } from '../../../src/lib/stats/correlation';

describe('pearson', () => {
  it('matches a hand-computed case', () => {
    // x̄ = 2, ȳ = 3; Σdxdy = (−1)(−1) + 0·1 + 1·0 = 1; Σdx² = 2; Σdy² = 1+1+0 = 2 → r = 1/2
    expect(pearson([1, 2, 3], [2, 4, 3])).toBeCloseTo(0.5, 12);
  });
  it('is 1 for a perfect positive and −1 for a perfect negative relation', () => {
    expect(pearson([0.1, 0.4, 0.9], [10, 40, 90])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
  });
  it('is null (undefined) for constant input or fewer than 2 points', () => {
    expect(pearson([0.1, 0.1, 0.1], [1, 2, 3])).toBeNull();
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNull();
    expect(pearson([1], [2])).toBeNull();
    expect(pearson([], [])).toBeNull();
  });
  it('throws on mismatched lengths or non-finite values', () => {
    expect(() => pearson([1, 2], [1])).toThrow(/2 x values but 1/);
    expect(() => pearson([1, Number.NaN], [1, 2])).toThrow(/non-finite/);
  });
  it('pearsonAt reads the pairs at the given indices', () => {
    expect(pearsonAt([1, 2, 3, 99], [2, 4, 3, -5], Uint32Array.from([0, 1, 2]))).toBeCloseTo(0.5, 12);
    expect(pearsonAt([1, 2, 3], [2, 4, 3], Uint32Array.from([1, 1]))).toBeNull();
  });
});
