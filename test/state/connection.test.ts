/**
 * What the page shows when its stored results go away under it: the store's events become the
 * notices App.svelte shows (waiting for other tabs, updated in another tab, closed by the
 * browser, newer version), and a run going on in the Session when another tab opens a newer
 * version of the database pauses with a storage_closed problem, without an internal error.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Benchmark } from '../../src/lib/benchmarks/types';
import { connectResultStore, DB_VERSION, openResultStore } from '../../src/lib/storage/idb';
import type { RunSpec } from '../../src/lib/core/records';
import { buildAppState } from '../../src/state/app';
import { NOTICES, StoreConnection } from '../../src/state/connection.svelte';
import type { Services } from '../../src/state/services';
import { freshName } from '../doubles/fresh-store';
import { MemoryBus } from '../doubles/memory-coordinator';
import { TOY_SPEC } from '../doubles/records';
import { ScriptedEngine } from '../doubles/scripted-engine';
import { buildToyItems, createToyBenchmark } from '../doubles/toy-benchmark';

describe('StoreConnection', () => {
  it('turns store events into notices, and clears the wait once open', () => {
    const c = new StoreConnection();
    c.onStoreEvent({ kind: 'blocked' });
    expect(c.notice).toBe('waiting');
    expect(c.closed).toBe(false);
    c.opened();
    expect(c.notice).toBeNull();
    c.onStoreEvent({ kind: 'closed', reason: 'upgraded_elsewhere' });
    expect(c.notice).toBe('updated_elsewhere');
    expect(c.closed).toBe(true);
    c.opened(); // a late "opened" does not hide a closed store
    expect(c.notice).toBe('updated_elsewhere');
    c.onStoreEvent({ kind: 'closed', reason: 'terminated' });
    expect(c.notice).toBe('terminated');
    const d = new StoreConnection();
    d.newerVersion();
    expect(d.closed).toBe(true);
  });

  it('says what the issue asks for', () => {
    expect(NOTICES.updated_elsewhere.title).toBe('This app was updated in another tab; reload to continue');
    expect(NOTICES.waiting.message).toMatch(/^Close the other tabs of this app/);
    expect(NOTICES.newer_version.title).toMatch(/newer version of this app/);
    expect(Object.values(NOTICES).filter((n) => !n.reload)).toEqual([NOTICES.waiting]);
  });
});

describe('a run when another tab opens a newer version', () => {
  it('pauses with storage_closed and keeps every trial stored before', async () => {
    const name = freshName('session');
    const opening = await connectResultStore({ name });
    if (opening.kind !== 'open') expect.fail(opening.kind);
    const { store } = opening;
    const toy = {
      ...createToyBenchmark(),
      parse: () => ({ items: buildToyItems(8), problems: [] }),
    } as Benchmark<unknown>;
    let newer: Promise<unknown> | null = null;
    const engine = new ScriptedEngine({
      delayMs: 1,
      onCall: (n) => (n === 6 ? (newer = openResultStore({ name, version: DB_VERSION + 1 })) : undefined),
    });
    const services: Services = {
      store,
      engineFor: () => engine,
      concurrencyFor: () => 1,
      check: async () => ({ kind: 'ready', notes: [] }),
      cachedModels: async () => ({}),
      device: async () => ({ kind: 'blocked', error: { kind: 'no_webgpu', message: 'no GPU here' } }),
      coordinator: new MemoryBus().tab('solo'),
      summarize: async () => [],
      summarizeColumns: async () => [],
      metricsRecipe: () => null,
      fetch: globalThis.fetch,
      benchmarks: [toy],
    };
    const app = buildAppState(services);
    const spec: RunSpec = { ...TOY_SPEC, models: ['model-a'], conditions: ['q', 'q_if'], sampleSize: 'all' };
    await app.session.start(spec);
    expect(app.session.phase).toBe('paused');
    expect(app.session.error?.kind).toBe('storage_closed');
    expect(app.session.error?.message).toMatch(/stored so far is kept; reload, then resume/);
    expect(app.session.progress.done).toBeGreaterThan(0);
    if (newer === null) expect.fail('the newer version was never opened');
    const next = (await newer) as Awaited<ReturnType<typeof openResultStore>>;
    const kept = await next.listTrials(app.session.runId ?? '');
    expect(kept).toHaveLength(app.session.progress.done);
    expect(kept.length).toBeLessThan(16);
    next.close();
  });
});
