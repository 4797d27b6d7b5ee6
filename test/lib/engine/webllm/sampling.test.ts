import { describe, expect, it } from 'vitest';
import { buildDistribution, sampleToken } from '../../../../src/lib/engine/webllm/sampling';
import { createRandom } from '../../../../src/lib/core/random';
import { EngineFailure } from '../../../../src/lib/engine/types';

describe('buildDistribution', () => {
  it('is the exact softmax, stable for large logits', () => {
    const d = buildDistribution(Float32Array.from([1000, 1001, 999]));
    const z = Math.exp(0) + Math.exp(1) + Math.exp(-1);
    expect(d.prob(1)).toBeCloseTo(Math.exp(1) / z, 12);
    expect(d.prob(0) + d.prob(1) + d.prob(2)).toBeCloseTo(1, 12);
  });

  it('gives masked (-Infinity) tokens probability 0', () => {
    expect(buildDistribution(Float32Array.from([0, -Infinity])).prob(1)).toBe(0);
  });

  it('reports NaN logits as an engine failure that suggests the q4f32 build', () => {
    try {
      buildDistribution(Float32Array.from([0, NaN]));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EngineFailure);
      expect((err as EngineFailure).error.message).toMatch(/q4f32/);
    }
  });

  it('rejects ids outside the vocabulary', () => {
    expect(() => buildDistribution(Float32Array.from([0, 1])).prob(2)).toThrow(/outside/);
  });
});

describe('sampleToken', () => {
  const logits = Float32Array.from([Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)]);

  it('is greedy at temperature 0', () => {
    expect(sampleToken(logits, 0, 1, createRandom(1))).toBe(0);
  });

  it('reproduces the same draws from the same seed', () => {
    const draw = (seed: number): number[] => {
      const r = createRandom(seed);
      return Array.from({ length: 20 }, () => sampleToken(logits, 1, 1, r));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('follows the distribution at temperature 1', () => {
    const r = createRandom(7);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[sampleToken(logits, 1, 1, r)]! += 1;
    expect(counts[0]! / 20000).toBeCloseTo(0.5, 1);
    expect(counts[3]! / 20000).toBeCloseTo(0.05, 1);
  });

  it('never leaves the top-p nucleus', () => {
    const r = createRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(sampleToken(logits, 1, 0.75, r));
    expect([...seen].sort()).toEqual([0, 1]); // 0.5 + 0.3 >= 0.75
  });

  it('rejects invalid settings', () => {
    expect(() => sampleToken(logits, -1, 1, createRandom(1))).toThrow(/Invalid/);
    expect(() => sampleToken(logits, 1, 0, createRandom(1))).toThrow(/Invalid/);
  });
});
