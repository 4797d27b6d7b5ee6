import { describe, expect, it } from 'vitest';
import { OpenAIEngine } from '../../../../src/lib/engine/openai/engine';
import type { OpenAIEngineConfig } from '../../../../src/lib/engine/openai/config';
import { EngineFailure, type EngineError, type ScoreRequest } from '../../../../src/lib/engine/types';

const KEY = 'sk-secret-123';
const MODELS = {
  object: 'list',
  data: [
    { id: 'm1', owned_by: 'vllm' },
    { id: 'llama3:latest', owned_by: 'library' },
  ],
};
const SCORE: ScoreRequest = {
  dialogue: { messages: [{ role: 'user', content: 'Q?' }], prefill: 'The answer is (' },
  candidates: ['a', 'b', 'c'].map((id) => ({ id, texts: [id] })),
};
const TOP = {
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'a' },
      logprobs: {
        content: [
          {
            token: 'a',
            logprob: Math.log(0.5),
            top_logprobs: [
              ['a', 0.5],
              ['B', 0.3],
              [' b', 0.1],
              ['x', 0.05],
            ].map(([token, p]) => ({ token, logprob: Math.log(p as number) })),
          },
        ],
      },
    },
  ],
  usage: { prompt_tokens: 12 },
};

type Reply =
  | { status?: number; body?: unknown; headers?: Record<string, string> }
  | Error
  | ((init: RequestInit) => Promise<Response>);

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown> | undefined;
}

/** A fetch answering GET /models with MODELS and chat requests from `replies` in order. */
function fakeFetch(replies: Reply[]) {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    sent.push({
      url,
      method: init.method ?? 'GET',
      headers: (init.headers ?? {}) as Record<string, string>,
      body: init.body === undefined ? undefined : (JSON.parse(String(init.body)) as Record<string, unknown>),
    });
    if (url.endsWith('/models')) return new Response(JSON.stringify(MODELS), { status: 200 });
    const reply = replies.shift();
    if (reply === undefined) throw new Error(`fakeFetch: no reply left for request ${sent.length}`);
    if (reply instanceof Error) throw reply;
    if (typeof reply === 'function') return reply(init);
    return new Response(JSON.stringify(reply.body ?? TOP), {
      status: reply.status ?? 200,
      headers: reply.headers ?? {},
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

async function loaded(replies: Reply[], extra: Partial<OpenAIEngineConfig> = {}) {
  const { fetch, sent } = fakeFetch(replies);
  const sleeps: number[] = [];
  const engine = new OpenAIEngine({
    baseUrl: 'http://localhost:8000/v1/',
    apiKey: KEY,
    fetch,
    sleep: async (ms) => void sleeps.push(ms),
    origin: 'https://app.example',
    ...extra,
  });
  await engine.load('m1', () => undefined);
  return { engine, sent, sleeps };
}

async function failure(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EngineFailure) {
      expect(JSON.stringify(e.error)).not.toContain(KEY);
      return e.error;
    }
    throw e;
  }
  throw new Error('expected an EngineFailure');
}

describe('OpenAIEngine requests', () => {
  it('scores with a continued final assistant message and top-k matching', async () => {
    const { engine, sent } = await loaded([{}]);
    const r = await engine.score(SCORE);
    const chat = sent[1];
    expect(chat?.url).toBe('http://localhost:8000/v1/chat/completions');
    expect(chat?.method).toBe('POST');
    expect(chat?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(chat?.body).toEqual({
      model: 'm1',
      messages: [
        { role: 'user', content: 'Q?' },
        { role: 'assistant', content: 'The answer is (' },
      ],
      continue_final_message: true,
      add_generation_prompt: false,
      max_tokens: 1,
      logprobs: true,
      top_logprobs: 20,
      temperature: 0,
      stream: false,
    });
    expect(r.method).toBe('top_k');
    expect(r.raw.a).toBeCloseTo(0.5, 12);
    expect(r.raw.b).toBeCloseTo(0.4, 12);
    expect(r.raw.c).toBeCloseTo(0.05, 12); // min(0.05 smallest, 0.05 left over)
    expect(r.upperBound).toEqual(['c']);
    expect(r.promptTokens).toBe(12);
    expect(r.template).toEqual({ source: 'server', hash: null, system: null });
    expect(engine.info).toEqual({ kind: 'openai', version: 'openai-compatible server (owned_by vllm)' });
    expect(JSON.stringify(engine.info)).not.toContain(KEY);
  });

  it('generates with the request settings and returns only the continuation', async () => {
    const { engine, sent } = await loaded([
      {
        body: {
          choices: [{ message: { role: 'assistant', content: ' because X.' }, finish_reason: 'length' }],
          usage: { prompt_tokens: 5, completion_tokens: 3 },
        },
      },
    ]);
    const r = await engine.generate({
      dialogue: { messages: [{ role: 'user', content: 'Q?' }], prefill: "Let's think" },
      temperature: 0.7,
      topP: 0.9,
      maxTokens: 64,
      seed: 42,
    });
    expect(r).toEqual({
      text: ' because X.',
      finishReason: 'length',
      promptTokens: 5,
      completionTokens: 3,
      template: { source: 'server', hash: null, system: null },
    });
    expect(sent[1]?.body).toMatchObject({
      max_tokens: 64,
      temperature: 0.7,
      top_p: 0.9,
      seed: 42,
      continue_final_message: true,
      add_generation_prompt: false,
      messages: [
        { role: 'user', content: 'Q?' },
        { role: 'assistant', content: "Let's think" },
      ],
    });
    expect(sent[1]?.body).not.toHaveProperty('logprobs');
  });

  it('reads the cached prompt tokens a server reports (vLLM / OpenAI usage, llama.cpp timings), never more than the prompt', async () => {
    const answer = (extra: Record<string, unknown>) => ({
      body: { choices: [{ message: { role: 'assistant', content: ' so.' }, finish_reason: 'stop' }], ...extra },
    });
    const { engine } = await loaded([
      answer({ usage: { prompt_tokens: 50, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 48 } } }),
      answer({ usage: { prompt_tokens: 50, completion_tokens: 2 }, timings: { cache_n: 30, prompt_n: 20 } }),
      answer({ usage: { prompt_tokens: 50, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 51 } } }),
      answer({ usage: { prompt_tokens: 50, completion_tokens: 2, prompt_tokens_details: { cached_tokens: null } } }),
      answer({ usage: { completion_tokens: 2, prompt_tokens_details: { cached_tokens: 5 } } }),
      { body: { ...TOP, usage: { prompt_tokens: 12, prompt_tokens_details: { cached_tokens: 7 } } } },
    ]);
    const generate = () =>
      engine.generate({
        dialogue: { messages: [{ role: 'user', content: 'Q?' }], prefill: 'So' },
        temperature: 1,
        topP: 1,
        maxTokens: 8,
        seed: 1,
      });
    const usage = (r: { promptTokens?: number; cachedPromptTokens?: number }) => ({
      promptTokens: r.promptTokens,
      cachedPromptTokens: r.cachedPromptTokens,
    });
    expect(usage(await generate())).toEqual({ promptTokens: 50, cachedPromptTokens: 48 });
    expect(usage(await generate())).toEqual({ promptTokens: 50, cachedPromptTokens: 30 });
    expect(usage(await generate())).toEqual({ promptTokens: 50, cachedPromptTokens: undefined }); // more cached than prompt: ignored
    expect(usage(await generate())).toEqual({ promptTokens: 50, cachedPromptTokens: undefined });
    expect(usage(await generate())).toEqual({ promptTokens: undefined, cachedPromptTokens: undefined });
    const scored = await engine.score({
      dialogue: { messages: [{ role: 'user', content: 'Q?' }], prefill: '(' },
      candidates: [{ id: 'a', texts: ['a'] }],
    });
    expect(usage(scored)).toEqual({ promptTokens: 12, cachedPromptTokens: 7 });
  });

  it('accepts an Ollama ":latest" model and refuses an unknown one, listing the served models', async () => {
    const { fetch } = fakeFetch([]);
    const engine = new OpenAIEngine({ baseUrl: 'http://localhost:11434/v1', fetch });
    await engine.load('llama3', () => undefined);
    const e = await failure(engine.load('gpt-9', () => undefined));
    expect(e.kind).toBe('model_not_found');
    expect(e.message).toContain('no model named "gpt-9"');
    expect(e.message).toContain('It serves: m1, llama3:latest');
  });

  it('retries 5xx and 429 with exponential backoff (Retry-After honoured), then succeeds', async () => {
    const { engine, sleeps, sent } = await loaded(
      [{ status: 500 }, { status: 503 }, { status: 429, headers: { 'retry-after': '3' } }, {}],
      { retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 5000 } },
    );
    const r = await engine.score(SCORE);
    expect(r.raw.a).toBeCloseTo(0.5, 12);
    expect(sleeps).toEqual([100, 200, 3000]);
    expect(sent.filter((s) => s.url.endsWith('/chat/completions'))).toHaveLength(4);
  });

  it('gives up after the bounded retries with a server_error the runner records as a failed trial', async () => {
    const { engine, sleeps } = await loaded(
      [{ status: 500, body: { error: { message: 'CUDA error' } } }, { status: 500 }, { status: 500 }],
      { retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 15 } },
    );
    const e = await failure(engine.score(SCORE));
    expect(e.kind).toBe('server_error');
    expect(e.message).toMatch(/HTTP 500 \(tried 3 times/);
    expect(sleeps).toEqual([10, 15]);
    const rate = await loaded([{ status: 429 }], { retry: { retries: 0 } });
    expect((await failure(rate.engine.score(SCORE))).message).toMatch(/too many \(HTTP 429\)/);
  });

  it('explains a network failure with the CORS settings of each server for this origin', async () => {
    const { engine } = await loaded([new TypeError('Failed to fetch'), new TypeError('Failed to fetch')], {
      retry: { retries: 1 },
    });
    const e = await failure(engine.score(SCORE));
    expect(e.kind).toBe('not_loaded'); // fatal: the run pauses instead of failing every trial
    expect(e.message).toContain('Could not reach the model server at http://localhost:8000/v1');
    expect(e.message).toContain(`--allowed-origins '["https://app.example"]'`);
    expect(e.message).toContain('OLLAMA_ORIGINS=https://app.example');
    expect(e.message).toContain('--cors-origins https://app.example');
    expect(e.detail).toContain('Failed to fetch');
  });

  it.each<[string, Reply, string, RegExp]>([
    [
      '401',
      { status: 401, body: { error: { message: `bad key ${KEY}` } } },
      'not_loaded',
      /refused the API key \(HTTP 401\)/,
    ],
    ['403', { status: 403 }, 'not_loaded', /refused access \(HTTP 403\)/],
    [
      'no logprobs',
      { body: { choices: [{ message: { content: 'a' } }] } },
      'not_loaded',
      /without token log-probabilities/,
    ],
    [
      'no continue_final_message',
      { status: 400, body: { detail: 'continue_final_message is not permitted' } },
      'server_error',
      /continue_final_message/,
    ],
    ['a context overflow', { status: 400, body: { error: 'prompt too long' } }, 'server_error', /HTTP 400/],
    ['not JSON', async () => new Response('<html>', { status: 200 }), 'server_error', /not an OpenAI-compatible/],
  ])('maps %s to an actionable message without the key', async (_name, reply, kind, pattern) => {
    const { engine } = await loaded([reply]);
    const e = await failure(engine.score(SCORE));
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(pattern);
  });

  it('turns a 404 on chat into the list of served models', async () => {
    const { engine } = await loaded([{ status: 404, body: { error: { message: 'The model `m1` does not exist.' } } }]);
    // The model is listed, so the 404 means a wrong path, not a missing model.
    expect((await failure(engine.score(SCORE))).message).toMatch(/not an OpenAI-compatible/);
  });

  it('times out a slow request without retrying it', async () => {
    const hang = (init: RequestInit) =>
      new Promise<Response>((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    const { engine, sent } = await loaded([hang], { timeoutMs: 20 });
    const e = await failure(engine.score(SCORE));
    expect(e.kind).toBe('server_error');
    expect(e.message).toMatch(/did not answer within 0 s.*raise the request timeout/);
    expect(sent.filter((s) => s.url.endsWith('/chat/completions'))).toHaveLength(1);
  });

  it('interrupt() rejects the request in flight with aborted, and later requests work', async () => {
    const hang = (init: RequestInit) =>
      new Promise<Response>((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    const { engine } = await loaded([hang, {}]);
    const pending = failure(engine.score(SCORE));
    await new Promise((r) => setTimeout(r, 5));
    engine.interrupt();
    expect((await pending).kind).toBe('aborted');
    expect((await engine.score(SCORE)).raw.a).toBeCloseTo(0.5, 12);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 10));
      inFlight -= 1;
      return new Response(JSON.stringify(TOP), { status: 200 });
    };
    const { engine } = await loaded(
      Array.from({ length: 7 }, () => slow),
      { concurrency: 3 },
    );
    const results = await Promise.all(Array.from({ length: 7 }, () => engine.score(SCORE)));
    expect(results).toHaveLength(7);
    expect(peak).toBe(3);
  });

  it('refuses URLs with credentials and sends no Authorization header without a key', async () => {
    expect(() => new OpenAIEngine({ baseUrl: 'http://user:pw@localhost:8000/v1' })).toThrow(/user name or password/);
    const { fetch, sent } = fakeFetch([]);
    await new OpenAIEngine({ baseUrl: 'http://localhost:8000/v1', fetch }).load('m1', () => undefined);
    expect(sent[0]?.headers.authorization).toBeUndefined();
  });
});
