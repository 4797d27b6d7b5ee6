/**
 * The WebAssembly bootstrap-means kernel (means.wat) behind a plain function: the candidate mass
 * of a complete BBQ result is 3 × 58,492 values × 1,000 resamples = 175 million draws, which
 * Chromium's JIT runs at ~6 ns each in JavaScript and this kernel at ~2 ns. Its numbers are the
 * JavaScript's bit for bit (`resampledMeansJs`; a test compares them), so which one ran never
 * shows in a result.
 *
 * Compiled synchronously on first use (the module is 233 bytes, far below the main thread's
 * limit for synchronous compilation). Null, and the caller uses JavaScript, where WebAssembly is
 * missing or refused (a Content Security Policy without 'wasm-unsafe-eval') or for n beyond
 * MAX_WASM_VALUES; a kernel returns false when its memory cannot grow to fit the request.
 */
import { MEANS_WASM } from './means.bytes';

/** Writes the means of `resamples` resamples of `values` to out[0..resamples); false when it could not. */
export type MeansKernel = (values: Float64Array, resamples: number, seed: number, out: Float64Array) => boolean;

/** Largest n for which the kernel's integer index (u · n) >> 32 equals JavaScript's floor((u / 2^32) · n). */
export const MAX_WASM_VALUES = 2 ** 21 - 1;

const PAGE = 65_536;

let kernel: MeansKernel | null | undefined;

function instantiate(): MeansKernel | null {
  if (typeof WebAssembly === 'undefined') return null;
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(MEANS_WASM), {});
  const memory = exports.memory as WebAssembly.Memory;
  const means = exports.means as (n: number, resamples: number, seed: number, out: number) => number;
  return (values, resamples, seed, out) => {
    const n = values.length;
    if (n === 0 || n > MAX_WASM_VALUES || out.length < resamples) return false;
    const bytes = (n + resamples) * 8; // the values, then the means
    if (bytes > memory.buffer.byteLength) {
      try {
        memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
      } catch {
        return false; // no memory for it: the JavaScript loop needs none
      }
    }
    new Float64Array(memory.buffer, 0, n).set(values);
    means(n, resamples, seed | 0, n * 8);
    out.set(new Float64Array(memory.buffer, n * 8, resamples));
    return true;
  };
}

/** The kernel, or null where WebAssembly cannot run it. */
export function wasmMeans(): MeansKernel | null {
  if (kernel === undefined) {
    try {
      kernel = instantiate();
    } catch {
      kernel = null; // e.g. compilation refused by the page's Content Security Policy
    }
  }
  return kernel;
}
