/**
 * Run summaries kept by the IndexedDB store (storage/summaries.ts): built from the trials, kept,
 * never served once a trial of the run was written or replaced (even when the count stays the
 * same), removed with the run; metric rows kept for a summary's revision only.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { decodeTrials, emptyTables } from '../../../src/lib/core/columns-decode';
import { toSummaryTrial } from '../../../src/lib/core/columns';
import type { TrialRecord } from '../../../src/lib/core/records';
import { openResultStore, READ_PAGE } from '../../../src/lib/storage/idb';
import { buildRunSummary } from '../../../src/lib/core/run-summary';
import { freshName, openFreshStore } from '../../doubles/fresh-store';
import { buildRunFixture, buildTrialFixture } from '../../doubles/records';

const failed = (overrides: Partial<TrialRecord> = {}): TrialRecord =>
  buildTrialFixture({
    status: 'failed',
    raw: null,
    probs: null,
    mass: null,
    answer: null,
    scoring: null,
    error: { kind: 'server_error', message: 'boom' },
    ...overrides,
  });

const byKey = (list: readonly TrialRecord[]) => [...list].sort((a, b) => (a.key < b.key ? -1 : 1));

describe('run summaries in the IndexedDB store', () => {
  it('builds a summary of every trial of the run in key order, and keeps it', async () => {
    const store = await openFreshStore();
    await store.putRun(buildRunFixture());
    const trials = [
      buildTrialFixture({ itemKey: 'i2' }),
      buildTrialFixture({ itemKey: 'i1', model: 'model-b' }),
      failed({ itemKey: 'i3' }),
      buildTrialFixture({ itemKey: 'i1', engine: { kind: 'openai', version: 'vLLM 0.9' }, appCommit: 'abc' }),
    ];
    await store.putRecords([], trials);
    await store.putTrial(buildTrialFixture({ runId: 'run-2' })); // another run, not in this summary

    expect(await store.loadRunSummary('run-1', { rebuild: false })).toBeNull();
    const summary = await store.loadRunSummary('run-1');
    if (summary === null) expect.fail('no summary');
    expect([summary.runId, summary.trials, summary.ok]).toEqual(['run-1', 4, 3]);
    expect(decodeTrials(summary.columns, emptyTables())).toEqual(byKey(trials).map(toSummaryTrial));
    // In key order: model-a|…|i1 (openai), model-a|…|i2, model-a|…|i3, model-b|…|i1; one per model too.
    const scripted = { kind: 'webllm', version: 'scripted 1' };
    const stamp = { benchmark: 'winogender', model: 'model-a', appVersion: 'test', templateSource: null };
    expect(summary.stamps).toEqual([
      { ...stamp, appCommit: 'abc', engine: { kind: 'openai', version: 'vLLM 0.9' } },
      { ...stamp, engine: scripted },
      { ...stamp, model: 'model-b', engine: scripted },
    ]);
    // Kept: served without reading the trials again; its head alone without the columns.
    expect(await store.loadRunSummary('run-1', { rebuild: false })).toEqual(summary);
    const { columns: _columns, ...head } = summary;
    expect(await store.loadRunSummaryHead('run-1')).toEqual(head);
  });

  it('reads a run’s trials and builds its summary in one read, keeping it', async () => {
    const store = await openFreshStore();
    const trials = [buildTrialFixture({ itemKey: 'i2' }), failed({ itemKey: 'i1' })];
    await store.putRecords([], trials);
    const read = await store.readRunWithSummary('run-1');
    expect(read.trials).toEqual(byKey(trials));
    expect([read.summary.trials, read.summary.ok]).toEqual([2, 1]);
    expect(await store.loadRunSummary('run-1', { rebuild: false })).toEqual(read.summary);
  });

  it('a run with no trials has an empty summary', async () => {
    const store = await openFreshStore();
    const summary = await store.loadRunSummary('nothing');
    expect([summary?.trials, summary?.ok, summary?.columns.count, summary?.stamps]).toEqual([0, 0, 0, []]);
  });

  it('is stale after any write of the run’s trials, a replaced failure included (same count)', async () => {
    const store = await openFreshStore();
    await store.putTrial(failed());
    const before = await store.loadRunSummary('run-1');
    expect([before?.trials, before?.ok]).toEqual([1, 0]);

    await store.putTrial(buildTrialFixture()); // the retry: same key, now ok
    expect(await store.loadRunSummary('run-1', { rebuild: false })).toBeNull();
    expect(await store.loadRunSummaryHead('run-1')).toBeNull();
    const after = await store.loadRunSummary('run-1');
    expect([after?.trials, after?.ok]).toEqual([1, 1]);
    expect(after?.revision).not.toBe(before?.revision);

    // Another run's writes leave this one's summary current.
    await store.putTrial(buildTrialFixture({ runId: 'run-2' }));
    expect(await store.loadRunSummary('run-1', { rebuild: false })).toEqual(after);
    await store.putRecords([], [buildTrialFixture({ itemKey: 'i9' })]);
    expect(await store.loadRunSummary('run-1', { rebuild: false })).toBeNull();
    expect((await store.loadRunSummary('run-1'))?.trials).toBe(2);
  });

  it('reads a run larger than a page', async () => {
    const store = await openFreshStore();
    const n = READ_PAGE + 3;
    const trials = Array.from({ length: n }, (_, i) =>
      buildTrialFixture({ itemKey: `i${String(i).padStart(5, '0')}` }),
    );
    await store.putRecords([], trials);
    const summary = await store.loadRunSummary('run-1');
    expect(summary?.trials).toBe(n);
    expect(decodeTrials(summary!.columns, emptyTables()).map((t) => t.key)).toEqual(trials.map((t) => t.key));
  });

  it('keeps metric rows for the summary’s revision and recipe only', async () => {
    const store = await openFreshStore();
    await store.putTrial(buildTrialFixture());
    const summary = await store.loadRunSummary('run-1');
    if (summary === null) expect.fail('no summary');
    const rows = [
      {
        benchmark: 'winogender' as const,
        model: 'model-a',
        condition: 'q' as const,
        category: null,
        metric: 'm',
        value: 0.5,
        ci_low: 0.1,
        ci_high: 0.9,
        interval_unit: 'occupation' as const,
        n: 1,
      },
    ];
    const entry = { runId: 'run-1', revision: summary.revision, recipe: 'r1', rows };
    expect(await store.saveRunMetrics(entry)).toBe(true);
    expect(await store.loadRunMetrics('run-1', 'r1')).toEqual(rows);
    expect(await store.loadRunMetrics('run-1', 'r2')).toBeNull();

    await store.putTrial(buildTrialFixture({ itemKey: 'i2' }));
    expect(await store.loadRunMetrics('run-1', 'r1')).toBeNull();
    // Rows of the old revision, computed while the trial was written, are not kept.
    expect(await store.saveRunMetrics(entry)).toBe(false);
    const fresh = await store.loadRunSummary('run-1');
    expect(await store.saveRunMetrics({ ...entry, revision: fresh!.revision })).toBe(true);
    expect(await store.loadRunMetrics('run-1', 'r1')).toEqual(rows);
  });

  it('deleting a run removes its summary and rows; storing it again starts afresh', async () => {
    const store = await openFreshStore();
    await store.putRun(buildRunFixture());
    await store.putTrial(buildTrialFixture());
    const summary = await store.loadRunSummary('run-1');
    await store.saveRunMetrics({ runId: 'run-1', revision: summary!.revision, recipe: 'r', rows: [] });
    await store.deleteRun('run-1');
    expect(await store.loadRunMetrics('run-1', 'r')).toBeNull();
    expect(await store.loadRunSummaryHead('run-1')).toBeNull();
    expect((await store.loadRunSummary('run-1'))?.trials).toBe(0);
    await store.putRecords([buildRunFixture()], [buildTrialFixture(), buildTrialFixture({ itemKey: 'i2' })]);
    expect((await store.loadRunSummary('run-1'))?.trials).toBe(2);
  });

  it('a version-2 database drops its summaries (columns inside) on the way to version 3, keeping the trials', async () => {
    const name = freshName('v2-summaries');
    const trial = buildTrialFixture();
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name, 2);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('trials', { keyPath: 'key' }).createIndex('byRunId', 'runId');
        db.createObjectStore('files', { keyPath: 'sha1' });
        db.createObjectStore('revisions');
        db.createObjectStore('summaries', { keyPath: 'runId' });
        db.createObjectStore('metrics', { keyPath: 'runId' });
      };
      request.onerror = () => reject(request.error ?? new Error('open failed'));
      request.onsuccess = () => {
        const db = request.result;
        const tx = db.transaction(['trials', 'summaries'], 'readwrite');
        tx.objectStore('trials').put(trial);
        // As version 2 kept it: the whole summary, current (no revision yet: '').
        tx.objectStore('summaries').put(buildRunSummary('run-1', [trial], ''));
        tx.oncomplete = () => (db.close(), resolve());
        tx.onerror = () => reject(tx.error ?? new Error('write failed'));
      };
    });
    const store = await openResultStore({ name });
    expect(await store.loadRunSummaryHead('run-1')).toBeNull();
    expect(await store.listTrials('run-1')).toEqual([trial]);
    const summary = await store.loadRunSummary('run-1');
    expect([summary?.trials, summary?.ok]).toEqual([1, 1]);
    expect(await store.loadRunSummaryHead('run-1')).toMatchObject({ runId: 'run-1', trials: 1 });
    store.close();
  });
});
