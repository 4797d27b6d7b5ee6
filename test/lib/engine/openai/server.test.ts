import { afterEach, describe, expect, it } from 'vitest';
import { readData } from '../../../data-dir';
import { bbq } from '../../../../src/lib/benchmarks/bbq';
import { checkConnection, listModels } from '../../../../src/lib/engine/openai/connection';
import { OpenAIEngine } from '../../../../src/lib/engine/openai/engine';
import { DEFAULT_GENERATION } from '../../../../src/lib/engine/types';
import { buildRunPlan, type BenchmarkInput } from '../../../../src/lib/runner/plan';
import { createRun } from '../../../../src/lib/runner/record';
import { runEvaluation } from '../../../../src/lib/runner/run';
import type { RunSpec } from '../../../../src/lib/core/records';
import { openFreshStore } from '../../../doubles/fresh-store';
import { startFakeServer, type FakeServer } from '../../../server/fake-openai';
import { dropsC, scriptedAnswerProbabilities, scriptedTopLogprobs } from '../../../server/script';

const RELIGION = readData('bbq/data/Religion.jsonl');
const inputs: BenchmarkInput[] = [
  { benchmark: bbq as BenchmarkInput['benchmark'], items: bbq.parse(new Map([['Religion.jsonl', RELIGION]])).items },
];
const FAST = { retries: 2, baseDelayMs: 1, maxDelayMs: 2 };

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function runBbq(s: FakeServer, sampleSize = 6) {
  const spec: RunSpec = {
    benchmarks: ['bbq'],
    models: ['fake-model'],
    conditions: ['q', 'q_if', 'q_if_cot'],
    sampleSize,
    seed: 3,
    generation: DEFAULT_GENERATION,
    engine: { kind: 'openai', baseUrl: s.url },
  };
  const store = await openFreshStore();
  const run = createRun(spec, buildRunPlan(spec, inputs), { id: 'r1' });
  await store.putRun(run);
  const engine = new OpenAIEngine({ baseUrl: s.url, retry: FAST });
  const outcome = await runEvaluation({ run, benchmarks: inputs, engine, store });
  return { outcome, trials: await store.listTrials(run.id) };
}

describe('OpenAIEngine against the fake server, through the real runner', () => {
  it('sends one request per q / q_if trial and two per q_if_cot trial, and stores the scripted probabilities', async () => {
    server = await startFakeServer();
    const { outcome, trials } = await runBbq(server);
    expect(outcome).toMatchObject({ kind: 'done', failed: 0 });
    expect(trials).toHaveLength(18);
    const chat = server.requests.filter((r) => r.kind === 'score' || r.kind === 'generate');
    const count = (condition: string, kind: string) =>
      chat.filter((r) => r.condition === condition && r.kind === kind).length;
    expect([count('q', 'score'), count('q', 'generate')]).toEqual([6, 0]);
    expect([count('q_if', 'score'), count('q_if', 'generate')]).toEqual([6, 0]);
    expect([count('q_if_cot', 'score'), count('q_if_cot', 'generate')]).toEqual([6, 6]);
    expect(server.requests.filter((r) => r.kind === 'models')).toHaveLength(1); // one load

    // Each stored raw probability is what the scripted server put in its top list for that prompt.
    const items = new Map(
      inputs[0]?.items.map((item) => [bbq.itemKey(item as Parameters<typeof bbq.itemKey>[0]), item]),
    );
    const q = trials.filter((t) => t.condition === 'q');
    expect(q).toHaveLength(6);
    for (const t of q) {
      const dialogue = bbq.buildPrompt(items.get(t.itemKey) as Parameters<typeof bbq.itemKey>[0], 'q').answer('');
      const messages = [...dialogue.messages, { role: 'assistant', content: dialogue.prefill }];
      expect(chat.some((r) => JSON.stringify(r.body?.messages) === JSON.stringify(messages))).toBe(true);
      const expected = scriptedAnswerProbabilities(messages);
      // The script also lists a filler ' a' (p = 0.08 / 2^9), which counts for candidate a after trimming.
      const fillerA = Math.exp(scriptedTopLogprobs(messages).find((e) => e.token === ' a')?.logprob ?? -Infinity);
      expect(fillerA).toBeCloseTo(0.08 / 512, 12);
      expect(t.raw?.a).toBeCloseTo((expected.get('a') ?? NaN) + fillerA, 12);
      expect(t.raw?.b).toBeCloseTo(expected.get('b') ?? NaN, 12);
      if (dropsC(messages)) {
        const top = scriptedTopLogprobs(messages);
        expect(t.raw?.c).toBeCloseTo(Math.exp(Math.min(...top.map((e) => e.logprob))), 12);
        expect(t.scoring).toEqual({ method: 'top_k', upperBound: ['c'] });
      } else {
        expect(t.raw?.c).toBeCloseTo(expected.get('c') ?? NaN, 12);
        expect(t.scoring).toEqual({ method: 'top_k' });
      }
      expect(t.engine).toEqual({ kind: 'openai', version: 'openai-compatible server (owned_by fake)' });
    }
    const cot = trials.filter((t) => t.condition === 'q_if_cot');
    expect(cot.every((t) => t.reasoning.length === 1 && (t.reasoning[0] ?? '').startsWith(' First,'))).toBe(true);
  });

  it('records a trial whose retries all get HTTP 500 as failed and finishes the run', async () => {
    server = await startFakeServer();
    server.setFault({ kind: 'status', status: 500, from: 4, count: 3 }); // the 4th chat request and its 2 retries
    const { outcome, trials } = await runBbq(server, 3);
    expect(outcome).toMatchObject({ kind: 'done', failed: 1 });
    const failed = trials.filter((t) => t.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.error).toMatchObject({ kind: 'server_error' });
    expect(failed[0]?.error?.message).toMatch(/HTTP 500 \(tried 3 times/);
  });

  it('pauses the run (fatal) when the server stops answering', async () => {
    server = await startFakeServer();
    const s = server;
    const spec: RunSpec = {
      benchmarks: ['bbq'],
      models: ['fake-model'],
      conditions: ['q'],
      sampleSize: 3,
      seed: 3,
      generation: DEFAULT_GENERATION,
      engine: { kind: 'openai', baseUrl: s.url },
    };
    const store = await openFreshStore();
    const run = createRun(spec, buildRunPlan(spec, inputs), { id: 'r2' });
    await store.putRun(run);
    const engine = new OpenAIEngine({ baseUrl: s.url, retry: FAST });
    const outcome = await runEvaluation({
      run,
      benchmarks: inputs,
      engine,
      store,
      onEvent: (e) => e.type === 'model_ready' && s.setFault({ kind: 'down' }),
    });
    expect(outcome).toMatchObject({ kind: 'paused', reason: 'error', error: { kind: 'not_loaded' } });
    expect(await store.listTrials(run.id)).toEqual([]);
  });
});

describe('checkConnection and listModels', () => {
  it('lists models and probes log-probabilities', async () => {
    server = await startFakeServer({ models: ['a', 'b'], apiKey: 'k1' });
    expect(await listModels({ baseUrl: server.url, apiKey: 'k1' })).toEqual({
      kind: 'ok',
      models: [
        { id: 'a', ownedBy: 'fake' },
        { id: 'b', ownedBy: 'fake' },
      ],
    });
    expect(await checkConnection({ baseUrl: server.url, apiKey: 'k1' }, 'b')).toMatchObject({
      kind: 'ok',
      server: 'openai-compatible server (owned_by fake)',
    });
    expect(server.requests.filter((r) => r.kind === 'probe')).toHaveLength(1);
    expect(server.requests.every((r) => r.authorization === 'Bearer k1')).toBe(true);
  });

  it.each<[string, Parameters<FakeServer['setFault']>[0], RegExp]>([
    ['a missing key', null, /refused the API key \(HTTP 401\)/],
    ['no log-probabilities', { kind: 'no_logprobs' }, /without token log-probabilities/],
  ])('reports %s', async (_name, fault, pattern) => {
    server = await startFakeServer({ apiKey: _name === 'a missing key' ? 'k1' : undefined });
    server.setFault(fault);
    const r = await checkConnection({ baseUrl: server.url }, 'fake-model');
    expect(r.kind === 'error' && r.error.message).toMatch(pattern);
  });

  it('reports an unknown model with the list, and a server that is down with the CORS advice', async () => {
    server = await startFakeServer({ models: ['x', 'y'] });
    const unknown = await checkConnection({ baseUrl: server.url }, 'z');
    expect(unknown.kind === 'error' && unknown.error).toMatchObject({
      kind: 'model_not_found',
      message: expect.stringContaining('It serves: x, y'),
    });
    const url = server.url;
    await server.close();
    server = undefined;
    const down = await checkConnection({ baseUrl: url, origin: 'http://localhost:5173' }, 'x');
    expect(down.kind === 'error' && down.error.message).toMatch(
      /Could not reach the model server.*OLLAMA_ORIGINS=http:\/\/localhost:5173/,
    );
  });

  it('answers CORS preflights by default, and not with the no_cors fault', async () => {
    server = await startFakeServer();
    const pre = await fetch(`${server.url}/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://x.test', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
    server.setFault({ kind: 'no_cors' });
    const models = await fetch(`${server.url}/models`);
    expect(models.headers.get('access-control-allow-origin')).toBeNull();
  });
});
