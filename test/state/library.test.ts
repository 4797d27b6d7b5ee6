/**
 * Library: opening a stored run shows metrics computed from its summary's columns (or rows kept
 * for that summary and recipe), then reads the trial records in the background; live trials of
 * the selected run, new or replacing a stored one, are published within a second with metrics
 * recomputed over exactly the run's trials, also when they arrive while the records are read;
 * a run another tab is driving is read and summarised as its trials stand; the run shown first
 * is the one last viewed, else the newest with trials.
 */
import { describe, expect, it, vi } from 'vitest';
import type { TrialBatch } from '../../src/lib/core/columns';
import { decodeTrials, emptyTables } from '../../src/lib/core/columns-decode';
import type { MetricRow, RunRecord, TrialRecord } from '../../src/lib/core/records';
import type { Services } from '../../src/state/services';
import { Library } from '../../src/state/library.svelte';
import { BENCHMARKS } from '../../src/lib/benchmarks/registry';
import { studyFiles } from '../doubles/study-files';
import { MemoryStorage } from '../doubles/memory-storage';
import type { IdbResultStore } from '../../src/lib/storage/idb';
import { openFreshStore } from '../doubles/fresh-store';
import { MemoryBus } from '../doubles/memory-coordinator';
import { buildRunFixture, buildTrialFixture } from '../doubles/records';

/** One row per call, its value the number of trials summarised, so a test sees which input made the shown rows. */
const rowOf = (n: number): MetricRow[] => [
  {
    benchmark: 'winogender',
    model: 'm',
    condition: 'q',
    category: null,
    metric: 'n',
    value: n,
    ci_low: n,
    ci_high: n,
    interval_unit: 'occupation',
    n,
  },
];

async function library(options: { store?: IdbResultStore; recipe?: string | null; bus?: MemoryBus } = {}) {
  const store = options.store ?? (await openFreshStore());
  const summarized: TrialRecord[][] = [];
  const fromColumns: string[][] = [];
  const summarize = async (_run: RunRecord, trials: readonly TrialRecord[]): Promise<MetricRow[]> => {
    summarized.push([...trials]);
    return rowOf(trials.length);
  };
  const summarizeColumns = async (_run: unknown, parts: readonly TrialBatch[]): Promise<MetricRow[]> => {
    const keys = parts.flatMap((p) => decodeTrials(p, emptyTables()).map((t) => t.key));
    fromColumns.push(keys);
    return rowOf(keys.length);
  };
  const recipe = options.recipe === undefined ? 'recipe-1' : options.recipe;
  const services = {
    store,
    summarize,
    summarizeColumns,
    metricsRecipe: () => recipe,
    benchmarks: BENCHMARKS,
    coordinator: (options.bus ?? new MemoryBus()).tab('solo'),
  } as unknown as Services;
  return { store, summarized, fromColumns, services, library: new Library(services) };
}

const stored = [buildTrialFixture({ itemKey: 'i1', status: 'failed' }), buildTrialFixture({ itemKey: 'i2' })];
const runs = [buildRunFixture(), buildRunFixture({ id: 'run-2', createdAt: '2024-01-01T00:00:00.000Z' })];

describe('Library', () => {
  it('opens a stored run from its summary, then reads its trials; kept rows serve the next opening', async () => {
    const first = await library();
    await first.store.putRecords(runs, stored);
    let lists = 0;
    const counted = { ...first.store, listTrials: (id: string) => (lists++, first.store.listTrials(id)) };
    const opening = await library({ store: counted });
    // No summary yet: the trials are read once, the summary built as they are.
    await opening.library.refresh();
    expect([lists, opening.library.trialsLoaded, opening.library.trials.length]).toEqual([0, true, 2]);
    expect(opening.fromColumns).toEqual([stored.map((t) => t.key)]);
    expect(await first.store.loadRunSummary('run-1', { rebuild: false })).not.toBeNull();

    // With the summary kept: counts and metrics first, the records read afterwards.
    await first.library.refresh();
    expect(first.library.selectedId).toBe('run-1');
    expect(first.fromColumns).toEqual([]); // rows kept by the opening above
    expect(first.summarized).toEqual([]);
    expect(first.library.metrics).toEqual(rowOf(2));
    expect(first.library.overview).toMatchObject({ trials: 2, ok: 1 });
    await first.library.trialsRead();
    expect(first.library.trialsLoaded).toBe(true);
    expect(first.library.trials.map((t) => t.key)).toEqual(stored.map((t) => t.key));

    // Another page of the same app: the kept rows, no computation.
    const again = await library({ store: first.store });
    await again.library.refresh();
    expect(again.library.metrics).toEqual(rowOf(2));
    expect(again.fromColumns).toEqual([]);

    // Other summarising code (another recipe) computes afresh; so does any change of the trials.
    const other = await library({ store: first.store, recipe: 'recipe-2' });
    await other.library.refresh();
    expect(other.fromColumns).toHaveLength(1);
    await first.store.putTrial(buildTrialFixture({ itemKey: 'i3' }));
    const changed = await library({ store: first.store });
    await changed.library.refresh();
    expect(changed.fromColumns).toEqual([[...stored, buildTrialFixture({ itemKey: 'i3' })].map((t) => t.key)]);
    expect(changed.library.metrics).toEqual(rowOf(3));
  });

  it('keeps no rows without a recipe (development build)', async () => {
    const first = await library({ recipe: null });
    await first.store.putRecords(runs, stored);
    await first.library.refresh();
    const again = await library({ store: first.store, recipe: null });
    await again.library.refresh();
    expect([first.fromColumns.length, again.fromColumns.length]).toEqual([1, 1]);
  });

  it('merges live trials of the selected run by key, also those arriving while its records are read', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const real = await openFreshStore();
      await real.putRecords(runs, stored);
      await real.loadRunSummary('run-1'); // kept: opening reads the records afterwards
      // The records are read only once the test opens the gate.
      let open = (): void => undefined;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const store = { ...real, listTrials: async (id: string) => (await gate, real.listTrials(id)) };
      const { summarized, library: lib } = await library({ store });
      await lib.refresh();
      expect(lib.trialsLoaded).toBe(false);

      const retried = buildTrialFixture({ itemKey: 'i1' }); // replaces the failed one
      const fresh = buildTrialFixture({ itemKey: 'i3' });
      lib.addTrial(retried); // before the records are read
      open();
      await lib.trialsRead();
      lib.addTrial(buildTrialFixture({ runId: 'run-2', itemKey: 'i9' })); // not the selected run
      lib.addTrial(fresh);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(lib.trials).toEqual([retried, stored[1], fresh]);
      expect(summarized.at(-1)).toEqual([retried, stored[1], fresh]);
      expect(lib.metrics).toEqual(rowOf(3));
      expect(lib.overview).toMatchObject({ trials: 3, ok: 3 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads and summarises the trials of a run another tab is driving, building no summary', async () => {
    const bus = new MemoryBus();
    const { store, summarized, fromColumns, library: lib } = await library({ bus });
    await store.putRecords(runs, stored);
    bus.held.set('run-1', 'driver'); // the other tab holds the run's lock
    await lib.refresh();
    expect(lib.selectedId).toBe('run-1');
    expect(fromColumns).toEqual([]);
    expect(summarized.map((s) => s.length)).toEqual([2]);
    expect(lib.trialsLoaded).toBe(true);
    expect(await store.loadRunSummary('run-1', { rebuild: false })).toBeNull();
  });
});

describe('importing', () => {
  it('shows the run it imported, and says a run already stored is not imported again', async () => {
    const { store, library: lib } = await library();
    await store.putRecords([buildRunFixture({ id: 'older', createdAt: '2030-01-01T00:00:00.000Z' })], []);
    await lib.refresh();
    const [file] = await studyFiles();
    const imported = JSON.parse(file!.text) as { runs: { id: string }[] };
    await lib.importFiles([file!]);
    expect(lib.message?.text).toMatch(/^Imported 1 run\(s\) with \d+ trials\.$/);
    expect(lib.selectedId).toBe(imported.runs[0]!.id);
    await lib.select('older');
    await lib.importFiles([file!]);
    expect(lib.message?.text).toMatch(/^Already stored, not imported again: “.*”\.$/);
    expect(lib.selectedId).toBe(imported.runs[0]!.id);
  });

  it("makes every imported run's summary and rows at import, not only the one it shows", async () => {
    const { store, library: lib } = await library();
    const files = await studyFiles();
    const ids = files.map((f) => (JSON.parse(f.text) as { runs: { id: string }[] }).runs[0]!.id);
    await lib.importFiles(files);
    expect(lib.selectedId).toBe(ids[0]);
    expect(ids).toHaveLength(3); // more runs than opening one (and the newest) would summarise
    for (const id of ids) {
      expect(await store.loadRunSummaryHead(id), id).not.toBeNull();
      expect(await store.loadRunMetrics(id, 'recipe-1'), id).not.toBeNull();
    }
  });
});

describe('the run shown first', () => {
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
    const lib = new Library(services, new MemoryStorage());
    await lib.refresh();
    expect(lib.runs.map((r) => r.id)).toEqual(['newest-failed', 'older-done', 'oldest']);
    expect(lib.selectedId).toBe('older-done');
  });

  it('is the run last viewed in this browser, while it is stored', async () => {
    const { services } = await stored();
    const storage = new MemoryStorage();
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
