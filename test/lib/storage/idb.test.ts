import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openResultStore, READ_PAGE } from '../../../src/lib/storage/idb';
import { freshName, openFreshStore } from '../../doubles/fresh-store';
import { buildRunFixture, buildTrialFixture } from '../../doubles/records';

describe('IndexedDB ResultStore', () => {
  it('stores, lists and reads runs', async () => {
    const store = await openFreshStore();
    await store.putRun(buildRunFixture({ id: 'old', createdAt: '2024-01-01T00:00:00.000Z' }));
    await store.putRun(buildRunFixture({ id: 'new', createdAt: '2025-06-01T00:00:00.000Z' }));
    expect((await store.getRun('old'))?.id).toBe('old');
    expect(await store.getRun('missing')).toBeUndefined();
    expect((await store.listRuns()).map((r) => r.id)).toEqual(['new', 'old']);
  });

  it('overwrites a trial with the same key and reports only ok keys as completed', async () => {
    const store = await openFreshStore();
    const failed = buildTrialFixture({
      status: 'failed',
      raw: null,
      probs: null,
      mass: null,
      answer: null,
      scoring: null,
      error: { kind: 'server_error', message: 'boom' },
    });
    await store.putTrial(failed);
    await store.putTrial(buildTrialFixture({ itemKey: 'i2' }));
    expect(await store.completedKeys('run-1')).toEqual(new Set([buildTrialFixture({ itemKey: 'i2' }).key]));
    await store.putTrial(buildTrialFixture());
    expect(await store.listTrials('run-1')).toHaveLength(2);
    expect((await store.completedKeys('run-1')).size).toBe(2);
  });

  it('deletes a run with its trials and leaves other runs alone', async () => {
    const store = await openFreshStore();
    await store.putRun(buildRunFixture({ id: 'a' }));
    await store.putRun(buildRunFixture({ id: 'b' }));
    await store.putTrial(buildTrialFixture({ runId: 'a' }));
    await store.putTrial(buildTrialFixture({ runId: 'a', itemKey: 'i2' }));
    await store.putTrial(buildTrialFixture({ runId: 'b' }));
    await store.deleteRun('a');
    expect(await store.getRun('a')).toBeUndefined();
    expect(await store.listTrials('a')).toEqual([]);
    expect(await store.listTrials('b')).toHaveLength(1);
  });

  it('reads a run with more trials than a page, in key order, and only that run', async () => {
    const store = await openFreshStore();
    const n = READ_PAGE * 2 + 7;
    const mine = Array.from({ length: n }, (_, i) =>
      buildTrialFixture({
        runId: 'run-1',
        itemKey: `i${String(i).padStart(5, '0')}`,
        status: i % 3 === 0 ? 'failed' : 'ok',
      }),
    );
    // Neighbours in key order: a run whose id extends "run-1|…", and "run-10".
    const others = [
      buildTrialFixture({ runId: 'run-1|x' }),
      buildTrialFixture({ runId: 'run-10' }),
      buildTrialFixture({ runId: 'run-0' }),
    ];
    await store.putRecords([], [...others, ...[...mine].reverse()]);
    const read = await store.listTrials('run-1');
    expect(read.map((t) => t.key)).toEqual(mine.map((t) => t.key));
    expect(read.every((t) => t.runId === 'run-1')).toBe(true);
    expect((await store.completedKeys('run-1')).size).toBe(mine.filter((t) => t.status === 'ok').length);
    expect(await store.listTrials('run-1|x')).toHaveLength(1);
  });

  it('caches files by sha1', async () => {
    const store = await openFreshStore();
    await store.putFile({ sha1: 'f00', name: 'a.tsv', text: 'x', storedAt: '2025-01-01T00:00:00.000Z' });
    expect((await store.getFile('f00'))?.text).toBe('x');
    expect(await store.getFile('nope')).toBeUndefined();
  });

  it('putRecords writes all records or none', async () => {
    const store = await openFreshStore();
    await store.putRecords([buildRunFixture()], [buildTrialFixture(), buildTrialFixture({ itemKey: 'i2' })]);
    expect(await store.listTrials('run-1')).toHaveLength(2);
    const uncloneable = { ...buildTrialFixture({ runId: 'run-2' }), item: { bad: (() => 1) as unknown as string } };
    await expect(
      store.putRecords([buildRunFixture({ id: 'run-2' })], [buildTrialFixture({ runId: 'run-2' }), uncloneable]),
    ).rejects.toThrow();
    expect(await store.getRun('run-2')).toBeUndefined();
    expect(await store.listTrials('run-2')).toEqual([]);
  });

  it('keeps data across reopening the same database', async () => {
    const name = freshName('persist');
    const first = await openResultStore({ name });
    await first.putRun(buildRunFixture());
    first.close();
    const second = await openResultStore({ name });
    expect((await second.getRun('run-1'))?.name).toBe('fixture run');
  });
});
