import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/lib/stats/random';
import { UniformIndices } from '../../../src/lib/stats/resample';

describe('UniformIndices', () => {
  it('draws exactly floor(u · n) of the createRandom(seed) stream, across calls', () => {
    for (const seed of [0, 1, 123456789, 0xffffffff]) {
      const random = createRandom(seed);
      const u = new UniformIndices(seed);
      const out = new Uint32Array(50);
      for (const n of [7, 1, 1000, 58492]) {
        u.fill(out, 50, n);
        const expected = Array.from({ length: 50 }, () => Math.floor(random() * n));
        expect([...out]).toEqual(expected);
      }
    }
  });
});
