/**
 * A local fake of an OpenAI-compatible server (vLLM-like) for engine, runner, CLI and browser
 * tests: node:http on 127.0.0.1, a random port, the scripted model of script.ts. Serves
 * GET /v1/models and POST /v1/chat/completions (also without the /v1 prefix), answers CORS
 * preflights and sends Access-Control-Allow-Origin: * by default, and logs every request so tests
 * can count requests per trial and condition. Faults can be switched at any time (setFault).
 * Invariant: it only ever listens on 127.0.0.1.
 *
 *   const server = await startFakeServer({ models: ['m'] });
 *   new OpenAIEngine({ baseUrl: server.url, ... }); server.requests; server.setFault({ kind: 'status', status: 500, from: 3 }); await server.close();
 *
 * Run standalone (e.g. for browser tests in another process): `npx tsx test/server/fake-openai.ts [port]`
 * prints the base URL on stdout.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROBE_DIALOGUE } from '../../src/lib/engine/openai/connection';
import { conditionOf, scriptedReasoning, scriptedTopLogprobs, type WireMessage } from './script';

export type Fault =
  /** Every connection is cut without an answer (fetch fails like a crashed server). */
  | { readonly kind: 'down' }
  /**
   * Answer with `status`. Without `from`: every request (models too). With `from`: chat requests
   * number `from` .. `from + count - 1` (default count 1), counted from when the fault was set, 1-based.
   */
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly from?: number;
      readonly count?: number;
      readonly retryAfter?: number;
      readonly message?: string;
    }
  /** Chat completions without the `logprobs` field. */
  | { readonly kind: 'no_logprobs' }
  /** No CORS headers at all, and preflights unanswered. */
  | { readonly kind: 'no_cors' }
  /** Every answer is delayed. */
  | { readonly kind: 'slow'; readonly delayMs: number };

export type RequestKind = 'options' | 'models' | 'score' | 'generate' | 'probe' | 'other';

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly kind: RequestKind;
  /** Condition of a chat request, from its instruction texts (script.ts conditionOf). */
  readonly condition?: ReturnType<typeof conditionOf>;
  readonly body?: Readonly<Record<string, unknown>>;
  readonly authorization: string | null;
  readonly origin: string | null;
  /** Status sent; null when the connection was cut. */
  status: number | null;
  /** `usage.prompt_tokens` and `usage.prompt_tokens_details.cached_tokens` of a chat answer sent. */
  promptTokens?: number;
  cachedTokens?: number;
}

export interface FakeServerOptions {
  readonly models?: readonly string[];
  readonly ownedBy?: string;
  /** When set, requests need `Authorization: Bearer <apiKey>` (else 401). */
  readonly apiKey?: string;
  readonly faults?: readonly Fault[];
  readonly port?: number;
}

export interface FakeServer {
  /** Base URL including /v1, e.g. http://127.0.0.1:41234/v1 */
  readonly url: string;
  readonly requests: LoggedRequest[];
  close(): Promise<void>;
  /** Replaces the active faults (null: none). Numbering for `from` restarts now. */
  setFault(fault: Fault | readonly Fault[] | null): void;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '600',
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function isProbe(messages: readonly WireMessage[]): boolean {
  return (
    messages[0]?.content === PROBE_DIALOGUE.messages[0].content &&
    messages[messages.length - 1]?.content === PROBE_DIALOGUE.prefill
  );
}

function parseMessages(body: Readonly<Record<string, unknown>>): WireMessage[] | null {
  const m = body.messages;
  if (!Array.isArray(m)) return null;
  const out: WireMessage[] = [];
  for (const x of m as unknown[]) {
    if (typeof x !== 'object' || x === null) return null;
    const { role, content } = x as Record<string, unknown>;
    if (typeof role !== 'string' || typeof content !== 'string') return null;
    out.push({ role, content });
  }
  return out;
}

export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const models = options.models ?? ['fake-model'];
  const requests: LoggedRequest[] = [];
  let faults: readonly Fault[] = options.faults ?? [];
  let chatSinceFault = 0;
  /** The previous chat request's messages as JSON: its common prefix with the next is "cached". */
  let previousPrompt = '';
  const find = <K extends Fault['kind']>(kind: K) =>
    faults.find((f): f is Extract<Fault, { kind: K }> => f.kind === kind);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]?.replace(/^\/v1(?=\/)/, '') ?? '/';
    const text = await readBody(req);
    let body: Record<string, unknown> | undefined;
    if (text !== '') {
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
          body = parsed as Record<string, unknown>;
      } catch (e) {
        body = { unparsable: text.slice(0, 100), error: String(e) };
      }
    }
    const messages = body === undefined ? null : parseMessages(body);
    const isChat = req.method === 'POST' && path === '/chat/completions';
    const kind: RequestKind =
      req.method === 'OPTIONS'
        ? 'options'
        : req.method === 'GET' && path === '/models'
          ? 'models'
          : !isChat || messages === null
            ? 'other'
            : isProbe(messages)
              ? 'probe'
              : body?.max_tokens === 1 && body.logprobs === true
                ? 'score'
                : 'generate';
    const entry: LoggedRequest = {
      method: req.method ?? '',
      path,
      kind,
      authorization: req.headers.authorization ?? null,
      origin: req.headers.origin ?? null,
      status: null,
      ...(body === undefined ? {} : { body }),
      ...(messages !== null && isChat ? { condition: conditionOf(messages) } : {}),
    };
    requests.push(entry);

    if (find('down')) {
      req.socket.destroy();
      return;
    }
    const slow = find('slow');
    if (slow) await new Promise((r) => setTimeout(r, slow.delayMs));
    const cors = find('no_cors') ? {} : CORS;
    const send = (status: number, payload: unknown, extra: Record<string, string> = {}) => {
      entry.status = status;
      res.writeHead(status, {
        ...cors,
        ...extra,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    const error = (status: number, message: string, extra: Record<string, string> = {}) =>
      send(status, { error: { message, type: 'FakeError', code: status } }, extra);

    if (req.method === 'OPTIONS') return find('no_cors') ? send(404, undefined) : send(204, undefined);
    if (isChat) chatSinceFault += 1;
    for (const f of faults) {
      if (f.kind !== 'status') continue;
      const hit =
        f.from === undefined || (isChat && chatSinceFault >= f.from && chatSinceFault < f.from + (f.count ?? 1));
      if (hit)
        return error(
          f.status,
          f.message ?? `scripted failure ${f.status}`,
          f.retryAfter === undefined ? {} : { 'retry-after': String(f.retryAfter) },
        );
    }
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`)
      return error(401, 'invalid API key');

    if (kind === 'models') {
      return send(200, {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: options.ownedBy ?? 'fake' })),
      });
    }
    if (!isChat) return error(404, `no route ${req.method ?? ''} ${path}`);
    if (body === undefined || messages === null || messages.length === 0)
      return error(400, 'messages must be a list of {role, content}');
    if (typeof body.model !== 'string' || !models.includes(body.model))
      return error(404, `The model \`${String(body.model)}\` does not exist.`);
    const last = messages[messages.length - 1];
    if (last?.role !== 'assistant' || body.continue_final_message !== true || body.add_generation_prompt !== false) {
      return error(
        400,
        'this fake only continues a final assistant message (continue_final_message: true, add_generation_prompt: false)',
      );
    }
    // Tokens are 4 characters of the messages' JSON; like vLLM's prefix cache, the part a request
    // shares with the one before is reported as cached (usage.prompt_tokens_details.cached_tokens).
    const prompt = JSON.stringify(messages);
    let shared = 0;
    while (shared < prompt.length && prompt[shared] === previousPrompt[shared]) shared++;
    previousPrompt = prompt;
    const usage = {
      prompt_tokens: Math.ceil(prompt.length / 4),
      prompt_tokens_details: { cached_tokens: Math.floor(shared / 4) },
    };
    entry.promptTokens = usage.prompt_tokens;
    entry.cachedTokens = usage.prompt_tokens_details.cached_tokens;
    const base = { id: `chatcmpl-${requests.length}`, object: 'chat.completion', created: 0, model: body.model };
    if (kind === 'score' || kind === 'probe') {
      const top = scriptedTopLogprobs(messages, typeof body.top_logprobs === 'number' ? body.top_logprobs : 20);
      const first = top[0] ?? { token: '', logprob: 0 };
      const choice = {
        index: 0,
        finish_reason: 'length',
        message: { role: 'assistant', content: first.token },
        ...(find('no_logprobs')
          ? {}
          : {
              logprobs: { content: [{ ...first, bytes: null, top_logprobs: top.map((t) => ({ ...t, bytes: null })) }] },
            }),
      };
      return send(200, { ...base, choices: [choice], usage: { ...usage, completion_tokens: 1 } });
    }
    const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : 256;
    const { text: content, finish } = scriptedReasoning(
      messages,
      typeof body.seed === 'number' ? body.seed : undefined,
      maxTokens,
    );
    return send(200, {
      ...base,
      choices: [{ index: 0, finish_reason: finish, message: { role: 'assistant', content } }],
      usage: { ...usage, completion_tokens: content.split(' ').length },
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug in the fake: answer 599 so the test sees it, and keep the message.
      if (!res.headersSent) res.writeHead(599, { 'content-type': 'text/plain' });
      res.end(`fake server bug: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setFault(fault) {
      faults = fault === null ? [] : Array.isArray(fault) ? (fault as readonly Fault[]) : [fault as Fault];
      chatSinceFault = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** Standalone: `npx tsx test/server/fake-openai.ts [port]` (stops on SIGINT/SIGTERM). */
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const server = await startFakeServer({ port: Number(process.argv[2] ?? 0) });
  process.stdout.write(`${server.url}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
