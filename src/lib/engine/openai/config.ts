/**
 * How to reach an OpenAI-compatible server (vLLM, Ollama, llama.cpp's llama-server), and the
 * defaults. Invariants: `baseUrl` is normalised (no trailing slash, no credentials, http(s)
 * only) before any request is built; the API key lives only in this object and in the
 * Authorization header of requests, never in URLs, errors, EngineInfo or records.
 */

export interface RetryPolicy {
  /** Further attempts after the first, for 429, 5xx and network failures. */
  readonly retries: number;
  /** Delay before retry i (0-based) is baseDelayMs · 2^i, capped at maxDelayMs (and by Retry-After). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface OpenAIEngineConfig {
  /** e.g. "http://localhost:8000/v1" (vLLM), "http://localhost:11434/v1" (Ollama), "http://localhost:8080/v1" (llama.cpp). */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer …` when set; never logged or stored. */
  readonly apiKey?: string;
  /** Per attempt, milliseconds. */
  readonly timeoutMs?: number;
  /** Requests in flight at once (≥ 1). */
  readonly concurrency?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Injected for tests and for the browser/Node difference; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
  /** Injected for tests (fake timers); defaults to setTimeout. Must reject when `signal` aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The page's origin, for CORS advice in error messages (browser: location.origin). */
  readonly origin?: string;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_CONCURRENCY = 1;
export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 8_000 };
/** How many alternatives a score request asks for (OpenAI's maximum is 20). */
export const TOP_LOGPROBS = 20;

export interface ResolvedConfig {
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly retry: RetryPolicy;
  readonly fetch: typeof fetch;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly origin: string | undefined;
}

export type BaseUrlResult =
  { readonly kind: 'ok'; readonly baseUrl: string } | { readonly kind: 'error'; readonly message: string };

/** Validates and normalises a base URL typed by a user. */
export function normalizeBaseUrl(raw: string): BaseUrlResult {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch (e) {
    return {
      kind: 'error',
      message: `"${raw}" is not a URL (${e instanceof Error ? e.message : String(e)}); expected e.g. http://localhost:8000/v1`,
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { kind: 'error', message: `The server URL must start with http:// or https://, got "${url.protocol}"` };
  if (url.username !== '' || url.password !== '') {
    return {
      kind: 'error',
      message:
        'The server URL contains a user name or password; remove it and give the key in the API key field (it is never stored).',
    };
  }
  if (url.search !== '' || url.hash !== '')
    return { kind: 'error', message: 'The server URL must not contain "?" or "#" parts.' };
  return { kind: 'ok', baseUrl: url.href.replace(/\/+$/, '') };
}

export function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Fills defaults; throws (a bug at the caller) on values no user input can produce. */
export function resolveConfig(config: OpenAIEngineConfig): ResolvedConfig {
  const base = normalizeBaseUrl(config.baseUrl);
  if (base.kind === 'error') throw new Error(`OpenAIEngine: ${base.message}`);
  const concurrency = config.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error(`OpenAIEngine: concurrency must be an integer ≥ 1, got ${concurrency}`);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new Error(`OpenAIEngine: timeoutMs must be > 0, got ${timeoutMs}`);
  const retry = { ...DEFAULT_RETRY, ...config.retry };
  if (!Number.isInteger(retry.retries) || retry.retries < 0)
    throw new Error(`OpenAIEngine: retry.retries must be an integer ≥ 0, got ${retry.retries}`);
  const apiKey = config.apiKey?.trim();
  return {
    baseUrl: base.baseUrl,
    apiKey: apiKey === '' ? undefined : apiKey,
    timeoutMs,
    concurrency,
    retry,
    fetch: config.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    sleep: config.sleep ?? defaultSleep,
    origin: config.origin,
  };
}
