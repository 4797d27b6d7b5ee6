/**
 * Library: opening a stored run publishes its trials as read (no index built for a finished run),
 * and live trials of the selected run, new or replacing a stored one, are published within a
 * second with metrics recomputed over exactly the run's trials.
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
  return { store, summarized, library: new Library(services) };
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
