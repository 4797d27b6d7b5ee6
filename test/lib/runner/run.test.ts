import { describe, expect, it } from 'vitest';
import { chooseAnswer } from '../../../src/lib/benchmarks/choose';
import { APP_COMMIT, APP_VERSION } from '../../../src/lib/core/version';
import type { RunEvent } from '../../../src/lib/runner/events';
import { buildRunPlan, type BenchmarkInput } from '../../../src/lib/runner/plan';
import { createRun } from '../../../src/lib/runner/record';
import { RunControl, runEvaluation } from '../../../src/lib/runner/run';
import { sampleSeed, trialSeed } from '../../../src/lib/runner/trial';
import { RECORD_SCHEMA_VERSION, type RunRecord, type RunSpec, type TrialRecord } from '../../../src/lib/core/records';
import type { ResultStore } from '../../../src/lib/storage/port';
import { openFreshStore } from '../../doubles/fresh-store';
import { TOY_SPEC } from '../../doubles/records';
import { hashProbabilities, ScriptedEngine, type ScriptedEngineOptions } from '../../doubles/scripted-engine';
import { buildToyItems, createToyBenchmark } from '../../doubles/toy-benchmark';

const toy = createToyBenchmark();
const inputs: BenchmarkInput[] = [{ benchmark: toy, items: buildToyItems(4) }];
const spec: RunSpec = { ...TOY_SPEC, sampleSize: 'all' }; // 2 models x 4 items x 3 conditions = 24 trials

/** A store wrapper counting putTrial per key, to prove "stored exactly once". */
function countingStore(inner: ResultStore): ResultStore & { puts: Map<string, number> } {
  const puts = new Map<string, number>();
  return {
    ...inner,
    puts,
    putTrial: async (trial: TrialRecord) => {
      puts.set(trial.key, (puts.get(trial.key) ?? 0) + 1);
      await inner.putTrial(trial);
    },
  };
}

async function setup(runSpec: RunSpec = spec) {
  const store = countingStore(await openFreshStore());
  const run = createRun(runSpec, buildRunPlan(runSpec, inputs), { id: 'r1' });
  await store.putRun(run);
  return { store, run };
}

async function start(
  run: RunRecord,
  store: ResultStore,
  engineOptions: ScriptedEngineOptions = {},
  extra: { control?: RunControl; signal?: AbortSignal } = {},
) {
  const engine = new ScriptedEngine(engineOptions);
  const events: RunEvent[] = [];
  const outcome = await runEvaluation({
    run,
    benchmarks: inputs,
    engine,
    store,
    onEvent: (e) => events.push(e),
    ...extra,
  });
  return { engine, events, outcome, stored: await store.listTrials(run.id), saved: await store.getRun(run.id) };
}

describe('runEvaluation', () => {
  it('runs every planned trial once, model by model, and finishes', async () => {
    const { store, run } = await setup();
    const { engine, events, outcome, stored, saved } = await start(run, store);
    expect(outcome).toMatchObject({ kind: 'done', failed: 0 });
    expect(saved?.status).toBe('done');
    expect(stored).toHaveLength(24);
    expect(stored.every((t) => t.status === 'ok')).toBe(true);
    expect(engine.calls.load).toEqual(['model-a', 'model-b']);
    expect(engine.calls.unload).toBe(1);
    const types = events.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual(['started', 'model_loading', 'model_loading', 'model_ready']);
    expect(types.at(-1)).toBe('finished');
    expect(types.filter((t) => t === 'trial_stored')).toHaveLength(24);
    expect(events[0]).toEqual({ type: 'started', runId: 'r1', planned: 24, done: 0 });
    const last = events.filter((e) => e.type === 'trial_stored').at(-1);
    expect(last?.type === 'trial_stored' && [last.done, last.planned]).toEqual([24, 24]);
  });

  it('stores the template and the tokens per candidate the engine reported', async () => {
    const { store, run } = await setup();
    const template = { source: 'hf' as const, hash: 'b'.repeat(64), system: null };
    let n = 0;
    const { stored } = await start(run, store, {
      scoreExtra: (request) => ({
        template,
        candidateTokens: Object.fromEntries(request.candidates.map((c, i) => [c.id, i === 0 ? 1 + (n++ % 2) : 1])),
      }),
    });
    expect(stored.every((t) => JSON.stringify(t.template) === JSON.stringify(template))).toBe(true);
    for (const t of stored) expect(Object.keys(t.scoring?.candidateTokens ?? {})).toEqual(Object.keys(t.raw ?? {}));
    const again = await setup();
    const old = await start(again.run, again.store);
    expect(old.stored.every((t) => t.template === undefined && t.scoring?.candidateTokens === undefined)).toBe(true);
  });

  it('resumes after a pause mid-request, storing each planned trial exactly once', async () => {
    const { store, run } = await setup();
    const control = new RunControl();
    const first = await start(run, store, { delayMs: 5, onCall: (call) => call === 9 && control.pause() }, { control });
    expect(first.outcome).toMatchObject({ kind: 'paused', reason: 'user' });
    expect(first.saved?.status).toBe('paused');
    expect(first.saved?.lastError).toBeUndefined();
    expect(first.engine.calls.interrupt).toBeGreaterThan(0);
    expect(first.events.at(-1)).toEqual({ type: 'paused', reason: 'user' });
    // Calls 1-8 finished 6 trials (each CoT trial takes 2 calls); call 9 was interrupted and not stored.
    expect(first.stored).toHaveLength(6);
    expect(first.engine.callCount).toBe(9);

    const second = await start(first.saved!, store);
    expect(second.outcome.kind).toBe('done');
    expect(second.events[0]).toEqual({ type: 'started', runId: 'r1', planned: 24, done: 6 });
    expect(second.stored).toHaveLength(24);
    expect([...store.puts.values()].every((n) => n === 1)).toBe(true);
    expect(store.puts.size).toBe(24);
  });

  it('pauses when the AbortSignal fires', async () => {
    const { store, run } = await setup();
    const abort = new AbortController();
    const { outcome, stored, engine } = await start(
      run,
      store,
      { delayMs: 2, onCall: (call) => call === 4 && abort.abort() },
      { signal: abort.signal },
    );
    expect(outcome.kind).toBe('paused');
    expect(stored).toHaveLength(2);
    expect(engine.calls.interrupt).toBe(1);
  });

  it('cancels: status cancelled, stored trials stay', async () => {
    const { store, run } = await setup();
    const control = new RunControl();
    const { outcome, events, saved, stored } = await start(
      run,
      store,
      { delayMs: 1, onCall: (call) => call === 2 && control.cancel() },
      { control },
    );
    expect(outcome.kind).toBe('cancelled');
    expect(saved?.status).toBe('cancelled');
    expect(events.at(-1)).toEqual({ type: 'cancelled' });
    expect(stored).toHaveLength(1);
  });

  it('records a per-request failure as a failed trial and carries on; a resume retries it', async () => {
    const { store, run } = await setup();
    const first = await start(run, store, {
      failures: [{ call: 2, kind: 'server_error', message: 'HTTP 500 from server' }],
    });
    expect(first.outcome).toMatchObject({ kind: 'done', failed: 1 });
    expect(first.events.at(-1)).toEqual({ type: 'finished', failed: 1 });
    const failed = first.stored.filter((t) => t.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      condition: 'q_if',
      itemKey: 'item00',
      answer: null,
      probs: null,
      raw: null,
      mass: null,
      scoring: null,
      error: { kind: 'server_error', message: 'HTTP 500 from server' },
    });

    const second = await start(first.saved!, store);
    expect(second.outcome).toMatchObject({ kind: 'done', failed: 0 });
    expect(second.engine.calls.score).toHaveLength(1);
    expect(second.stored).toHaveLength(24);
    expect(second.stored.every((t) => t.status === 'ok')).toBe(true);
  });

  it('pauses with lastError on a fatal engine error and completes on resume', async () => {
    const { store, run } = await setup();
    const first = await start(run, store, { failures: [{ call: 5, kind: 'device_lost', message: 'GPU device lost' }] });
    expect(first.outcome).toMatchObject({ kind: 'paused', reason: 'error', error: { kind: 'device_lost' } });
    expect(first.saved).toMatchObject({
      status: 'paused',
      lastError: { kind: 'device_lost', message: 'GPU device lost' },
    });
    expect(first.events.at(-1)).toEqual({
      type: 'paused',
      reason: 'error',
      error: { kind: 'device_lost', message: 'GPU device lost' },
    });
    expect(first.stored).toHaveLength(3); // calls 1-4 = trials q, q_if, q_if_cot of item00
    const second = await start(first.saved!, store);
    expect(second.outcome.kind).toBe('done');
    expect(second.saved?.lastError).toBeUndefined();
    expect(second.stored).toHaveLength(24);
    expect([...store.puts.values()].every((n) => n === 1)).toBe(true);
  });

  it('pauses on a load failure and skips finished models on resume', async () => {
    const { store, run } = await setup();
    const failLoad = (model: string) => (model === 'model-b' ? 'out_of_memory' : null);
    const first = await start(run, store, { failLoad });
    expect(first.outcome).toMatchObject({ kind: 'paused', reason: 'error', error: { kind: 'out_of_memory' } });
    expect(first.saved?.lastError?.kind).toBe('out_of_memory');
    expect(first.stored).toHaveLength(12);
    const second = await start(first.saved!, store);
    expect(second.engine.calls.load).toEqual(['model-b']);
    expect(second.outcome.kind).toBe('done');
  });

  it('CoT: one generate and one score per sample, seeded, averaged', async () => {
    const cotSpec: RunSpec = {
      ...spec,
      models: ['model-a'],
      conditions: ['q_if_cot'],
      generation: { ...spec.generation, samples: 2, maxTokens: 64 },
    };
    const { store, run } = await setup(cotSpec);
    const { engine, stored } = await start(run, store);
    expect(engine.calls.generate).toHaveLength(8);
    expect(engine.calls.score).toHaveLength(8);
    const trial = stored.find((t) => t.itemKey === 'item01')!;
    const seed = trialSeed(cotSpec.seed, { benchmark: toy, itemKey: 'item01' });
    expect(trial.seed).toBe(seed);
    const seeds = engine.calls.generate.slice(2, 4).map((g) => g.seed);
    expect(seeds).toEqual([sampleSeed(seed, 0), sampleSeed(seed, 1)]);
    expect(seeds[0]).not.toBe(seeds[1]);
    expect(engine.calls.generate[2]).toMatchObject({ maxTokens: 64, temperature: 1, topP: 1 });
    expect(trial.reasoning).toEqual([` reasoning with seed ${seeds[0]}.`, ` reasoning with seed ${seeds[1]}.`]);
    expect(trial.generation).toEqual(cotSpec.generation);
    // Tokens as the engine reported them, summed over the four requests (the scripted engine
    // reports its dialogue's JSON length as prompt tokens and 8 generated tokens per sample).
    const length = (d: unknown) => JSON.stringify(d).length;
    const requests = [...engine.calls.generate.slice(2, 4), ...engine.calls.score.slice(2, 4)];
    expect(trial.tokens).toEqual({ prompt: requests.reduce((s, r) => s + length(r.dialogue), 0), completion: 16 });

    const order = ['yes', 'no'];
    const raws = engine.calls.score.slice(2, 4).map((r) => hashProbabilities(r, 'model-a'));
    expect(engine.calls.score[2]?.dialogue.messages[1]?.content).toContain(trial.reasoning[0]);
    for (const id of order) {
      expect(trial.raw?.[id]).toBeCloseTo(((raws[0]?.[id] ?? 0) + (raws[1]?.[id] ?? 0)) / 2);
      const p = raws.map((r) => chooseAnswer(r, order).probs[id] ?? 0);
      expect(trial.probs?.[id]).toBeCloseTo(((p[0] ?? 0) + (p[1] ?? 0)) / 2);
    }
    expect(trial.mass).toBeCloseTo(0.9);
    expect(trial.answer).toBe(chooseAnswer(trial.probs!, order).answer);

    // Same seed again -> same reasoning requests (reproducible from the run seed).
    const again = await setup(cotSpec);
    const rerun = await start({ ...again.run, id: 'r2' }, again.store);
    expect(rerun.engine.calls.generate.map((g) => g.seed)).toEqual(engine.calls.generate.map((g) => g.seed));
  });

  it('stores full provenance on every trial', async () => {
    const { store, run } = await setup();
    const { stored } = await start(run, store, { info: { kind: 'openai', version: 'vLLM 0.6' } });
    const q = stored.find((t) => t.model === 'model-b' && t.condition === 'q' && t.itemKey === 'item02')!;
    expect(q).toMatchObject({
      schema: RECORD_SCHEMA_VERSION,
      key: 'r1|model-b|winogender|q|item02',
      runId: 'r1',
      benchmark: 'winogender',
      benchmarkVersion: 'toy-1',
      item: { group: 'a' },
      engine: { kind: 'openai', version: 'vLLM 0.6' },
      appVersion: APP_VERSION,
      generation: null,
      status: 'ok',
      reasoning: [],
      error: null,
      scoring: { method: 'exact' },
    });
    // The app that made the run and every trial: package version and source commit (null only without git).
    expect(run).toMatchObject({ appVersion: APP_VERSION, appCommit: APP_COMMIT });
    expect(
      stored.every((t) => t.appVersion === APP_VERSION && t.appCommit === APP_COMMIT && Object.hasOwn(t, 'appCommit')),
    ).toBe(true);
    expect(q.promptHash).toMatch(/^[0-9a-f]{40}$/);
    expect(Number.isNaN(Date.parse(q.startedAt))).toBe(false);
    expect(q.durationMs).toBeGreaterThanOrEqual(0);
    const hash = (model: string, condition: string, itemKey: string) =>
      stored.find((t) => t.model === model && t.condition === condition && t.itemKey === itemKey)?.promptHash;
    expect(hash('model-a', 'q', 'item02')).toBe(q.promptHash);
    expect(hash('model-a', 'q_if', 'item02')).not.toBe(q.promptHash);
    expect(hash('model-a', 'q', 'item01')).not.toBe(q.promptHash);
    // CoT hash does not depend on the generated reasoning
    expect(hash('model-a', 'q_if_cot', 'item02')).toBe(hash('model-b', 'q_if_cot', 'item02'));
  });

  it('refuses to resume a run whose benchmark version changed, with a message', async () => {
    const { store, run } = await setup();
    const engine = new ScriptedEngine();
    const newer = [{ benchmark: createToyBenchmark({ version: 'toy-2' }), items: buildToyItems(4) }];
    const outcome = await runEvaluation({ run, benchmarks: newer, engine, store });
    expect(outcome).toMatchObject({
      kind: 'paused',
      reason: 'error',
      error: { message: expect.stringContaining('toy-2') },
    });
    expect(engine.calls.load).toEqual([]);
  });

  it('throws on a second concurrent start of the same run', async () => {
    const { store, run } = await setup();
    const control = new RunControl();
    const engine = new ScriptedEngine({ delayMs: 5 });
    const running = runEvaluation({ run, benchmarks: inputs, engine, store, control });
    await expect(runEvaluation({ run, benchmarks: inputs, engine, store })).rejects.toThrow(/already running/);
    control.pause();
    expect((await running).kind).toBe('paused');
  });

  it('records an unexpected engine exception as a failed trial of kind unknown', async () => {
    const { store, run } = await setup({ ...spec, models: ['model-a'], conditions: ['q'] });
    let n = 0;
    const { outcome, stored } = await start(run, store, {
      probabilities: () => {
        n += 1;
        if (n === 2) throw new TypeError('socket hang up');
        return { yes: 0.5, no: 0.25 };
      },
    });
    expect(outcome).toMatchObject({ kind: 'done', failed: 1 });
    expect(stored.find((t) => t.status === 'failed')?.error).toMatchObject({
      kind: 'unknown',
      detail: 'TypeError: socket hang up',
    });
    expect(stored.find((t) => t.itemKey === 'item00')).toMatchObject({
      raw: { yes: 0.5, no: 0.25 },
      probs: { yes: 2 / 3, no: 1 / 3 },
      mass: 0.75,
      answer: 'yes',
    });
  });

  it('on a bug, records the run as paused with the error and rethrows', async () => {
    const { store, run } = await setup();
    const broken = createToyBenchmark();
    const buggy: BenchmarkInput[] = [
      {
        benchmark: {
          ...broken,
          buildPrompt: () => {
            throw new Error('template bug');
          },
        },
        items: buildToyItems(4),
      },
    ];
    const events: RunEvent[] = [];
    await expect(
      runEvaluation({ run, benchmarks: buggy, engine: new ScriptedEngine(), store, onEvent: (e) => events.push(e) }),
    ).rejects.toThrow('template bug');
    const saved = await store.getRun(run.id);
    expect(saved).toMatchObject({
      status: 'paused',
      lastError: { kind: 'unknown', detail: expect.stringContaining('template bug') },
    });
    expect(events.at(-1)).toMatchObject({ type: 'paused', reason: 'error' });
  });
});
