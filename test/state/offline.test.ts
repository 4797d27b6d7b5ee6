/**
 * "Prepare for offline" in Node: the Offline state over the real Datasets (fake-indexeddb store,
 * local files at the pinned URLs) and a scripted model downloader.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Benchmark } from '../../src/lib/benchmarks/types';
import { winogender } from '../../src/lib/benchmarks/winogender';
import { failWith } from '../../src/lib/engine/webllm/errors';
import type { LoadProgress } from '../../src/lib/engine/types';
import { Datasets } from '../../src/state/datasets.svelte';
import { Models } from '../../src/state/models.svelte';
import { Offline, type ModelDownloader } from '../../src/state/offline.svelte';
import type { Services } from '../../src/state/services';
import { dataPath } from '../data-dir';
import { openFreshStore } from '../doubles/fresh-store';

const DATA = dataPath('winogender/data');
const GOOD = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
const BAD = 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC';

async function setup(online = true) {
  const store = await openFreshStore();
  const fetchLocal: typeof fetch = async (input) => {
    if (!online) throw new TypeError('Failed to fetch');
    const url = String(input);
    return new Response(readFileSync(resolve(DATA, decodeURIComponent(url.slice(url.lastIndexOf('/') + 1)))));
  };
  const services = { store, fetch: fetchLocal, benchmarks: [winogender as Benchmark<unknown>] } as unknown as Services;
  const inCache = new Set<string>();
  const models = new Models(async (ids) => Object.fromEntries(ids.map((id) => [id, inCache.has(id)])), undefined);
  const datasets = new Datasets(services);
  const seen: LoadProgress[] = [];
  const download: ModelDownloader = async (id, onProgress) => {
    onProgress({ fraction: 0.5, text: 'half' });
    seen.push({ fraction: 0.5, text: id });
    if (id === BAD) throw failWith('download_failed', 'Failed to fetch shard 3');
    inCache.add(id);
  };
  const offline = new Offline({
    services,
    models,
    datasets,
    download,
    chosen: () => ({ models: [GOOD, BAD], benchmarks: ['winogender'] }),
    shell: () => 'ready',
  });
  return { offline, seen, store };
}

describe('Offline', () => {
  it('reports what is missing, downloads it, and keeps each failure on its item with the engine message', async () => {
    const { offline, seen } = await setup();
    await offline.refresh();
    expect(offline.models.map((m) => m.status.kind)).toEqual(['missing', 'missing']);
    expect(offline.benchmarks.map((b) => b.status.kind)).toEqual(['missing']);

    await offline.prepare();
    expect(seen.map((p) => p.text)).toEqual([GOOD, BAD]);
    expect(offline.modelStatus(GOOD)).toEqual({ kind: 'ready' });
    const bad = offline.modelStatus(BAD);
    expect(bad.kind).toBe('failed');
    if (bad.kind === 'failed') {
      expect(bad.message).toMatch(/Model files could not be downloaded/);
      expect(bad.detail).toContain('shard 3');
    }
    expect(offline.benchmarkStatus('winogender')).toEqual({ kind: 'ready' });
    expect(offline.allReady).toBe(false);
    expect(offline.busy).toBe(false);
  });

  it('finds benchmark data stored by an earlier visit without downloading it again', async () => {
    const first = await setup();
    await first.offline.prepare();
    const again = new Offline({
      services: { store: first.store, benchmarks: [winogender as Benchmark<unknown>] } as unknown as Services,
      models: new Models(async () => ({}), undefined),
      datasets: new Datasets({
        store: first.store,
        fetch: async () => Promise.reject(new TypeError('offline')),
        benchmarks: [],
      } as unknown as Services),
      download: null,
      chosen: () => ({ models: [], benchmarks: ['winogender'] }),
    });
    await again.refresh();
    expect(again.benchmarkStatus('winogender')).toEqual({ kind: 'ready' });
  });

  it('shows a dataset download failure with the file and the reason', async () => {
    const { offline } = await setup(false);
    await offline.prepare();
    const status = offline.benchmarkStatus('winogender');
    expect(status.kind).toBe('failed');
    if (status.kind === 'failed') {
      expect(status.message).toMatch(/^\d of \d files? could not be downloaded \(network error/);
      expect(status.detail).toMatch(/templates\.tsv: network error/);
    }
  });
});
