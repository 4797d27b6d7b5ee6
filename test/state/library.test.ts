/**
 * Library: opening a stored run publishes its trials as read (no index built for a finished run),
 * and live trials of the selected run, new or replacing a stored one, are published within a
 * second with metrics recomputed over exactly the run's trials; the run shown first is the one last
 * viewed, else the newest with trials.
 */
import { describe, expect, it, vi } from 'vitest';
import type { MetricRow, RunRecord, TrialRecord } from '../../src/lib/core/records';
import type { Services } from '../../src/state/services';
import { Library } from '../../src/state/library.svelte';
import { openFreshStore } from '../doubles/fresh-store';
import { MemoryBus } from '../doubles/memory-coordinator';
import { buildRunFixture, buildTrialFixture } from '../doubles/records';

async function library() {
  const store = await openFreshStore();
  const summarized: TrialRecord[][] = [];
  const summarize = async (_run: RunRecord, trials: readonly TrialRecord[]): Promise<MetricRow[]> => {
    summarized.push([...trials]);
    return [];
  };
  const services = { store, summarize, coordinator: new MemoryBus().tab('solo') } as unknown as Services;
  return { store, summarized, services, library: new Library(services) };
}

describe('Library', () => {
  it('shows a stored run as read, then merges live trials of that run by key', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const { store, summarized, library: lib } = await library();
      const stored = [buildTrialFixture({ itemKey: 'i1', status: 'failed' }), buildTrialFixture({ itemKey: 'i2' })];
      await store.putRecords(
        [buildRunFixture(), buildRunFixture({ id: 'run-2', createdAt: '2024-01-01T00:00:00.000Z' })],
        stored,
      );
      await lib.refresh();
      expect(lib.selectedId).toBe('run-1');
      expect(lib.trials.map((t) => t.key)).toEqual(stored.map((t) => t.key));
      expect(summarized).toHaveLength(1);

      const retried = buildTrialFixture({ itemKey: 'i1' }); // replaces the failed one
      const fresh = buildTrialFixture({ itemKey: 'i3' });
      lib.addTrial(retried);
      lib.addTrial(buildTrialFixture({ runId: 'run-2', itemKey: 'i9' })); // not the selected run
      lib.addTrial(fresh);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(lib.trials).toEqual([retried, stored[1], fresh]);
      expect(summarized.at(-1)).toEqual([retried, stored[1], fresh]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the run shown first', () => {
  /** A Storage over a Map. */
  function memoryStorage(): Storage {
    const map = new Map<string, string>();
    return {
      get length() {
        return map.size;
      },
      clear: () => map.clear(),
      getItem: (k) => map.get(k) ?? null,
      key: (i) => [...map.keys()][i] ?? null,
      removeItem: (k) => void map.delete(k),
      setItem: (k, v) => void map.set(k, v),
    };
  }

  async function stored() {
    const { store, services } = await library();
    const failed = buildRunFixture({
      id: 'newest-failed',
      createdAt: '2025-03-01T00:00:00.000Z',
      status: 'paused',
      lastError: { kind: 'no_webgpu', message: 'no WebGPU' },
    });
    const done = buildRunFixture({ id: 'older-done', createdAt: '2025-02-01T00:00:00.000Z', status: 'done' });
    const oldest = buildRunFixture({ id: 'oldest', createdAt: '2025-01-01T00:00:00.000Z', status: 'done' });
    await store.putRecords(
      [failed, done, oldest],
      [buildTrialFixture({ runId: 'older-done' }), buildTrialFixture({ runId: 'oldest' })],
    );
    return { services };
  }

  it('is the newest run with trials, not a newer run that failed with none', async () => {
    const { services } = await stored();
    const lib = new Library(services, memoryStorage());
    await lib.refresh();
    expect(lib.runs.map((r) => r.id)).toEqual(['newest-failed', 'older-done', 'oldest']);
    expect(lib.selectedId).toBe('older-done');
  });

  it('is the run last viewed in this browser, while it is stored', async () => {
    const { services } = await stored();
    const storage = memoryStorage();
    const first = new Library(services, storage);
    await first.refresh();
    await first.select('oldest'); // the person picks it
    const reloaded = new Library(services, storage);
    await reloaded.refresh();
    expect(reloaded.selectedId).toBe('oldest');
    storage.setItem('results-run', 'deleted-long-ago');
    const stale = new Library(services, storage);
    await stale.refresh();
    expect(stale.selectedId).toBe('older-done');
  });
});
