/**
 * The concrete adapters the composition root (App.svelte) hands to the state objects. State
 * code sees only these ports, so tests and the CLI can hand in others.
 */
import type { Benchmark } from '../lib/benchmarks/types';
import type { BenchmarkId } from '../lib/core/ids';
import type { Engine } from '../lib/engine/types';
import type { ModelNeeds, PreflightResult } from '../lib/engine/preflight';
import type { IdbResultStore } from '../lib/storage/idb';
import type { Coordinator } from './coordination';

export interface Services {
  readonly store: IdbResultStore;
  /** The in-browser engine (web-llm in its worker), created on first use. */
  readonly engine: () => Engine;
  /** Can this device run the model? Checked before anything is downloaded. */
  readonly preflight: (model: ModelNeeds) => Promise<PreflightResult>;
  /** Which models' weights this browser has cached already (no download). */
  readonly cachedModels: (modelIds: readonly string[]) => Promise<Readonly<Record<string, boolean>>>;
  readonly benchmarks: readonly Benchmark<unknown>[];
  /** Keeps a run to one driving tab and tells other tabs about its progress. */
  readonly coordinator: Coordinator;
  readonly fetch: typeof fetch;
}

export function findBenchmark(services: Services, id: BenchmarkId): Benchmark<unknown> {
  const benchmark = services.benchmarks.find((b) => b.id === id);
  if (!benchmark) throw new Error(`benchmark "${id}" is not registered`);
  return benchmark;
}
