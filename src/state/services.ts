/**
 * The concrete adapters the composition root (App.svelte) hands to the state objects. State
 * code sees only these ports, so tests and the CLI can hand in others.
 */
import type { Benchmark } from '../lib/benchmarks/types';
import type { DeviceInfo, EngineSpec, MetricRow, RunRecord, TrialRecord } from '../lib/core/records';
import type { BenchmarkId } from '../lib/core/ids';
import type { DeviceCheck, ModelNeeds } from '../lib/engine/preflight';
import type { Engine, EngineError } from '../lib/engine/types';
import type { IdbResultStore } from '../lib/storage/idb';
import type { TrialBatch } from '../lib/core/columns';
import type { ColumnsOptions, SummaryRun } from '../lib/results/summarizer';
import type { Coordinator } from './coordination';

export interface Services {
  readonly store: IdbResultStore;
  /** The engine a run uses: web-llm in its worker (one, created on first use) or a server. */
  readonly engineFor: (spec: EngineSpec) => Engine;
  /** Trials in flight at once for this engine (a browser GPU runs one; servers batch). */
  readonly concurrencyFor: (spec: EngineSpec) => number;
  /** Can this engine run the model (device check, or server reachable and serving it)? Before any download. */
  readonly check: (spec: EngineSpec, model: ModelNeeds & { readonly id: string }) => Promise<EngineCheck>;
  /** This browser's WebGPU device (the Run screen's device line, checked on load; no download). */
  readonly device: () => Promise<DeviceCheck>;
  /** Which models' weights this browser has cached already (no download). */
  readonly cachedModels: (modelIds: readonly string[]) => Promise<Readonly<Record<string, boolean>>>;
  readonly benchmarks: readonly Benchmark<unknown>[];
  /** A run's metrics from its trials (summarizeRun), off the main thread where possible. */
  readonly summarize: (run: RunRecord, trials: readonly TrialRecord[]) => Promise<MetricRow[]>;
  /** A run's metrics from stored run summaries' columns (`Summarizer.columns`): one run's, or several runs' together. */
  readonly summarizeColumns: (
    run: SummaryRun,
    parts: readonly TrialBatch[],
    options?: ColumnsOptions,
  ) => Promise<MetricRow[]>;
  /** What computes a run's metrics (`Summarizer.recipe`), to keep rows against; null: rows are not kept. */
  readonly metricsRecipe: (run: SummaryRun) => string | null;
  /** Keeps a run to one driving tab and tells other tabs about its progress. */
  readonly coordinator: Coordinator;
  readonly fetch: typeof fetch;
}

/**
 * The answer of `Services.check`: notes to show (memory needs), the device it would run on (a
 * WebGPU adapter, recorded with the run) and, in the browser, the GPU's fields (to match device
 * self-tests); or why it cannot run.
 */
export type EngineCheck =
  | {
      readonly kind: 'ready';
      readonly notes: readonly string[];
      readonly device?: string;
      readonly gpu?: DeviceInfo;
    }
  | { readonly kind: 'blocked'; readonly error: EngineError };

export function findBenchmark(services: Services, id: BenchmarkId): Benchmark<unknown> {
  const benchmark = services.benchmarks.find((b) => b.id === id);
  if (!benchmark) throw new Error(`benchmark "${id}" is not registered`);
  return benchmark;
}
