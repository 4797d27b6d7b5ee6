/**
 * Turns whatever web-llm (or the browser under it) throws into one of the engine's
 * `EngineError` kinds with a message a user can act on.
 *
 * Inputs arrive in three shapes: Error objects thrown inside the worker (web-llm's classes from
 * src/error.ts, recognised by `name`), plain strings (emscripten/tvmjs throw strings; web-llm's
 * own WebWorkerMLCEngine forwards errors as strings; `ErrorEvent.message` from a crashed worker),
 * and anything else. Matching is by class name first, then by message text, so the same rules
 * hold on both sides of the worker boundary. Safe for the main thread: no web-llm import.
 */
import { EngineFailure, type EngineError, type EngineErrorKind } from '../types';

/** When the error happened: a device lost while loading is almost always out-of-memory. */
export type ErrorPhase = 'load' | 'run';

const MESSAGES: Readonly<Record<EngineErrorKind, string>> = {
  insecure_context:
    'WebGPU needs a secure page. Open the app over https:// (or http://localhost), not from a plain http:// address or a file.',
  no_webgpu:
    'This browser does not offer WebGPU. Use a recent Chrome or Edge (or Safari 26+, Firefox 141+ on Windows), and check that WebGPU is not disabled.',
  no_adapter:
    'The browser found no usable GPU. Check that hardware acceleration is on in the browser settings, update the GPU driver, or try another browser.',
  f16_unsupported:
    'This model build needs 16-bit GPU shaders (shader-f16), which this device does not offer. Pick the q4f32 build of the same model.',
  out_of_memory:
    'The GPU ran out of memory. Close other GPU-heavy tabs and try a smaller model, or the q4f16 build (smaller than q4f32) if your device supports shader-f16.',
  device_lost:
    'The GPU device was lost (a driver reset, the computer slept, or the GPU ran short of memory), so the run paused. Press Resume: the model is loaded again and the run goes on where it stopped; finished trials are kept. If it happens again, close other GPU-heavy tabs or pick a smaller model.',
  download_failed:
    'Model files could not be downloaded. Check your network connection and that huggingface.co and raw.githubusercontent.com are reachable, then try again (downloaded parts are cached).',
  model_not_found:
    'The model was not found: the id is not in the catalogue, or its URL has no valid mlc-chat-config.json. Check the model id and URLs.',
  aborted: 'Stopped by the user.',
  not_loaded: 'No model is loaded. Load a model first.',
  server_error: 'The model server answered with an error.',
  storage_full:
    "This browser's storage is full, so results cannot be saved. Delete old runs or cached models, then resume; finished trials are kept.",
  no_candidate_mass:
    'The model put no probability on any answer candidate, so this trial has no answer; it is counted as failed.',
  unknown:
    'The model engine failed unexpectedly. Reload the model and try again; if it repeats, report it with the detail below.',
};

interface Rule {
  readonly kind: EngineErrorKind;
  readonly names?: readonly string[];
  readonly pattern?: RegExp;
  readonly message?: string;
}

const STORAGE_FULL =
  'The browser has no storage space left for the model files. Free disk space or delete cached models, then try again.';
const LIMITS_TOO_SMALL =
  "This GPU's WebGPU limits are too small for the model runtime. Try a smaller model, or another browser or device.";
const PROMPT_TOO_LONG =
  "The prompt is longer than this model build's context window. Use a build with a larger context (not the -1k one).";

/**
 * Ordered: the first matching rule wins. web-llm aborts a load under way with
 * `reloadController.abort("Engine.unload() is called.")` (0.2.86 `MLCEngine.unload`), and fetch
 * rejects with that reason string itself, not an AbortError: it is an abort too.
 */
const RULES: readonly Rule[] = [
  { kind: 'aborted', names: ['AbortError'], pattern: /\baborted\b|AbortError|Engine\.unload\(\) is called/i },
  {
    kind: 'no_webgpu',
    names: ['WebGPUNotAvailableError', 'WebGPUNotFoundError'],
    pattern: /WebGPU is not supported|Cannot find WebGPU|navigator\.gpu/i,
  },
  { kind: 'no_adapter', pattern: /Unable to find a compatible GPU|requestAdapter|no (GPU )?adapter/i },
  { kind: 'f16_unsupported', names: ['ShaderF16SupportError'], pattern: /shader-f16|\bf16\b.*not supported/i },
  { kind: 'out_of_memory', pattern: /exceeds limit/i, message: LIMITS_TOO_SMALL },
  {
    kind: 'device_lost',
    names: ['DeviceLostError'],
    pattern: /device (was |is )?lost|GPUDeviceLostInfo|Instance dropped|device has been destroyed/i,
  },
  { kind: 'out_of_memory', pattern: /out of memory|OutOfMemory|\bOOM\b|allocation failed|Failed to allocate/i },
  { kind: 'download_failed', names: ['QuotaExceededError'], pattern: /quota/i, message: STORAGE_FULL },
  {
    kind: 'model_not_found',
    names: ['ModelNotFoundError', 'MissingModelError', 'SpecifiedModelNotFoundError', 'UnsupportedModelIdError'],
    pattern: /Cannot find model record|mlc-chat-config\.json.*(404|not found)/i,
  },
  {
    kind: 'not_loaded',
    names: ['ModelNotLoadedError', 'WorkerEngineModelNotLoadedError', 'EngineNotLoadedError'],
    pattern: /not loaded|Did you call `?engine\.reload/i,
  },
  {
    kind: 'download_failed',
    names: ['IntegrityError'],
    pattern:
      /Failed to fetch|Cannot fetch|Unable to fetch|NetworkError|Load failed|Request failed|network error|ERR_|received status|failed to load wasm/i,
  },
  {
    kind: 'unknown',
    names: ['ContextWindowSizeExceededError'],
    pattern: /exceed context window/i,
    message: PROMPT_TOO_LONG,
  },
];

function describe(raw: unknown): { name: string; text: string } {
  if (raw instanceof Error) return { name: raw.name, text: `${raw.name}: ${raw.message}` };
  if (typeof raw === 'string') return { name: '', text: raw };
  if (typeof raw === 'object' && raw !== null) {
    const name = 'name' in raw && typeof raw.name === 'string' ? raw.name : '';
    const message = 'message' in raw && typeof raw.message === 'string' ? raw.message : JSON.stringify(raw);
    return { name, text: name ? `${name}: ${message}` : message };
  }
  return { name: '', text: String(raw) };
}

/** Builds the EngineError for a kind, with its standard message. */
export function buildEngineError(kind: EngineErrorKind, detail?: string, message?: string): EngineError {
  return { kind, message: message ?? MESSAGES[kind], ...(detail !== undefined ? { detail } : {}) };
}

/** Maps anything thrown by web-llm, the browser or the worker to an EngineError. */
export function toEngineError(raw: unknown, phase: ErrorPhase): EngineError {
  if (raw instanceof EngineFailure) return raw.error;
  const { name, text } = describe(raw);
  for (const rule of RULES) {
    const byName = name !== '' && (rule.names ?? []).includes(name);
    if (!byName && !(rule.pattern?.test(text) ?? false)) continue;
    // A device lost during loading is web-llm's out-of-memory signal (engine.ts:362-377, error.ts DeviceLostError).
    const kind = rule.kind === 'device_lost' && phase === 'load' ? 'out_of_memory' : rule.kind;
    return buildEngineError(kind, text, kind === rule.kind ? rule.message : undefined);
  }
  return buildEngineError('unknown', text);
}

/** Throwable form, for `throw failWith('not_loaded')`. */
export function failWith(kind: EngineErrorKind, detail?: string, message?: string): EngineFailure {
  return new EngineFailure(buildEngineError(kind, detail, message));
}
