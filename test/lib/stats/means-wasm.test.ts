import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assemble, kernels, render, WASM_DIR } from '../../../scripts/build-wasm';
import { resampledMeans, resampledMeansJs } from '../../../src/lib/stats/resample';
import { MAX_WASM_VALUES, wasmMeans } from '../../../src/lib/stats/wasm/means';

describe('WebAssembly kernels', () => {
  it('each .bytes.ts is what npm run wasm assembles from its .wat', async () => {
    expect(kernels()).toContain('means');
    for (const name of kernels()) {
      const committed = readFileSync(join(WASM_DIR, `${name}.bytes.ts`), 'utf8');
      expect(committed, `${name}.bytes.ts is stale: run npm run wasm`).toBe(
        render(name, await assemble(join(WASM_DIR, `${name}.wat`))),
      );
    }
  });
});

describe('the bootstrap-means kernel', () => {
  const kernel = wasmMeans();

  it('runs in Node', () => {
    expect(kernel).not.toBeNull();
  });

  it('gives the JavaScript means bit for bit', () => {
    // Sizes around the JavaScript's four-at-a-time unrolling, seeds across the 32-bit range
    // (the kernel takes seed | 0), and values with a wide range of magnitudes so that summation
    // order would show.
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 101, 4099]) {
      const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1) * 10 ** ((i % 7) - 3));
      for (const seed of [0, 1, 99, 0x7fffffff, 0x80000000, 0xffffffff, -5]) {
        const R = 37;
        const wasm = new Float64Array(R).fill(Number.NaN);
        const js = new Float64Array(R);
        expect(kernel?.(values, R, seed, wasm)).toBe(true);
        resampledMeansJs(values, R, seed, js);
        expect([...wasm]).toEqual([...js]);
      }
    }
  });

  it('grows its memory for large requests and keeps giving the same numbers after', () => {
    const n = 200_000; // 1.6 MB of values: beyond the module's initial 64 KiB page
    const values = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 1000);
    const R = 5;
    const wasm = new Float64Array(R);
    const js = new Float64Array(R);
    expect(kernel?.(values, R, 3, wasm)).toBe(true);
    resampledMeansJs(values, R, 3, js);
    expect([...wasm]).toEqual([...js]);
    const small = Float64Array.from([1, 2, 3]);
    expect(kernel?.(small, 4, 8, wasm)).toBe(true);
    resampledMeansJs(small, 4, 8, js);
    expect([...wasm.subarray(0, 4)]).toEqual([...js.subarray(0, 4)]);
  });

  it('declines what it cannot compute exactly, and resampledMeans falls back to JavaScript', () => {
    const out = new Float64Array(2);
    expect(kernel?.(new Float64Array(0), 2, 1, out)).toBe(false);
    expect(kernel?.(new Float64Array(3), 5, 1, out)).toBe(false); // out too short
    expect(MAX_WASM_VALUES).toBe(2 ** 21 - 1); // u · n < 2^53 for every 32-bit u
    expect(kernel?.(new Float64Array(MAX_WASM_VALUES + 1), 1, 1, out)).toBe(false);
  });
});

describe('resampledMeans without WebAssembly', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('uses the JavaScript loop, with the same numbers', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const fresh = await import('../../../src/lib/stats/resample');
    const { wasmMeans: freshKernel } = await import('../../../src/lib/stats/wasm/means');
    expect(freshKernel()).toBeNull();
    const values = Float64Array.from([0.2, 0.9, 0.4, 0.7, 0.1]);
    const without = new Float64Array(20);
    const withWasm = new Float64Array(20);
    fresh.resampledMeans(values, 20, 12, without);
    resampledMeans(values, 20, 12, withWasm);
    expect([...without]).toEqual([...withWasm]);
  });

  it('a refused compilation (as under a policy without wasm-unsafe-eval) also falls back', async () => {
    vi.stubGlobal('WebAssembly', {
      Module: function () {
        throw new Error('WebAssembly.Module(): Refused to compile or instantiate WebAssembly module');
      },
    });
    vi.resetModules();
    const { wasmMeans: refused } = await import('../../../src/lib/stats/wasm/means');
    expect(refused()).toBeNull();
  });
});
