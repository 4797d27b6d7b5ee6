/**
 * "Prepare for offline": what the chosen browser models and benchmarks need to work without a
 * network, what is ready, and one action that downloads the rest ahead of time.
 *
 * - models: files go into web-llm's own cache through the worker's download-only request (no
 *   GPU, no model loaded; src/lib/engine/webllm/download.ts); ready = web-llm's hasModelInCache
 *   (Models.cached, refreshed after each download);
 * - benchmarks: Datasets.ensure (pinned files, checksum-verified, kept in IndexedDB); ready =
 *   parsed this session, or every pinned file already in the store;
 * - the app shell: cached by the service worker (src/sw/sw.js); ready = a worker controls the page.
 *
 * Errors stay per item with their own words (EngineError messages for models; for benchmarks the
 * dataset loader's failures folded into one line, each file's message in the detail); one failure
 * does not stop the others.
 */
import type { Benchmark } from '../lib/benchmarks/types';
import type { BenchmarkId } from '../lib/core/ids';
import { EngineFailure, type LoadProgress } from '../lib/engine/types';
import { foldFailures } from '../lib/datasets/load';
import type { Datasets } from './datasets.svelte';
import type { Models } from './models.svelte';
import type { Services } from './services';

export type ReadyStatus =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'missing' }
  | { readonly kind: 'downloading'; readonly fraction: number; readonly text: string }
  | { readonly kind: 'failed'; readonly message: string; readonly detail?: string };

export type ShellStatus = 'ready' | 'installing' | 'unavailable';

/** Downloads a browser model's files without loading it (WebLLMEngine.download). */
export type ModelDownloader = (modelId: string, onProgress: (p: LoadProgress) => void) => Promise<void>;

export interface OfflineDeps {
  readonly services: Pick<Services, 'benchmarks' | 'store'>;
  readonly models: Models;
  readonly datasets: Datasets;
  /** The browser models and benchmarks chosen on the run form (Setup.models / Setup.benchmarks). */
  readonly chosen: () => { readonly models: readonly string[]; readonly benchmarks: readonly BenchmarkId[] };
  /** Null when the engine offers no download-only request. */
  readonly download: ModelDownloader | null;
  /** Whether the app shell is cached (a service worker controls the page). */
  readonly shell?: () => ShellStatus;
}

export interface OfflineItem {
  readonly id: string;
  readonly label: string;
  readonly status: ReadyStatus;
}

/** The download-only request of the web-llm engine behind `services.engineFor`, where it has one. */
export function webllmDownloader(services: Pick<Services, 'engineFor'>): ModelDownloader | null {
  const engine = services.engineFor({ kind: 'webllm' }) as unknown as { download?: ModelDownloader };
  return typeof engine.download === 'function'
    ? (id, onProgress) => (engine.download as ModelDownloader).call(engine, id, onProgress)
    : null;
}

/** The page's service worker state (no worker in dev builds, plain http or old browsers). */
export function browserShellStatus(): ShellStatus {
  const sw = globalThis.navigator?.serviceWorker;
  if (sw === undefined || import.meta.env.MODE !== 'production') return 'unavailable';
  return sw.controller !== null ? 'ready' : 'installing';
}

function failure(e: unknown): ReadyStatus {
  if (e instanceof EngineFailure)
    return {
      kind: 'failed',
      message: e.error.message,
      ...(e.error.detail !== undefined ? { detail: e.error.detail } : {}),
    };
  return { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
}

export class Offline {
  /** Downloads in flight or failed, by model id; otherwise Models.cached decides. */
  #models = $state<Record<string, ReadyStatus>>({});
  /** Benchmark id -> every pinned file already in the store (checked by refresh()). */
  #stored = $state<Partial<Record<BenchmarkId, boolean>>>({});
  #benchmarkErrors = $state<Partial<Record<BenchmarkId, ReadyStatus>>>({});
  busy = $state(false);
  shell = $state<ShellStatus>('unavailable');

  constructor(private readonly deps: OfflineDeps) {}

  get canDownloadModels(): boolean {
    return this.deps.download !== null;
  }

  modelStatus(id: string): ReadyStatus {
    const own = this.#models[id];
    if (own !== undefined) return own;
    const cached = this.deps.models.cached[id];
    return cached === undefined ? { kind: 'unknown' } : cached ? { kind: 'ready' } : { kind: 'missing' };
  }

  benchmarkStatus(id: BenchmarkId): ReadyStatus {
    const own = this.#benchmarkErrors[id];
    if (own !== undefined) return own;
    const status = this.deps.datasets.status(id);
    switch (status.kind) {
      case 'loading':
        return {
          kind: 'downloading',
          fraction: status.totalFiles > 0 ? status.loadedFiles / status.totalFiles : 0,
          text: status.file,
        };
      case 'failed':
        // One line (offline, every file fails alike); each file's own message in the detail.
        return {
          kind: 'failed',
          message: foldFailures(status.failures, status.failures.length + status.loadedFiles.length),
          detail: status.failures.map((f) => f.message).join('\n'),
        };
      case 'ready':
        return status.missing.length > 0
          ? { kind: 'failed', message: `left out: ${status.missing.join(', ')}` }
          : { kind: 'ready' };
      case 'idle': {
        const stored = this.#stored[id];
        return stored === undefined ? { kind: 'unknown' } : stored ? { kind: 'ready' } : { kind: 'missing' };
      }
    }
  }

  get models(): OfflineItem[] {
    return this.deps
      .chosen()
      .models.map((id) => ({ id, label: this.deps.models.label(id), status: this.modelStatus(id) }));
  }

  get benchmarks(): OfflineItem[] {
    return this.deps
      .chosen()
      .benchmarks.map((id) => ({ id, label: this.#benchmark(id)?.title ?? id, status: this.benchmarkStatus(id) }));
  }

  /** Everything chosen is ready (and the shell is cached). */
  get allReady(): boolean {
    return this.shell === 'ready' && [...this.models, ...this.benchmarks].every((item) => item.status.kind === 'ready');
  }

  /** Checks what is cached already (no download). */
  async refresh(): Promise<void> {
    this.shell = this.deps.shell?.() ?? 'unavailable';
    const { benchmarks } = this.deps.chosen();
    await Promise.all([this.deps.models.refreshCached(), ...benchmarks.map((id) => this.#checkStored(id))]);
  }

  /** Downloads every chosen model and benchmark that is not ready; each failure stays on its item. */
  async prepare(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { models, benchmarks } = this.deps.chosen();
      for (const id of benchmarks) await this.#prepareBenchmark(id);
      for (const id of models) await this.#prepareModel(id);
      await this.refresh();
    } finally {
      this.busy = false;
    }
  }

  async #prepareModel(id: string): Promise<void> {
    if (this.modelStatus(id).kind === 'ready') return;
    const download = this.deps.download;
    if (download === null) {
      this.#models[id] = {
        kind: 'failed',
        message: 'This engine cannot download models ahead of time; load the model once while online instead.',
      };
      return;
    }
    this.#models[id] = { kind: 'downloading', fraction: 0, text: 'starting' };
    try {
      await download(id, (p) => (this.#models[id] = { kind: 'downloading', fraction: p.fraction, text: p.text }));
      delete this.#models[id];
      await this.deps.models.refreshCached();
    } catch (e) {
      this.#models[id] = failure(e);
    }
  }

  async #prepareBenchmark(id: BenchmarkId): Promise<void> {
    const benchmark = this.#benchmark(id);
    if (benchmark === undefined) return;
    delete this.#benchmarkErrors[id];
    const before = this.deps.datasets.status(id);
    if (before.kind === 'failed' || (before.kind === 'ready' && before.missing.length > 0))
      this.deps.datasets.reset(id);
    try {
      await this.deps.datasets.ensure(benchmark);
      await this.#checkStored(id);
    } catch (e) {
      this.#benchmarkErrors[id] = failure(e);
    }
  }

  async #checkStored(id: BenchmarkId): Promise<void> {
    const benchmark = this.#benchmark(id);
    if (benchmark === undefined) return;
    try {
      const found = await Promise.all(benchmark.source.files.map((f) => this.deps.services.store.getFile(f.sha1)));
      this.#stored[id] = found.every((f) => f !== undefined);
    } catch (e) {
      console.warn(`Could not check the stored data of ${id}:`, e);
    }
  }

  #benchmark(id: BenchmarkId): Benchmark<unknown> | undefined {
    return this.deps.services.benchmarks.find((b) => b.id === id);
  }
}
