import { describe, expect, it } from 'vitest';
import { toEngineError } from '../../../../src/lib/engine/webllm/errors';
import { EngineFailure } from '../../../../src/lib/engine/types';

function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe('toEngineError', () => {
  it.each([
    // web-llm error classes (src/error.ts), by name
    [named('WebGPUNotAvailableError', 'WebGPU is not supported in your current environment'), 'load', 'no_webgpu'],
    [named('ShaderF16SupportError', 'This model requires WebGPU extension shader-f16'), 'load', 'f16_unsupported'],
    [named('DeviceLostError', 'The WebGPU device was lost while loading the model.'), 'load', 'out_of_memory'],
    [named('ModelNotFoundError', 'Cannot find model record in appConfig for X.'), 'load', 'model_not_found'],
    [named('ModelNotLoadedError', 'Model not loaded before trying to complete X.'), 'run', 'not_loaded'],
    [named('AbortError', 'The operation was aborted.'), 'load', 'aborted'],
    // web-llm's abort reason, which fetch rejects with as it is (a string) when unload() stops a load
    ['Engine.unload() is called.', 'load', 'aborted'],
    [named('QuotaExceededError', 'The quota has been exceeded.'), 'load', 'download_failed'],
    // plain strings, as through a worker or from the tvmjs runtime
    ['Error: Unable to find a compatible GPU. This issue might be because your computer', 'load', 'no_adapter'],
    ['Device was lost. This can happen due to insufficient memory', 'run', 'device_lost'],
    ['TypeError: Failed to fetch', 'load', 'download_failed'],
    ['Cannot fetch https://huggingface.co/mlc-ai/x/resolve/main/params_shard_3.bin', 'load', 'download_failed'],
    ["failed to load wasm binary file at 'x.wasm'", 'load', 'download_failed'],
    ['RangeError: Array buffer allocation failed', 'run', 'out_of_memory'],
    [
      'Cannot initialize runtime because of requested maxStorageBufferBindingSize exceeds limit.',
      'load',
      'out_of_memory',
    ],
    ['Prompt tokens exceed context window size: number of prompt tokens: 5000', 'run', 'unknown'],
    ['something nobody expected', 'run', 'unknown'],
  ] as const)('%s (%s) -> %s', (raw, phase, kind) => {
    const error = toEngineError(raw, phase);
    expect(error.kind).toBe(kind);
    expect(error.message.length).toBeGreaterThan(15);
    expect(error.detail).toContain(typeof raw === 'string' ? raw : raw.message);
  });

  it('gives actionable advice', () => {
    expect(toEngineError('out of memory', 'run').message).toMatch(/smaller model/);
    expect(toEngineError('Failed to fetch', 'load').message).toMatch(/huggingface\.co/);
    expect(toEngineError('Device was lost', 'run').message).toMatch(/Press Resume: the model is loaded again/);
    expect(toEngineError(named('ShaderF16SupportError', 'x'), 'load').message).toMatch(/q4f32/);
    expect(toEngineError('Prompt tokens exceed context window size', 'run').message).toMatch(/context window/);
  });

  it('passes an EngineFailure through unchanged', () => {
    const failure = new EngineFailure({ kind: 'aborted', message: 'Stopped.' });
    expect(toEngineError(failure, 'run')).toBe(failure.error);
  });

  it('reads name and message from error-like objects (e.g. structured-cloned errors)', () => {
    expect(toEngineError({ name: 'DeviceLostError', message: 'gone' }, 'run').kind).toBe('device_lost');
  });
});
