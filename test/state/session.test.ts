/**
 * The page's state objects end to end in Node: the same Session, Datasets and Library the page
 * uses, over a real IndexedDB store (fake-indexeddb) and a scripted engine. Covers a failed
 * download, going on with the files that loaded, a full run with live metrics, a device check
 * that blocks, and pause → "reload" → resume with every planned trial stored exactly once.
 */
import { readFileSync } from 'node:fs';
import { dataPath } from '../data-dir';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bbq } from '../../src/lib/benchmarks/bbq';
import type { Benchmark } from '../../src/lib/benchmarks/types';
import type { IdbResultStore } from '../../src/lib/storage/idb';
import { buildAppState } from '../../src/state/app';
import type { Coordinator } from '../../src/state/coordination';
import type { EngineCheck, Services } from '../../src/state/services';
import { createInlineSummarizer } from '../../src/lib/results/summarizer';
import { openFreshStore } from '../doubles/fresh-store';
import { MemoryBus } from '../doubles/memory-coordinator';
import { ScriptedEngine } from '../doubles/scripted-engine';

const DATA = dataPath('bbq/data');
const READY: EngineCheck = { kind: 'ready', notes: ['fits'] };

/** Serves the six local BBQ files at their pinned URLs; the other five fail like a dead network. */
const localFetch: typeof fetch = async (input) => {
  const url = String(input);
  const name = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
  try {
    return new Response(readFileSync(resolve(DATA, name)));
  } catch {
    throw new TypeError('Failed to fetch');
  }
};

function services(
  store: IdbResultStore,
  engine: ScriptedEngine,
  check = async (): Promise<EngineCheck> => READY,
  coordinator: Coordinator = new MemoryBus().tab('solo'),
): Services {
  const summarizer = createInlineSummarizer();
  return {
    store,
    engineFor: () => engine,
    concurrencyFor: () => 1,
    check,
    cachedModels: async () => ({}),
    device: async () => ({ kind: 'blocked', error: { kind: 'no_webgpu', message: 'no GPU here' } }),
    coordinator,
    summarize: summarizer,
    summarizeColumns: (run, parts) => summarizer.columns(run, parts),
    metricsRecipe: () => null,
    fetch: localFetch,
    benchmarks: [bbq as Benchmark<unknown>],
  };
}

function configure(app: ReturnType<typeof buildAppState>, size: number): void {
  app.setup.models = ['model-a'];
  app.setup.conditions = ['q', 'q_if'];
  app.setup.sampleSize = size;
}

describe('Session over real storage', () => {
  it('reports missing data, goes on with what loaded, runs, and shows metrics', async () => {
    const store = await openFreshStore();
    const app = buildAppState(services(store, new ScriptedEngine()));
    configure(app, 24);

    await app.session.start(app.setup.buildSpec());
    expect(app.session.error?.kind).toBe('download_failed');
    const status = app.datasets.status('bbq');
    expect(status.kind).toBe('failed');
    if (status.kind === 'failed')
      expect(status.failures.map((f) => f.file).sort()).toEqual([
        'Gender_identity.jsonl',
        'Race_ethnicity.jsonl',
        'Race_x_SES.jsonl',
        'Race_x_gender.jsonl',
        'SES.jsonl',
        // The intersectional templates (Known_stereotyped_var2) are not in the local copy either.
        'new_templates - Race_x_SES.csv',
        'new_templates - Race_x_gender.csv',
      ]);
    expect(await store.listRuns()).toEqual([]);

    app.datasets.useAvailable(bbq as Benchmark<unknown>);
    expect(app.setup.totalTrials).toBe(48);
    await app.session.start(app.setup.buildSpec());
    expect(app.session.phase).toBe('done');
    expect(app.session.progress).toMatchObject({ done: 48, planned: 48 });
    expect(app.session.notes).toEqual(['fits']);
    const trials = await store.listTrials(app.session.runId ?? '');
    expect(trials).toHaveLength(48);
    const headline = app.library.metrics.filter(
      (m) => m.metric === 'ambiguous_bias' && m.category === null && m.baseline === undefined,
    );
    expect(headline.map((m) => m.condition)).toEqual(['q', 'q_if']);
    expect(app.library.metrics.some((m) => m.baseline === 'q' && m.condition === 'q_if')).toBe(true);
  }, 20_000); // about 1 s alone; over 5 s when the whole suite shares two cores

  it('option-order debiasing goes into the spec and triples the BBQ estimate', async () => {
    const app = buildAppState(services(await openFreshStore(), new ScriptedEngine()));
    app.setup.models = ['Qwen2.5-0.5B-Instruct-q4f32_1-MLC'];
    app.setup.conditions = ['q'];
    const once = app.setup.estimateSeconds;
    expect(app.setup.buildSpec()).not.toHaveProperty('optionOrders');
    app.setup.optionOrders = 3;
    expect(once).toBeGreaterThan(0);
    expect(app.setup.estimateSeconds).toBeCloseTo(3 * (once ?? 0), 9);
    expect(app.setup.totalTrials).toBe(app.setup.sampleSize);
    expect(app.setup.buildSpec().optionOrders).toBe(3);
  });

  it('stops before downloading anything when the device check fails', async () => {
    const store = await openFreshStore();
    const engine = new ScriptedEngine();
    const blocked = async (): Promise<EngineCheck> => ({
      kind: 'blocked',
      error: { kind: 'no_adapter', message: 'no GPU' },
    });
    const app = buildAppState(services(store, engine, blocked));
    configure(app, 10);
    await app.session.start(app.setup.buildSpec());
    expect(app.session.error).toEqual({ kind: 'no_adapter', message: 'no GPU' });
    expect(app.datasets.status('bbq').kind).toBe('idle');
    expect(engine.calls.load).toEqual([]);
  });

  it('pauses, survives a reload, and resumes with every trial stored exactly once', async () => {
    const store = await openFreshStore();
    let app = buildAppState(
      services(store, new ScriptedEngine({ delayMs: 1, onCall: (n) => n === 15 && app.session.pause() })),
    );
    configure(app, 30);
    await app.datasets.ensure(bbq as Benchmark<unknown>);
    app.datasets.useAvailable(bbq as Benchmark<unknown>);
    await app.session.start(app.setup.buildSpec());
    expect(app.session.phase).toBe('paused');
    const runId = app.session.runId ?? '';
    const before = await store.listTrials(runId);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(60);

    // A reload: new state objects over the same stored data.
    app = buildAppState(services(store, new ScriptedEngine()));
    await app.library.refresh();
    expect(app.library.runs.map((r) => [r.id, r.status])).toEqual([[runId, 'paused']]);
    await app.session.resume(runId);
    expect(app.session.phase).toBe('done');
    const after = await store.listTrials(runId);
    expect(after).toHaveLength(60);
    expect(new Set(after.map((t) => t.key)).size).toBe(60);
    for (const t of before) expect(after.find((a) => a.key === t.key)?.startedAt).toBe(t.startedAt);
  });
});

describe('two tabs', () => {
  it('lets only one tab drive a run; the other shows it live and cannot resume it', async () => {
    const store = await openFreshStore();
    const bus = new MemoryBus();
    const b = buildAppState(services(store, new ScriptedEngine(), undefined, bus.tab('B')));
    let seenInB: { done: number | null; planned: number | null } | undefined;
    const engineA = new ScriptedEngine({
      delayMs: 1,
      onCall: (n) => {
        if (n === 20)
          seenInB = { ...(b.library.elsewhere[b.library.runs[0]?.id ?? ''] ?? { done: null, planned: null }) };
      },
    });
    const a = buildAppState(services(store, engineA, undefined, bus.tab('A')));
    configure(a, 20);
    await a.datasets.ensure(bbq as Benchmark<unknown>);
    a.datasets.useAvailable(bbq as Benchmark<unknown>);
    const running = a.session.start(a.setup.buildSpec());
    while (bus.held.size === 0) await new Promise((r) => setTimeout(r, 5));
    await b.library.refresh();
    const runId = b.library.runs[0]?.id ?? '';
    expect(b.library.elsewhere[runId]).toBeDefined();

    await b.datasets.ensure(bbq as Benchmark<unknown>);
    b.datasets.useAvailable(bbq as Benchmark<unknown>);
    await b.session.resume(runId);
    expect(b.session.error?.kind).toBe('run_locked');

    await running;
    expect(a.session.phase).toBe('done');
    expect(seenInB?.planned).toBe(40);
    expect(seenInB?.done).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 10));
    expect(b.library.elsewhere[runId]).toBeUndefined();
    expect(await store.listTrials(runId)).toHaveLength(40);
  });
});

describe('deleting a run', () => {
  it('can be undone for the session, trials and all', async () => {
    const store = await openFreshStore();
    const app = buildAppState(services(store, new ScriptedEngine()));
    configure(app, 10);
    await app.datasets.ensure(bbq as Benchmark<unknown>);
    app.datasets.useAvailable(bbq as Benchmark<unknown>);
    await app.session.start(app.setup.buildSpec());
    const runId = app.session.runId ?? '';
    const before = await store.listTrials(runId);
    const metrics = app.library.metrics;

    await app.library.remove(runId);
    expect(await store.listRuns()).toEqual([]);
    expect(await store.listTrials(runId)).toEqual([]);
    expect(app.library.deletedName).not.toBeNull();

    await app.library.undoRemove();
    expect(app.library.deletedName).toBeNull();
    expect(await store.listTrials(runId)).toEqual(before);
    expect(app.library.selectedId).toBe(runId);
    expect(app.library.metrics).toEqual(metrics);
  });
});
