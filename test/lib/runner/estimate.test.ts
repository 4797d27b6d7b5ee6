import { describe, expect, it } from 'vitest';
import type { DeviceSpeed } from '../../../src/lib/core/records';
import { DEFAULT_GENERATION } from '../../../src/lib/engine/types';
import { assumedSpeed, estimateRunSeconds, measuredSpeed, trialSeconds } from '../../../src/lib/runner/estimate';

describe('estimateRunSeconds from assumed throughput', () => {
  const base = { trialsPerModel: { q: 100, q_if: 100, q_if_cot: 100 }, generation: DEFAULT_GENERATION };
  const models = (...paramsB: number[]) => paramsB.map(assumedSpeed);

  it('grows with model size and with CoT', () => {
    const small = estimateRunSeconds({ ...base, models: models(0.5) });
    const large = estimateRunSeconds({ ...base, models: models(7) });
    expect(large.seconds).toBeGreaterThan(small.seconds * 10);
    const noCot = estimateRunSeconds({ ...base, trialsPerModel: { q: 100, q_if: 100 }, models: models(1) });
    const withCot = estimateRunSeconds({ ...base, models: models(1) });
    expect(withCot.seconds).toBeGreaterThan(noCot.seconds * 5);
  });

  it('sums models and scales with reasoning samples', () => {
    const two = estimateRunSeconds({ ...base, models: models(1, 3) });
    expect(two.perModelSeconds).toHaveLength(2);
    expect(two.seconds).toBeCloseTo((two.perModelSeconds[0] ?? 0) + (two.perModelSeconds[1] ?? 0));
    const cotOnly = { trialsPerModel: { q_if_cot: 10 }, models: models(1) };
    const k1 = estimateRunSeconds({ ...cotOnly, generation: DEFAULT_GENERATION }).seconds;
    const k3 = estimateRunSeconds({ ...cotOnly, generation: { ...DEFAULT_GENERATION, samples: 3 } }).seconds;
    expect(k3).toBeCloseTo(3 * k1);
    // 1B, 256 tokens at 50 tokens/s is ~5 s per CoT trial
    expect(k1 / 10).toBeGreaterThan(5);
    expect(k1 / 10).toBeLessThan(6);
  });

  it('is zero for an empty plan and refuses a non-positive size', () => {
    expect(estimateRunSeconds({ ...base, trialsPerModel: {}, models: models(1) }).seconds).toBe(0);
    expect(() => models(0)).toThrow(/parameter count/);
  });
});

describe("estimateRunSeconds from a device's self-test", () => {
  const speed: DeviceSpeed = {
    prefillTokensPerS: 400,
    decodeTokensPerS: 20,
    prompts: [
      { benchmark: 'bbq', condition: 'q', tokens: 100, seconds: 0.25 },
      { benchmark: 'bbq', condition: 'q_if', tokens: 120, seconds: 0.3 },
      { benchmark: 'bbq', condition: 'q_if_cot', tokens: 200, seconds: 0.5 },
      { benchmark: 'admissions', condition: 'q', tokens: 300, seconds: 0.75 },
    ],
  };

  it('uses the measured rates and prompt tokens of that benchmark, with no separate overhead', () => {
    const bbq = measuredSpeed(speed, 'bbq');
    expect(bbq).toEqual({
      basis: 'measured',
      prefillTokensPerS: 400,
      decodeTokensPerS: 20,
      overheadS: 0,
      promptTokens: { q: 100, q_if: 120, q_if_cot: 200 },
    });
    expect(trialSeconds(bbq, 'q', DEFAULT_GENERATION)).toBe(100 / 400);
    // reasoning: 200/400 to read, 256/20 to write, (200 + 256)/400 to answer
    expect(trialSeconds(bbq, 'q_if_cot', DEFAULT_GENERATION)).toBeCloseTo(0.5 + 12.8 + 1.14, 12);
    expect(trialSeconds(measuredSpeed(speed, 'admissions'), 'q', DEFAULT_GENERATION)).toBe(300 / 400);
  });

  it('falls back to the default prompt length for a condition the self-test did not time', () => {
    expect(trialSeconds(measuredSpeed(speed, 'winogender'), 'q_match_stats', DEFAULT_GENERATION)).toBe(250 / 400);
  });

  it('mixes measured and assumed models in one run', () => {
    const trials = { trialsPerModel: { q: 10, q_if_cot: 2 }, generation: DEFAULT_GENERATION };
    const measured = measuredSpeed(speed, 'bbq');
    const assumed = assumedSpeed(1);
    const run = estimateRunSeconds({ ...trials, models: [measured, assumed] });
    expect(run.perModelSeconds[0]).toBeCloseTo(10 * 0.25 + 2 * (0.5 + 12.8 + 1.14), 12);
    expect(run.perModelSeconds[1]).toBeCloseTo(
      10 * trialSeconds(assumed, 'q', DEFAULT_GENERATION) + 2 * trialSeconds(assumed, 'q_if_cot', DEFAULT_GENERATION),
      12,
    );
  });
});
