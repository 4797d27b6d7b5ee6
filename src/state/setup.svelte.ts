/**
 * The run form: models, benchmarks, conditions, sample size, seed and reasoning settings, with
 * the counts and the duration estimate shown before starting. Builds the RunSpec the runner
 * stores; nothing here runs anything. The form is kept in this browser (localStorage) so a
 * reload finds it as it was; a resumed run puts its own settings in it (applySpec).
 */
import { conditionsFor, orderConditions } from '../lib/core/conditions';
import { isConditionId, type BenchmarkId, type ConditionId } from '../lib/core/ids';
import { DEFAULT_GENERATION, type GenerationSettings } from '../lib/engine/types';
import { assumedSpeed, estimateRunSeconds, measuredSpeed, type ModelSpeed } from '../lib/runner/estimate';
import { optionOrdersOf, type DeviceSpeed, type ModelInfo, type OptionOrders, type RunSpec } from '../lib/core/records';
import { trialOptionOrders } from '../lib/runner/plan';
import { planSample, type SamplePlan } from '../lib/runner/planner';
import { benchmarkPlanner, planBenchmarks } from '../lib/runner/smallest-sample';
import type { Datasets } from './datasets.svelte';
import type { Models } from './models.svelte';
import { buildOf, modelRows, pickBuild, switchBuild, type Build, type ModelRow } from './model-builds';
import type { ServerSettings } from './server.svelte';
import type { SharedSetup } from './share';
import { findBenchmark, type Services } from './services';

export const DEFAULT_MODEL = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';

/** localStorage key of the form as last edited (not the API key: that stays with the server settings). */
const FORM_KEY = 'run-form';

/**
 * Items per benchmark of a new run [ours] (docs/method.md §6): the smallest sample that meets the
 * thresholds of Winogender (179 items: all 60 occupations) and admissions (90 profile pairs). BBQ's
 * threshold needs about 2,800 items, hours of reasoning on a browser GPU, so BBQ falls short at
 * this size and the planner says so, naming the size that would do.
 */
export const DEFAULT_SAMPLE_SIZE = 179;

/**
 * The demo preset for a talk: a small stratified BBQ sample, the plain question against the
 * instruction, the three smallest Qwen2.5 models (q4f32 builds: they run on every WebGPU device).
 * Below the planner's thresholds (docs/method.md §6): its slides say so.
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
  /** Browser models chosen (web-llm); a server run uses the server's models instead. */
  models = $state<string[]>([DEFAULT_MODEL]);
  /** Which build of each model the picker adds (f32 runs on every WebGPU device). */
  build = $state<Build>('f32');
  benchmarks = $state<BenchmarkId[]>(['bbq']);
  conditions = $state<ConditionId[]>(conditionsFor('bbq'));
  sampleAll = $state(false);
  sampleSize = $state(DEFAULT_SAMPLE_SIZE);
  seed = $state(1);
  generation = $state<GenerationSettings>({ ...DEFAULT_GENERATION });
  /** Option-order debiasing (docs/method.md §3.1): 3 asks BBQ items in every cyclic option order. */
  optionOrders = $state<OptionOrders>(1);

  constructor(
    private readonly services: Services,
    private readonly datasets: Datasets,
    private readonly catalogue: Models,
    private readonly server: ServerSettings,
    private readonly storage: Storage | undefined = globalThis.localStorage,
    /** A browser model's rates measured on this device by its self-test, if any (DeviceChecks.speed). */
    private readonly measured: (modelId: string) => DeviceSpeed | null = () => null,
  ) {
    this.#restore();
  }

  /** The picker's rows: each model once, whatever its builds. */
  get modelRows(): ModelRow[] {
    return modelRows(this.catalogue.all);
  }

  /** Adds (in the form's build) or removes a model, whichever build of it was chosen. */
  toggleModel(row: ModelRow, on: boolean): void {
    const ids = new Set(Object.values(row.builds).map((b) => b.id));
    const rest = this.models.filter((id) => !ids.has(id));
    this.models = on ? [...rest, pickBuild(row, this.build).id] : rest;
  }

  /** Runs every chosen model in this build (a model with one build keeps it). */
  chooseBuild(build: Build): void {
    this.build = build;
    this.models = switchBuild(this.models, this.modelRows, build);
  }

  /**
   * Adds or removes a benchmark. An added benchmark brings the conditions only it offers
   * (Winogender its match-statistics condition), checked: the paper's design for it.
   */
  toggleBenchmark(id: BenchmarkId, on: boolean): void {
    const offered = new Set(this.offeredConditions);
    const chosen = new Set(on ? [...this.benchmarks, id] : this.benchmarks.filter((b) => b !== id));
    this.benchmarks = this.services.benchmarks.map((b) => b.id).filter((b) => chosen.has(b));
    if (!on) return;
    const added = findBenchmark(this.services, id).conditions.filter((c) => !offered.has(c));
    this.conditions = orderConditions(new Set([...this.conditions, ...added]));
  }

  /** The models the run will evaluate, in order. */
  get runModels(): string[] {
    if (this.engineKind === 'webllm') return this.models;
    return this.server.modelNames;
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
      const asked = items === null ? null : items * trialOptionOrders(this, findBenchmark(this.services, id));
      return {
        id,
        items,
        conditions,
        trials,
        seconds: asked === null ? null : this.#estimate(id, Object.fromEntries(conditions.map((c) => [c, asked]))),
      };
    });
  }

  /** One planner per chosen benchmark whose data is loaded (the shuffles and the smallest sample kept until data or seed change). */
  readonly #planners = $derived.by(() =>
    Number.isInteger(this.seed)
      ? this.benchmarks.flatMap((id) => {
          const input = this.datasets.input(id);
          return input ? [benchmarkPlanner(input.benchmark, input.items, this.seed)] : [];
        })
      : [],
  );

  /**
   * The sample planner over the items the run would evaluate (docs/method.md §6), for the
   * benchmarks whose data is loaded; `waiting` names the others.
   */
  get plan(): { plan: SamplePlan; waiting: BenchmarkId[] } {
    const waiting = this.benchmarks.filter((id) => this.datasets.input(id) === null);
    if (!this.sampleAll && !(Number.isInteger(this.sampleSize) && this.sampleSize > 0))
      return { plan: planSample([]), waiting };
    return { plan: planBenchmarks(this.#planners, this.sampleAll ? 'all' : this.sampleSize), waiting };
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
      if (this.server.problem !== null) return this.server.problem;
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

  /** A sample of `size` items per benchmark (the planner's "Use n items"). */
  useSampleSize(size: number): void {
    this.sampleAll = false;
    this.sampleSize = size;
  }

  applyDemo(): void {
    this.engineKind = 'webllm';
    this.build = 'f32';
    this.models = [...DEMO.models];
    this.benchmarks = [...DEMO.benchmarks];
    this.conditions = [...DEMO.conditions];
    this.sampleAll = false;
    this.sampleSize = DEMO.sampleSize;
    this.optionOrders = 1;
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
            serverModels: this.server.modelNames.map((name) => {
              const params = this.server.modelInfo()[name]?.params;
              return params === undefined ? { name } : { name, paramsB: params / 1e9 };
            }),
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
    if (shared.serverModels !== undefined)
      this.server.replaceModels(
        shared.serverModels.map((m) =>
          m.paramsB === undefined ? { name: m.name } : { name: m.name, params: m.paramsB * 1e9 },
        ),
      );
    return problems;
  }

  /** Shows a stored run's own settings (a resumed run), so the form says what is running. */
  applySpec(spec: RunSpec): void {
    this.benchmarks = [...spec.benchmarks];
    this.conditions = [...spec.conditions];
    this.sampleAll = spec.sampleSize === 'all';
    if (spec.sampleSize !== 'all') this.sampleSize = spec.sampleSize;
    this.seed = spec.seed;
    this.generation = { ...spec.generation };
    if (spec.engine.kind === 'webllm') {
      this.engineKind = 'webllm';
      this.models = [...spec.models];
      const known = spec.models.flatMap((id) => this.catalogue.find(id) ?? []);
      if (known.length > 0) this.build = known.every((m) => buildOf(m) === 'f16') ? 'f16' : 'f32';
    } else {
      this.engineKind = 'openai';
      this.server.baseUrl = spec.engine.baseUrl;
      this.server.replaceModels(
        spec.models.map((name) => {
          const params = spec.modelInfo?.[name]?.params ?? spec.modelParams?.[name];
          return params === undefined ? { name } : { name, params };
        }),
      );
    }
    this.optionOrders = optionOrdersOf(spec);
  }

  /** Keeps the form in this browser; reads every field, so an effect calling it re-runs on any change. */
  save(): void {
    const form = {
      engineKind: this.engineKind,
      models: this.models,
      build: this.build,
      benchmarks: this.benchmarks,
      conditions: this.conditions,
      sampleAll: this.sampleAll,
      sampleSize: this.sampleSize,
      seed: this.seed,
      generation: { ...this.generation },
      optionOrders: this.optionOrders,
    };
    try {
      this.storage?.setItem(FORM_KEY, JSON.stringify(form));
    } catch (e) {
      console.warn('The run form could not be kept for the next visit:', e);
    }
  }

  /** The saved form, field by field: anything unreadable or unknown keeps its default. */
  #restore(): void {
    let saved: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(FORM_KEY) ?? 'null');
      if (typeof parsed !== 'object' || parsed === null) return;
      saved = parsed as Record<string, unknown>;
    } catch (e) {
      console.warn('The saved run form could not be read and was ignored:', e);
      return;
    }
    const strings = (v: unknown): string[] | null =>
      Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
    const whole = (v: unknown): v is number => Number.isInteger(v);
    if (saved.engineKind === 'webllm' || saved.engineKind === 'openai') this.engineKind = saved.engineKind;
    if (saved.build === 'f16' || saved.build === 'f32') this.build = saved.build;
    const models = strings(saved.models)?.filter((id) => this.catalogue.find(id) !== undefined);
    if (models && models.length > 0) this.models = models;
    const ids = this.services.benchmarks.map((b) => b.id);
    const benchmarks = strings(saved.benchmarks)?.filter((id): id is BenchmarkId => (ids as string[]).includes(id));
    if (benchmarks) this.benchmarks = benchmarks;
    const conditions = strings(saved.conditions)?.filter(isConditionId);
    if (conditions) this.conditions = conditions;
    if (typeof saved.sampleAll === 'boolean') this.sampleAll = saved.sampleAll;
    if (whole(saved.sampleSize) && saved.sampleSize > 0) this.sampleSize = saved.sampleSize;
    if (whole(saved.seed)) this.seed = saved.seed;
    if (saved.optionOrders === 1 || saved.optionOrders === 3) this.optionOrders = saved.optionOrders;
    const g = saved.generation;
    if (typeof g === 'object' && g !== null) {
      const fields = g as Partial<Record<keyof GenerationSettings, unknown>>;
      const next = { ...this.generation };
      for (const key of ['temperature', 'topP', 'maxTokens', 'samples'] as const) {
        const value = fields[key];
        if (typeof value === 'number' && Number.isFinite(value)) next[key] = value;
      }
      this.generation = next;
    }
  }

  buildSpec(): RunSpec {
    const base = this.server.normalized;
    const server = this.engineKind === 'openai' && base.kind === 'ok';
    const modelInfo = server ? this.server.modelInfo() : this.#customInfo();
    return {
      benchmarks: [...this.benchmarks],
      models: [...this.runModels],
      conditions: this.offeredConditions.filter((c) => this.conditions.includes(c)),
      sampleSize: this.sampleAll ? 'all' : this.sampleSize,
      seed: this.seed,
      generation: { ...this.generation },
      engine: server ? { kind: 'openai', baseUrl: base.baseUrl } : { kind: 'webllm' },
      ...(this.optionOrders > 1 ? { optionOrders: this.optionOrders } : {}),
      ...(Object.keys(modelInfo).length > 0 ? { modelInfo } : {}),
    };
  }

  /**
   * The user's own browser models' sizes (kept in this browser only), recorded with the run so
   * that its results place them on size axes wherever they are opened.
   */
  #customInfo(): Record<string, ModelInfo> {
    const out: Record<string, ModelInfo> = {};
    for (const id of this.models) {
      const own = this.catalogue.custom.find((m) => m.id === id);
      if (own?.params !== undefined) out[id] = { params: own.params };
    }
    return out;
  }
}
