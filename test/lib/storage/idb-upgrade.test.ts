/**
 * A database version bump never hangs a tab (issue 11): over fake-indexeddb, which fires
 * `versionchange` at open connections and `blocked` at a waiting open as browsers do. A tab of
 * this version lets go the moment another asks for a newer version (and says so; later calls
 * reject with StoreClosedError, and every write either committed or was refused whole); a tab
 * whose open is blocked by an older tab that does not let go reports `blocked` and goes on when
 * it closes; an older page meeting a newer database gets `newer_version`, not a crash; a
 * connection the browser closes is reported as `terminated`.
 */
import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildRunPlan, type BenchmarkInput } from '../../../src/lib/runner/plan';
import { createRun } from '../../../src/lib/runner/record';
import { runEvaluation } from '../../../src/lib/runner/run';
import { connectResultStore, DB_VERSION, openResultStore, type IdbResultStore } from '../../../src/lib/storage/idb';
import { StoreClosedError, type StoreEvent } from '../../../src/lib/storage/port';
import type { RunSpec } from '../../../src/lib/core/records';
import { freshName } from '../../doubles/fresh-store';
import { buildRunFixture, buildTrialFixture, TOY_SPEC } from '../../doubles/records';
import { ScriptedEngine } from '../../doubles/scripted-engine';
import { buildToyItems, createToyBenchmark } from '../../doubles/toy-benchmark';

/** Raw IndexedDB, as another tab (or an older or newer build of the app) would open the database. */
function openRaw(name: string, version?: number, onBlocked?: () => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
    request.onblocked = () => onBlocked?.();
  });
}

function rawKeys(db: IDBDatabase, store: 'runs' | 'trials'): Promise<IDBValidKey[]> {
  return new Promise((resolve, reject) => {
    const request = db.transaction(store).objectStore(store).getAllKeys();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('getAllKeys failed'));
  });
}

/** Resolves with the value, or with 'pending' if it has not settled within `ms` (a hang). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> {
  return Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);
}

async function connect(name: string, version?: number): Promise<{ store: IdbResultStore; events: StoreEvent[] }> {
  const events: StoreEvent[] = [];
  const opening = await connectResultStore({ name, version, onEvent: (e) => events.push(e) });
  if (opening.kind !== 'open') throw new Error(`expected the store to open, got ${opening.kind}`);
  return { store: opening.store, events };
}

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  vi.restoreAllMocks();
});

describe('another tab asks for a newer version (blocking)', () => {
  it('lets go at once, reports it, keeps what was stored, and refuses later calls with StoreClosedError', async () => {
    const name = freshName('blocking');
    const { store, events } = await connect(name);
    await store.putRun(buildRunFixture());
    await store.putTrial(buildTrialFixture());

    let blocked = false;
    const newer = await within(
      openRaw(name, DB_VERSION + 1, () => (blocked = true)),
      2000,
    );
    if (newer === 'pending') expect.fail('the newer open hung: this tab did not let go');
    opened.push(newer);
    expect(blocked).toBe(false);
    expect(newer.version).toBe(DB_VERSION + 1);
    expect(events).toEqual([{ kind: 'closed', reason: 'upgraded_elsewhere' }]);
    expect(await rawKeys(newer, 'runs')).toEqual(['run-1']);
    expect(await rawKeys(newer, 'trials')).toEqual([buildTrialFixture().key]);

    for (const call of [
      () => store.getRun('run-1'),
      () => store.putRun(buildRunFixture({ id: 'late' })),
      () => store.putTrial(buildTrialFixture({ itemKey: 'late' })),
      () => store.listRuns(),
      () => store.putRecords([], []),
    ]) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoreClosedError);
      expect((error as StoreClosedError).reason).toBe('upgraded_elsewhere');
    }
    expect(await rawKeys(newer, 'runs')).toEqual(['run-1']);
  });

  it('two app versions: the newer opens without waiting and the older is told', async () => {
    const name = freshName('versions');
    const older = await connect(name);
    await older.store.putRun(buildRunFixture());
    const newer = await within(connect(name, DB_VERSION + 1), 2000);
    if (newer === 'pending') expect.fail('the newer version hung');
    opened.push(newer.store);
    expect(newer.events).toEqual([]);
    expect(older.events).toEqual([{ kind: 'closed', reason: 'upgraded_elsewhere' }]);
    expect((await newer.store.getRun('run-1'))?.id).toBe('run-1');
  });

  it('trial writes in flight either commit or are refused whole: never lost, never hung', async () => {
    const name = freshName('in-flight');
    const { store, events } = await connect(name);
    const trials = Array.from({ length: 40 }, (_, i) =>
      buildTrialFixture({ itemKey: `i${String(i).padStart(2, '0')}` }),
    );
    // Half the writes are issued just before the newer tab's open, half once this tab let go.
    const writes = trials.slice(0, 20).map((t) => store.putTrial(t));
    const opening = openRaw(name, DB_VERSION + 1);
    await vi.waitFor(() => expect(events).toHaveLength(1));
    writes.push(...trials.slice(20).map((t) => store.putTrial(t)));
    const settled = await within(Promise.allSettled(writes), 2000);
    if (settled === 'pending') expect.fail('trial writes hung after the connection closed');
    const newer = await opening;
    opened.push(newer);
    const stored = new Set(await rawKeys(newer, 'trials'));
    settled.forEach((outcome, i) => {
      const key = trials[i]?.key ?? '';
      if (outcome.status === 'fulfilled') expect(stored.has(key)).toBe(true);
      else {
        expect(outcome.reason).toBeInstanceOf(StoreClosedError);
        expect(stored.has(key)).toBe(false);
      }
    });
    expect(settled.slice(20).every((o) => o.status === 'rejected')).toBe(true);
  });

  it('a run in flight pauses with store_closed (no error thrown), and resumes to completion in the newer version', async () => {
    const name = freshName('run');
    const { store } = await connect(name);
    const inputs: BenchmarkInput[] = [{ benchmark: createToyBenchmark(), items: buildToyItems(6) }];
    const spec: RunSpec = { ...TOY_SPEC, sampleSize: 'all' };
    const run = createRun(spec, buildRunPlan(spec, inputs), { id: 'r1' });
    await store.putRun(run);
    let newer: Promise<{ store: IdbResultStore; events: StoreEvent[] }> | null = null;
    const engine = new ScriptedEngine({
      delayMs: 1,
      onCall: (call) => (call === 5 ? (newer = connect(name, DB_VERSION + 1)) : undefined),
    });
    const events: string[] = [];
    const outcome = await runEvaluation({
      run,
      benchmarks: inputs,
      engine,
      store,
      onEvent: (e) => events.push(e.type === 'paused' ? `paused:${e.reason}` : e.type),
    });
    expect(outcome.kind).toBe('paused');
    if (outcome.kind === 'paused') expect(outcome.reason).toBe('store_closed');
    expect(events.at(-1)).toBe('paused:store_closed');
    if (newer === null) expect.fail('the newer version was never opened');
    const next = (await newer) as { store: IdbResultStore };
    opened.push(next.store);
    const kept = await next.store.listTrials('r1');
    expect(kept.length).toBeLessThan(run.plannedTrials);
    expect((await next.store.getRun('r1'))?.status).toBe('running'); // shown as interrupted, resumable

    const resumed = await runEvaluation({ run, benchmarks: inputs, engine: new ScriptedEngine(), store: next.store });
    expect(resumed.kind).toBe('done');
    const all = await next.store.listTrials('r1');
    expect(all).toHaveLength(run.plannedTrials);
    expect(new Set(all.map((t) => t.key)).size).toBe(run.plannedTrials);
  });
});

describe('an older tab does not let go (blocked)', () => {
  it('reports blocked while waiting and opens as soon as that tab closes', async () => {
    const name = freshName('blocked');
    (await openResultStore({ name })).close();
    const old = await openRaw(name, DB_VERSION); // an older build of the app: ignores versionchange
    const events: StoreEvent[] = [];
    const opening = connectResultStore({ name, version: DB_VERSION + 1, onEvent: (e) => events.push(e) });
    expect(await within(opening, 200)).toBe('pending');
    expect(events).toEqual([{ kind: 'blocked' }]);
    old.close();
    const result = await within(opening, 2000);
    if (result === 'pending' || result.kind !== 'open')
      expect.fail('the open did not go on after the older tab closed');
    opened.push(result.store);
    await result.store.putRun(buildRunFixture());
    expect((await result.store.getRun('run-1'))?.id).toBe('run-1');
  });
});

describe('a database made by a newer version (VersionError)', () => {
  it('is an outcome, not a crash, and changes nothing', async () => {
    const name = freshName('newer');
    const newer = await connect(name, DB_VERSION + 1);
    await newer.store.putRun(buildRunFixture());
    newer.store.close();

    const events: StoreEvent[] = [];
    const opening = await connectResultStore({ name, onEvent: (e) => events.push(e) });
    expect(opening.kind).toBe('newer_version');
    expect(events).toEqual([]);
    await expect(openResultStore({ name })).rejects.toThrow(/newer version of the app/);
    const raw = await openRaw(name);
    opened.push(raw);
    expect(raw.version).toBe(DB_VERSION + 1);
    expect(await rawKeys(raw, 'runs')).toEqual(['run-1']);
  });
});

describe('the browser closes the connection (terminated)', () => {
  it('reports terminated and refuses later calls with StoreClosedError', async () => {
    const name = freshName('terminated');
    const requests: IDBOpenDBRequest[] = [];
    const open = indexedDB.open.bind(indexedDB);
    vi.spyOn(indexedDB, 'open').mockImplementation((n: string, v?: number) => {
      const request = open(n, v);
      requests.push(request);
      return request;
    });
    const { store, events } = await connect(name);
    await store.putRun(buildRunFixture());
    const raw = requests[0]?.result;
    if (!raw) expect.fail('the adapter did not open through the global IndexedDB');
    forceCloseDatabase(raw as unknown as Parameters<typeof forceCloseDatabase>[0]);
    await vi.waitFor(() => expect(events).toEqual([{ kind: 'closed', reason: 'terminated' }]));
    const error = await store.getRun('run-1').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreClosedError);
    expect((error as StoreClosedError).reason).toBe('terminated');
  });
});
