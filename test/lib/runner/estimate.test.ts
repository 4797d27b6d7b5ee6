import { describe, expect, it } from 'vitest';
import { DEFAULT_GENERATION } from '../../../src/lib/engine/types';
import { estimateRunSeconds } from '../../../src/lib/runner/estimate';

describe('estimateRunSeconds', () => {
  const base = { trialsPerModel: { q: 100, q_if: 100, q_if_cot: 100 }, generation: DEFAULT_GENERATION };

  it('grows with model size and with CoT', () => {
    const small = estimateRunSeconds({ ...base, modelParamsB: [0.5] });
    const large = estimateRunSeconds({ ...base, modelParamsB: [7] });
    expect(large.seconds).toBeGreaterThan(small.seconds * 10);
    const noCot = estimateRunSeconds({ ...base, trialsPerModel: { q: 100, q_if: 100 }, modelParamsB: [1] });
    const withCot = estimateRunSeconds({ ...base, modelParamsB: [1] });
    expect(withCot.seconds).toBeGreaterThan(noCot.seconds * 5);
  });

  it('sums models and scales with reasoning samples', () => {
    const two = estimateRunSeconds({ ...base, modelParamsB: [1, 3] });
    expect(two.perModelSeconds).toHaveLength(2);
    expect(two.seconds).toBeCloseTo((two.perModelSeconds[0] ?? 0) + (two.perModelSeconds[1] ?? 0));
    const cotOnly = { trialsPerModel: { q_if_cot: 10 }, modelParamsB: [1] };
    const k1 = estimateRunSeconds({ ...cotOnly, generation: DEFAULT_GENERATION }).seconds;
    const k3 = estimateRunSeconds({ ...cotOnly, generation: { ...DEFAULT_GENERATION, samples: 3 } }).seconds;
    expect(k3).toBeCloseTo(3 * k1);
    // 1B, 256 tokens at 50 tokens/s is ~5 s per CoT trial
    expect(k1 / 10).toBeGreaterThan(5);
    expect(k1 / 10).toBeLessThan(6);
  });

  it('is zero for an empty plan and refuses a non-positive size', () => {
    expect(estimateRunSeconds({ ...base, trialsPerModel: {}, modelParamsB: [1] }).seconds).toBe(0);
    expect(() => estimateRunSeconds({ ...base, modelParamsB: [0] })).toThrow(/parameter count/);
  });
});
