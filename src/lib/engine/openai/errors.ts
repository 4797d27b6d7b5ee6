/**
 * Failures of an OpenAI-compatible server as `EngineError` values with advice a user can act on.
 * Which kind a failure gets decides what the runner does (runner/trial.ts FATAL_KINDS):
 * - the server cannot serve any request (unreachable / CORS, key refused, no log-probabilities,
 *   unknown model): a fatal kind (`not_loaded`, `model_not_found`), so the run pauses and can be
 *   resumed once fixed, instead of failing every remaining trial;
 * - one request went wrong (timeout, 5xx or 429 after retries, bad request, malformed answer):
 *   `server_error`, so the trial is stored as failed and the run continues.
 * Invariant: no message or detail contains the API key (`redact`), and URLs carry no credentials
 * (config.ts refuses them).
 */
import { EngineFailure, type EngineError, type EngineErrorKind } from '../types';

export type FailureReason =
  | 'network'
  | 'timeout'
  | 'auth'
  | 'rate_limited'
  | 'server'
  | 'model_not_found'
  | 'bad_request'
  | 'bad_response'
  | 'no_logprobs'
  | 'aborted';

const KIND: Readonly<Record<FailureReason, EngineErrorKind>> = {
  network: 'not_loaded',
  auth: 'not_loaded',
  no_logprobs: 'not_loaded',
  model_not_found: 'model_not_found',
  timeout: 'server_error',
  rate_limited: 'server_error',
  server: 'server_error',
  bad_request: 'server_error',
  bad_response: 'server_error',
  aborted: 'aborted',
};

export function kindOf(reason: FailureReason): EngineErrorKind {
  return KIND[reason];
}

/** Replaces every occurrence of the key (servers sometimes echo headers) and caps the length. */
export function redact(text: string, apiKey: string | undefined, max = 500): string {
  const clean = apiKey !== undefined && apiKey.length > 0 ? text.split(apiKey).join('[api key]') : text;
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** The exact server settings that let a page on `origin` call the server. */
export function corsAdvice(origin: string | undefined): string {
  const o = origin ?? '<this page’s origin, e.g. https://example.org>';
  return [
    `In a browser the same error also appears when the server does not allow this page's origin (${o}) (CORS):`,
    `vLLM allows every origin by default; if it was started with --allowed-origins, include it: --allowed-origins '["${o}"]'.`,
    `Ollama allows only localhost origins by default: set OLLAMA_ORIGINS=${o} in the environment of "ollama serve" and restart it.`,
    `llama.cpp's llama-server reflects any origin by default; newer builds started with --cors-origins (or with server tools enabled, which limits CORS to localhost) need --cors-origins ${o}.`,
    'An https:// page also cannot call a plain http:// server other than localhost (mixed content): serve the app over http://localhost, or put the server behind https.',
  ].join(' ');
}

export interface FailureContext {
  readonly baseUrl: string;
  readonly origin?: string;
  readonly apiKey?: string;
}

export interface FailureFacts {
  readonly reason: FailureReason;
  readonly status?: number;
  /** The server's own error text or the thrown error, unredacted (redacted here). */
  readonly detail?: string;
  readonly attempts?: number;
  readonly timeoutMs?: number;
  readonly model?: string;
  /** Models the server lists, for `model_not_found`. */
  readonly available?: readonly string[];
}

function message(f: FailureFacts, ctx: FailureContext): string {
  const tried = f.attempts !== undefined && f.attempts > 1 ? ` (tried ${f.attempts} times with increasing waits)` : '';
  switch (f.reason) {
    case 'network':
      return `Could not reach the model server at ${ctx.baseUrl}. Check that it is running and that the URL is right (it usually ends in /v1, e.g. http://localhost:8000/v1). ${corsAdvice(ctx.origin)}`;
    case 'auth':
      return f.status === 403
        ? `The server at ${ctx.baseUrl} refused access (HTTP 403): the API key is not allowed, or (llama.cpp with --cors-origins) this page's origin is not. Check the key and the server's CORS settings.`
        : `The server at ${ctx.baseUrl} refused the API key (HTTP 401). Give the key the server was started with (vLLM --api-key / VLLM_API_KEY, llama.cpp --api-key; Ollama needs none).`;
    case 'model_not_found':
      return `The server has no model named "${f.model ?? ''}". ${f.available === undefined ? 'Its model list could not be read.' : f.available.length === 0 ? 'It lists no models.' : `It serves: ${f.available.join(', ')}. Use one of these names exactly.`}`;
    case 'timeout':
      return `The server did not answer within ${Math.round((f.timeoutMs ?? 0) / 1000)} s. The model may be too slow or overloaded: raise the request timeout or lower the number of requests in flight.`;
    case 'rate_limited':
      return `The server kept refusing requests as too many (HTTP 429)${tried}. Lower the number of requests in flight, or wait and resume the run.`;
    case 'server':
      return `The server failed with HTTP ${f.status ?? '?'}${tried}. Check the server's log; the trial was recorded as failed and can be redone by resuming.`;
    case 'bad_request':
      return /continue_final_message|add_generation_prompt/i.test(f.detail ?? '')
        ? 'The server rejected continuing a prefilled assistant message (continue_final_message). Use vLLM ≥ 0.6.4, or a server that continues a trailing assistant message (llama.cpp, Ollama).'
        : `The server rejected the request (HTTP ${f.status ?? 400}). The prompt may exceed the model's context length; see the detail.`;
    case 'bad_response':
      return 'The server answered with something that is not an OpenAI-compatible chat completion. Check that the URL points at the /v1 API of vLLM, Ollama or llama.cpp.';
    case 'no_logprobs':
      return 'The server answered without token log-probabilities, so answers cannot be scored. It needs "logprobs"/"top_logprobs" on /chat/completions: vLLM (any recent version), Ollama 0.12.11 or newer, a recent llama.cpp llama-server. A proxy in between may drop these fields.';
    case 'aborted':
      return 'Stopped by the user.';
  }
}

export function buildFailure(f: FailureFacts, ctx: FailureContext): EngineError {
  const parts = [f.status === undefined ? undefined : `HTTP ${f.status}`, f.detail].filter(
    (p): p is string => p !== undefined && p !== '',
  );
  const detail = parts.length > 0 ? redact(parts.join(': '), ctx.apiKey) : undefined;
  return {
    kind: kindOf(f.reason),
    message: redact(message(f, ctx), ctx.apiKey, Infinity),
    ...(detail === undefined ? {} : { detail }),
  };
}

/** Thrown form; `reason` kept so the engine can decide about retries and model listing. */
export class ServerFailure extends EngineFailure {
  readonly reason: FailureReason;
  readonly status: number | undefined;
  constructor(facts: FailureFacts, ctx: FailureContext) {
    super(buildFailure(facts, ctx));
    this.name = 'ServerFailure';
    this.reason = facts.reason;
    this.status = facts.status;
  }
}
