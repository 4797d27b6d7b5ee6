/**
 * Checks the browser can run a model *before* anything is downloaded: web-llm only detects
 * WebGPU after fetching the model library (engine.ts:293-344, v0.2.83), so a user without a GPU
 * would otherwise wait for a download to learn it cannot work.
 *
 * Order (first failure wins): secure context, `navigator.gpu`, an adapter (checkDevice: the Run
 * screen's device line, on load), shader-f16 when the model build needs it. On success, the model's VRAM need is reported next to what the device
 * tells us (WebGPU exposes buffer limits, not total memory). Main-thread safe: no web-llm import;
 * `navigator` and `isSecureContext` are injectable for tests.
 */
import type { DeviceInfo } from '../core/records';
import { buildEngineError } from './webllm/errors';
import type { EngineError } from './types';

/** The slices of WebGPU this check reads (the real `navigator.gpu` satisfies them). */
export interface AdapterLike {
  readonly features: { has(feature: string): boolean };
  readonly limits: { readonly maxBufferSize: number; readonly maxStorageBufferBindingSize: number };
  readonly info?: {
    readonly vendor: string;
    readonly architecture: string;
    readonly description: string;
    readonly device?: string;
    /** A software adapter (CPU rendering), where the browser says so (GPUAdapterInfo, Chrome 130+). */
    readonly isFallbackAdapter?: boolean;
  };
  /** The same flag on the adapter itself (older browsers). */
  readonly isFallbackAdapter?: boolean;
}

export interface PreflightEnv {
  readonly isSecureContext: boolean;
  readonly navigator: {
    readonly gpu?: {
      requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null>;
    };
    /** GB of device RAM (Chromium only); relevant for integrated GPUs sharing system memory. */
    readonly deviceMemory?: number;
    readonly userAgent?: string;
  };
}

export interface ModelNeeds {
  readonly label: string;
  readonly needsF16: boolean;
  /** web-llm's vram_required_MB, when known (custom models may not have it). */
  readonly vramMB?: number;
}

export interface DeviceReport {
  readonly adapter: string;
  /** The adapter's fields as stored with a device self-test. */
  readonly gpu: DeviceInfo;
  readonly hasF16: boolean;
  /** A software adapter (SwiftShader, llvmpipe, WARP): the CPU draws, so models run very slowly. */
  readonly software: boolean;
  readonly maxBufferMB: number;
  readonly maxStorageBindingMB: number;
  readonly deviceMemoryGB?: number;
}

/** The device alone, before any model is named: can WebGPU run here at all, and on what. */
export type DeviceCheck =
  { readonly kind: 'ready'; readonly device: DeviceReport } | { readonly kind: 'blocked'; readonly error: EngineError };

export type PreflightResult =
  | { readonly kind: 'ready'; readonly device: DeviceReport; readonly notes: readonly string[] }
  | { readonly kind: 'blocked'; readonly error: EngineError; readonly device?: DeviceReport };

const MB = 1024 * 1024;
/** Adapter names of software renderers, for browsers that do not set isFallbackAdapter. */
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/i;

export function defaultPreflightEnv(): PreflightEnv {
  return {
    isSecureContext: globalThis.isSecureContext === true,
    navigator: globalThis.navigator as PreflightEnv['navigator'],
  };
}

function describeAdapter(adapter: AdapterLike, env: PreflightEnv): DeviceReport {
  const info = adapter.info;
  const name = [info?.vendor, info?.architecture, info?.description]
    .filter((s) => s !== undefined && s !== '')
    .join(' ');
  const memory = env.navigator.deviceMemory;
  const hasF16 = adapter.features.has('shader-f16');
  return {
    adapter: name === '' ? 'unnamed GPU' : name,
    gpu: {
      vendor: info?.vendor ?? '',
      architecture: info?.architecture ?? '',
      device: info?.device ?? '',
      description: info?.description ?? '',
      hasF16,
      userAgent: env.navigator.userAgent ?? '',
    },
    hasF16,
    software: info?.isFallbackAdapter === true || adapter.isFallbackAdapter === true || SOFTWARE_ADAPTER.test(name),
    maxBufferMB: Math.floor(adapter.limits.maxBufferSize / MB),
    maxStorageBindingMB: Math.floor(adapter.limits.maxStorageBufferBindingSize / MB),
    ...(memory !== undefined ? { deviceMemoryGB: memory } : {}),
  };
}

function buildNotes(model: ModelNeeds, device: DeviceReport): string[] {
  const notes: string[] = [];
  if (device.software)
    notes.push(
      `${device.adapter} is a software adapter: the processor does the GPU's work, so models run very slowly. Use a server, or another browser or device with a GPU.`,
    );
  const need = model.vramMB === undefined ? 'an unknown amount of' : `about ${Math.round(model.vramMB)} MB of`;
  notes.push(
    `${model.label} needs ${need} GPU memory. Browsers do not report total GPU memory; ` +
      `this GPU (${device.adapter}) allows buffers up to ${device.maxBufferMB} MB ` +
      `(storage bindings up to ${device.maxStorageBindingMB} MB).`,
  );
  if (device.maxStorageBindingMB < 1024) {
    notes.push(
      'Storage bindings under 1 GB usually mean a low-memory device (phone, small laptop): prefer models under 1 GB.',
    );
  }
  if (
    device.deviceMemoryGB !== undefined &&
    model.vramMB !== undefined &&
    model.vramMB > device.deviceMemoryGB * 1024 * 0.5
  ) {
    notes.push(
      `The browser reports about ${device.deviceMemoryGB} GB of device memory (a lower bound); ` +
        'on a GPU that shares system memory this model may not fit.',
    );
  }
  return notes;
}

/** The device checks (secure context, WebGPU, an adapter), with what the adapter offers. */
export async function checkDevice(env: PreflightEnv = defaultPreflightEnv()): Promise<DeviceCheck> {
  if (!env.isSecureContext) return { kind: 'blocked', error: buildEngineError('insecure_context') };
  const gpu = env.navigator.gpu;
  if (gpu === undefined || gpu === null) return { kind: 'blocked', error: buildEngineError('no_webgpu') };
  let adapter: AdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return { kind: 'blocked', error: buildEngineError('no_adapter', `requestAdapter() threw: ${String(err)}`) };
  }
  if (adapter === null)
    return { kind: 'blocked', error: buildEngineError('no_adapter', 'requestAdapter() returned null') };
  return { kind: 'ready', device: describeAdapter(adapter, env) };
}

/** Runs the checks in order and says, in plain words, whether `model` can be tried here. */
export async function runPreflight(
  model: ModelNeeds,
  env: PreflightEnv = defaultPreflightEnv(),
): Promise<PreflightResult> {
  const checked = await checkDevice(env);
  if (checked.kind === 'blocked') return checked;
  const { device } = checked;
  if (model.needsF16 && !device.hasF16) {
    return {
      kind: 'blocked',
      error: buildEngineError('f16_unsupported', `${device.adapter} lacks shader-f16`),
      device,
    };
  }
  return { kind: 'ready', device, notes: buildNotes(model, device) };
}
