/**
 * One JSON request to the server, with what every call needs: the Authorization header, a
 * per-attempt timeout, the in-flight limit, interruption, and bounded retries with exponential
 * backoff for 429, 5xx and network failures (Retry-After honoured, capped). Timeouts are not
 * retried (a slow model stays slow). Failures are thrown as ServerFailure (an EngineFailure);
 * anything else thrown here is a bug. The key goes only into the header.
 */
import type { ResolvedConfig } from './config';
import { ServerFailure, type FailureContext, type FailureFacts } from './errors';
import type { Limiter } from './limiter';

export interface HttpContext {
  readonly config: ResolvedConfig;
  readonly limiter: Limiter;
  /** Aborted by Engine.interrupt(): the call rejects with kind `aborted`. */
  readonly signal: AbortSignal;
}

export interface JsonRequest {
  readonly method: 'GET' | 'POST';
  /** Relative to the base URL, starting with "/". */
  readonly path: string;
  readonly body?: unknown;
  /** Overrides the configured retries (connection checks want a quick answer). */
  readonly retries?: number;
}

export interface JsonResponse {
  readonly status: number;
  readonly json: unknown;
}

type Attempt =
  | { readonly kind: 'ok'; readonly response: JsonResponse }
  | { readonly kind: 'retry'; readonly facts: FailureFacts; readonly waitMs?: number }
  | { readonly kind: 'fail'; readonly facts: FailureFacts };

export function failureContext(config: ResolvedConfig): FailureContext {
  return {
    baseUrl: config.baseUrl,
    ...(config.origin === undefined ? {} : { origin: config.origin }),
    ...(config.apiKey === undefined ? {} : { apiKey: config.apiKey }),
  };
}

/** The server's own error text from an OpenAI / vLLM / llama.cpp / Ollama error body. */
export function serverMessage(text: string): string {
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data === 'object' && data !== null) {
      const { error, detail, message } = data as Record<string, unknown>;
      if (typeof error === 'string') return error;
      if (typeof error === 'object' && error !== null && typeof (error as Record<string, unknown>).message === 'string')
        return (error as Record<string, string>).message ?? '';
      if (typeof detail === 'string') return detail;
      if (typeof message === 'string') return message;
    }
  } catch (e) {
    // Not JSON (an HTML error page from a proxy, plain text): the text itself is the message.
    return `${text.trim()}${e instanceof SyntaxError ? '' : ` (${String(e)})`}`;
  }
  return text.trim();
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function describeThrown(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as Error & { cause?: unknown }).cause;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : '';
  return `${e.name}: ${e.message}${code !== '' ? ` (${code})` : cause instanceof Error ? ` (${cause.message})` : ''}`;
}

async function attempt(ctx: HttpContext, request: JsonRequest): Promise<Attempt> {
  const { config } = ctx;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, config.timeoutMs);
  const onInterrupt = () => controller.abort();
  ctx.signal.addEventListener('abort', onInterrupt, { once: true });
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (config.apiKey !== undefined) headers.authorization = `Bearer ${config.apiKey}`;
  try {
    let response: Response;
    let text: string;
    try {
      response = await config.fetch(`${config.baseUrl}${request.path}`, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: controller.signal,
      });
      text = await response.text();
    } catch (e) {
      if (ctx.signal.aborted) return { kind: 'fail', facts: { reason: 'aborted' } };
      if (timedOut) return { kind: 'fail', facts: { reason: 'timeout', timeoutMs: config.timeoutMs } };
      return { kind: 'retry', facts: { reason: 'network', detail: describeThrown(e) } };
    }
    const status = response.status;
    if (status >= 200 && status < 300) {
      try {
        return { kind: 'ok', response: { status, json: JSON.parse(text) as unknown } };
      } catch (e) {
        return {
          kind: 'fail',
          facts: {
            reason: 'bad_response',
            status,
            detail: `invalid JSON (${e instanceof Error ? e.message : String(e)}): ${text.slice(0, 200)}`,
          },
        };
      }
    }
    const detail = serverMessage(text);
    const wait = retryAfterMs(response.headers.get('retry-after'));
    if (status === 429)
      return {
        kind: 'retry',
        facts: { reason: 'rate_limited', status, detail },
        ...(wait === undefined ? {} : { waitMs: wait }),
      };
    if (status >= 500)
      return {
        kind: 'retry',
        facts: { reason: 'server', status, detail },
        ...(wait === undefined ? {} : { waitMs: wait }),
      };
    if (status === 401 || status === 403) return { kind: 'fail', facts: { reason: 'auth', status, detail } };
    if (status === 404) return { kind: 'fail', facts: { reason: 'model_not_found', status, detail } };
    return { kind: 'fail', facts: { reason: 'bad_request', status, detail } };
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onInterrupt);
  }
}

/** Sends the request, retrying as the policy says; resolves with the parsed 2xx body. */
export async function requestJson(ctx: HttpContext, request: JsonRequest): Promise<JsonResponse> {
  const { config } = ctx;
  const fctx = failureContext(config);
  const retries = request.retries ?? config.retry.retries;
  for (let i = 0; ; i++) {
    try {
      await ctx.limiter.acquire(ctx.signal);
    } catch (e) {
      throw new ServerFailure({ reason: 'aborted', detail: describeThrown(e) }, fctx);
    }
    let result: Attempt;
    try {
      result = await attempt(ctx, request);
    } finally {
      ctx.limiter.release();
    }
    if (result.kind === 'ok') return result.response;
    if (result.kind === 'fail' || i >= retries) throw new ServerFailure({ ...result.facts, attempts: i + 1 }, fctx);
    const backoff = Math.min(config.retry.maxDelayMs, config.retry.baseDelayMs * 2 ** i);
    const wait = Math.min(config.retry.maxDelayMs, Math.max(backoff, result.waitMs ?? 0));
    try {
      await config.sleep(wait, ctx.signal);
    } catch (e) {
      throw new ServerFailure({ reason: 'aborted', detail: describeThrown(e) }, fctx);
    }
  }
}
