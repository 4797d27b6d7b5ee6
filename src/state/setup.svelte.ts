/**
 * The run form: models, benchmarks, conditions, sample size, seed and reasoning settings, with
 * the counts and the duration estimate shown before starting. Builds the RunSpec the runner
 * stores; nothing here runs anything.
 */
import { conditionsFor, orderConditions } from '../lib/core/conditions';
import type { BenchmarkId, ConditionId } from '../lib/core/ids';
import { DEFAULT_GENERATION, type GenerationSettings } from '../lib/engine/types';
import { assumedSpeed, estimateRunSeconds, measuredSpeed, type ModelSpeed } from '../lib/runner/estimate';
import type { DeviceSpeed, RunSpec } from '../lib/core/records';
import type { Datasets } from './datasets.svelte';
import type { Models } from './models.svelte';
import type { ServerSettings } from './server.svelte';
import type { SharedSetup } from './share';
import { findBenchmark, type Services } from './services';

export const DEFAULT_MODEL = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';

/**
 * The demo preset for a talk: a small stratified BBQ sample, the plain question against the
 * instruction, the three smallest Qwen2.5 models (q4f32 builds: they run on every WebGPU device).
 */
export const DEMO = {
  models: ['Qwen2.5-0.5B-Instruct-q4f32_1-MLC', 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC', 'Qwen2.5-3B-Instruct-q4f32_1-MLC'],
  benchmarks: ['bbq'],
  conditions: ['q', 'q_if'],
  sampleSize: 60,
} as const;

export interface BenchmarkCount {
  readonly id: BenchmarkId;
  /** Items per model and condition; null until the data is loaded when "all" is chosen. */
  readonly items: number | null;
  readonly conditions: readonly ConditionId[];
  readonly trials: number | null;
  /** Rough seconds on a browser GPU; null when unknown (sizes, counts) or on a server. */
  readonly seconds: number | null;
}

export type EngineKind = 'webllm' | 'openai';

export class Setup {
  engineKind = $state<EngineKind>('webllm');
  /** Browser models chosen (web-llm); a server run uses the server's model instead. */
  models = $state<string[]>([DEFAULT_MODEL]);
  benchmarks = $state<BenchmarkId[]>(['bbq']);
  conditions = $state<ConditionId[]>(conditionsFor('bbq'));
  sampleAll = $state(false);
  sampleSize = $state(200);
  seed = $state(1);
  generation = $state<GenerationSettings>({ ...DEFAULT_GENERATION });

  constructor(
    private readonly services: Services,
    private readonly datasets: Datasets,
    private readonly catalogue: Models,
    private readonly server: ServerSettings,
    /** A browser model's rates measured on this device by its self-test, if any (DeviceChecks.speed). */
    private readonly measured: (modelId: string) => DeviceSpeed | null = () => null,
  ) {}

  /** The models the run will evaluate, in order. */
  get runModels(): string[] {
    if (this.engineKind === 'webllm') return this.models;
    const model = this.server.model.trim();
    return model === '' ? [] : [model];
  }

  /** Conditions offered: those of the chosen benchmarks, in the canonical order. */
  get offeredConditions(): ConditionId[] {
    const offered = new Set(this.benchmarks.flatMap((id) => findBenchmark(this.services, id).conditions));
    return orderConditions(offered);
  }

  get counts(): BenchmarkCount[] {
    return this.benchmarks.map((id) => {
      const conditions = findBenchmark(this.services, id).conditions.filter((c) => this.conditions.includes(c));
      const status = this.datasets.status(id);
      const available = status.kind === 'ready' ? status.itemCount : null;
      const items = this.sampleAll
        ? available
        : available === null
          ? this.sampleSize
          : Math.min(this.sampleSize, available);
      const trials = items === null ? null : items * conditions.length * this.runModels.length;
      return {
        id,
        items,
        conditions,
        trials,
        seconds: items === null ? null : this.#estimate(id, Object.fromEntries(conditions.map((c) => [c, items]))),
      };
    });
  }

  get totalTrials(): number | null {
    let total = 0;
    for (const c of this.counts) {
      if (c.trials === null) return null;
      total += c.trials;
    }
    return total;
  }

  /** Seconds for the whole run, or null when any part is unknown. */
  get estimateSeconds(): number | null {
    let total = 0;
    for (const c of this.counts) {
      if (c.seconds === null) return null;
      total += c.seconds;
    }
    return total;
  }

  /** Which browser models the estimate times from this device's self-test, and which from the assumption. */
  get estimateBasis(): { readonly measured: string[]; readonly assumed: string[] } {
    if (this.engineKind === 'openai') return { measured: [], assumed: [] };
    const measured = this.models.filter((id) => this.measured(id) !== null);
    return { measured, assumed: this.models.filter((id) => !measured.includes(id)) };
  }

  /** A browser model's speed for `benchmark`: measured here, else assumed from its size (null when unknown). */
  #speed(modelId: string, benchmark: BenchmarkId): ModelSpeed | null {
    const measured = this.measured(modelId);
    if (measured !== null) return measuredSpeed(measured, benchmark);
    const params = this.catalogue.find(modelId)?.params ?? null;
    return params === null ? null : assumedSpeed(params / 1e9);
  }

  /** Seconds on a browser GPU for these trials per model and condition (null on a server or unknown sizes). */
  #estimate(benchmark: BenchmarkId, trialsPerModel: Partial<Record<ConditionId, number>>): number | null {
    if (this.engineKind === 'openai') return null;
    const speeds = this.models.map((id) => this.#speed(id, benchmark));
    if (speeds.some((s) => s === null)) return null;
    return estimateRunSeconds({
      trialsPerModel,
      models: speeds.filter((s): s is ModelSpeed => s !== null),
      generation: this.generation,
    }).seconds;
  }

  /** Why the form cannot start yet, or null. */
  get problem(): string | null {
    if (this.engineKind === 'openai') {
      const base = this.server.normalized;
      if (base.kind === 'error') return base.message;
      if (this.runModels.length === 0) return 'Name the server model (or check the connection to list them).';
    } else if (this.models.length === 0) return 'Choose at least one model.';
    if (this.benchmarks.length === 0) return 'Choose a benchmark.';
    if (this.counts.some((c) => c.conditions.length === 0)) return 'Choose at least one condition.';
    if (!this.sampleAll && !(Number.isInteger(this.sampleSize) && this.sampleSize > 0))
      return 'The sample size must be a whole number above 0, or "all".';
    if (!Number.isInteger(this.seed)) return 'The seed must be a whole number.';
    const g = this.generation;
    if (
      !(g.temperature >= 0 && g.temperature <= 2) ||
      !(g.topP > 0 && g.topP <= 1) ||
      !(Number.isInteger(g.maxTokens) && g.maxTokens >= 1) ||
      !(Number.isInteger(g.samples) && g.samples >= 1)
    ) {
      return 'Reasoning settings: temperature 0–2, top-p above 0 up to 1, whole numbers of tokens and samples (at least 1).';
    }
    return null;
  }

  applyDemo(): void {
    this.engineKind = 'webllm';
    this.models = [...DEMO.models];
    this.benchmarks = [...DEMO.benchmarks];
    this.conditions = [...DEMO.conditions];
    this.sampleAll = false;
    this.sampleSize = DEMO.sampleSize;
  }

  /** This form as a shareable link's query (no API key). */
  toShared(): SharedSetup {
    const server = this.engineKind === 'openai';
    return {
      benchmarks: this.benchmarks,
      conditions: this.conditions,
      sampleSize: this.sampleAll ? 'all' : this.sampleSize,
      seed: this.seed,
      engine: this.engineKind,
      ...(server
        ? {
            baseUrl: this.server.baseUrl,
            serverModel: this.server.model,
            ...(this.server.paramsB ? { paramsB: this.server.paramsB } : {}),
          }
        : { models: this.models }),
    };
  }

  /** Fills the form from a link; unknown models are reported, not added. Never starts a run. */
  applyShared(shared: SharedSetup): string[] {
    const problems: string[] = [];
    if (shared.benchmarks?.length) this.benchmarks = [...shared.benchmarks];
    if (shared.conditions?.length) this.conditions = [...shared.conditions];
    if (shared.sampleSize !== undefined) {
      this.sampleAll = shared.sampleSize === 'all';
      if (shared.sampleSize !== 'all') this.sampleSize = shared.sampleSize;
    }
    if (shared.seed !== undefined) this.seed = shared.seed;
    if (shared.engine) this.engineKind = shared.engine;
    if (shared.models) {
      const known = shared.models.filter((m) => this.catalogue.find(m) !== undefined);
      for (const m of shared.models.filter((x) => !known.includes(x)))
        problems.push(`model "${m}" is not in this browser's catalogue (add it under Models)`);
      if (known.length > 0) this.models = known;
    }
    if (shared.baseUrl !== undefined) this.server.baseUrl = shared.baseUrl;
    if (shared.serverModel !== undefined) this.server.model = shared.serverModel;
    if (shared.paramsB !== undefined) this.server.paramsB = shared.paramsB;
    return problems;
  }

  buildSpec(): RunSpec {
    const base = this.server.normalized;
    const server = this.engineKind === 'openai' && base.kind === 'ok';
    const params = this.server.paramsB;
    return {
      benchmarks: [...this.benchmarks],
      models: [...this.runModels],
      conditions: this.offeredConditions.filter((c) => this.conditions.includes(c)),
      sampleSize: this.sampleAll ? 'all' : this.sampleSize,
      seed: this.seed,
      generation: { ...this.generation },
      engine: server ? { kind: 'openai', baseUrl: base.baseUrl } : { kind: 'webllm' },
      ...(server && params !== null && params > 0
        ? { modelParams: Object.fromEntries(this.runModels.map((m) => [m, params * 1e9])) }
        : {}),
    };
  }
}
