import { describe, expect, it } from 'vitest';
import { checkDevice, runPreflight, type AdapterLike, type PreflightEnv } from '../../../src/lib/engine/preflight';

const GB = 1024 ** 3;
function adapter(features: string[], maxBuffer = 2 * GB, maxBinding = 2 * GB): AdapterLike {
  return {
    features: new Set(features),
    limits: { maxBufferSize: maxBuffer, maxStorageBufferBindingSize: maxBinding },
    info: { vendor: 'acme', architecture: 'rdna', description: '' },
  };
}
function env(found: AdapterLike | null | 'no-gpu', secure = true, deviceMemory?: number): PreflightEnv {
  return {
    isSecureContext: secure,
    navigator: {
      ...(found === 'no-gpu' ? {} : { gpu: { requestAdapter: async () => found } }),
      ...(deviceMemory !== undefined ? { deviceMemory } : {}),
    },
  };
}
const F16 = { label: 'Qwen2.5 0.5B (q4f16_1)', needsF16: true, vramMB: 944.62 };
const F32 = { label: 'Qwen2.5 0.5B (q4f32_1)', needsF16: false, vramMB: 1060.2 };

describe('runPreflight', () => {
  it('stops first at an insecure page, even without a GPU', async () => {
    const r = await runPreflight(F32, env('no-gpu', false));
    expect(r.kind === 'blocked' && r.error.kind).toBe('insecure_context');
  });

  it('reports a browser without navigator.gpu', async () => {
    const r = await runPreflight(F32, env('no-gpu'));
    expect(r.kind === 'blocked' && r.error.kind).toBe('no_webgpu');
  });

  it('reports requestAdapter() returning null', async () => {
    const r = await runPreflight(F32, env(null));
    expect(r.kind === 'blocked' && r.error.kind).toBe('no_adapter');
  });

  it('blocks an f16 build on a device without shader-f16, and suggests q4f32', async () => {
    const r = await runPreflight(F16, env(adapter([])));
    expect(r.kind).toBe('blocked');
    if (r.kind !== 'blocked') return;
    expect(r.error.kind).toBe('f16_unsupported');
    expect(r.error.message).toMatch(/q4f32/);
    expect(r.device?.hasF16).toBe(false);
  });

  it('lets an f32 build through on the same device, with the VRAM need next to the device limits', async () => {
    const r = await runPreflight(F32, env(adapter([]), true, 8));
    expect(r.kind).toBe('ready');
    if (r.kind !== 'ready') return;
    expect(r.device).toEqual({
      adapter: 'acme rdna',
      gpu: { vendor: 'acme', architecture: 'rdna', device: '', description: '', hasF16: false, userAgent: '' },
      hasF16: false,
      software: false,
      maxBufferMB: 2048,
      maxStorageBindingMB: 2048,
      deviceMemoryGB: 8,
    });
    expect(r.notes[0]).toMatch(/about 1060 MB.*buffers up to 2048 MB/);
  });

  it('names the GPU as a device self-test stores it, with the browser', async () => {
    const gpu: AdapterLike = {
      ...adapter(['shader-f16']),
      info: { vendor: 'nvidia', architecture: 'ampere', description: 'D3D12 driver 31.0', device: 'RTX 3060' },
    };
    const found = env(gpu);
    const r = await runPreflight(F16, { ...found, navigator: { ...found.navigator, userAgent: 'Chrome/140' } });
    expect(r.kind === 'ready' && r.device.gpu).toEqual({
      vendor: 'nvidia',
      architecture: 'ampere',
      device: 'RTX 3060',
      description: 'D3D12 driver 31.0',
      hasF16: true,
      userAgent: 'Chrome/140',
    });
  });

  it('warns about low-memory devices', async () => {
    const r = await runPreflight(F32, env(adapter(['shader-f16'], GB, 128 * 1024 * 1024), true, 2));
    expect(r.kind === 'ready' && r.notes.join(' ')).toMatch(/low-memory device.*may not fit|under 1 GB/);
  });
});

describe("checkDevice (the Run screen's device line, before any model is named)", () => {
  it('says what blocks browser models, in the same order', async () => {
    await expect(checkDevice(env('no-gpu', false))).resolves.toMatchObject({ error: { kind: 'insecure_context' } });
    await expect(checkDevice(env('no-gpu'))).resolves.toMatchObject({ error: { kind: 'no_webgpu' } });
    await expect(checkDevice(env(null))).resolves.toMatchObject({ error: { kind: 'no_adapter' } });
  });

  it('reports shader-f16 and a hardware adapter', async () => {
    const r = await checkDevice(env(adapter(['shader-f16'])));
    expect(r).toMatchObject({ kind: 'ready', device: { adapter: 'acme rdna', hasF16: true, software: false } });
  });

  it("flags a software adapter, by the browser's own flag or by its name, and says so in the notes", async () => {
    // Headless Chromium's SwiftShader: {vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true}.
    const flagged: AdapterLike = {
      ...adapter([]),
      info: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true },
    };
    const named: AdapterLike = { ...adapter([]), info: { vendor: 'mesa', architecture: '', description: 'llvmpipe' } };
    const old: AdapterLike = { ...adapter([]), isFallbackAdapter: true };
    for (const a of [flagged, named, old]) {
      const r = await checkDevice(env(a));
      expect(r.kind === 'ready' && r.device.software).toBe(true);
    }
    const r = await runPreflight(F32, env(flagged));
    expect(r.kind === 'ready' && r.notes[0]).toMatch(/^google swiftshader is a software adapter: .*very slowly/);
  });
});
