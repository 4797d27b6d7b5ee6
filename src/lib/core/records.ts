/**
 * What is stored: runs, trials, dataset files, and the metric rows computed from trials, with
 * the engine facts a record carries. Storage, the runner, results, charts and the CLI all read
 * these types from here, so none of them imports another for its vocabulary. A trial is written
 * as soon as it finishes, keyed so that each planned trial exists at most once (docs/method.md §6).
 * The port through which records are stored is storage/port.ts.
 */
import type { BenchmarkId, ConditionId } from './ids';

/** Settings for reasoning (chain-of-thought) generation, docs/method.md §5. Stored with the run. */
export interface GenerationSettings {
  readonly temperature: number;
  readonly topP: number;
  readonly maxTokens: number;
  /** Reasoning samples per item; the item's probabilities are the mean over samples. */
  readonly samples: number;
}

/**
 * How candidate probabilities were obtained (stored on every record, docs/method.md §4):
 * - `exact`: from the full next-token distribution, multi-token texts by the chain rule;
 * - `exact_first_token`: full distribution, but only the first token of some texts was scored
 *   (those candidate ids are listed in `firstTokenOnly`);
 * - `top_k`: from a top-k log-probability list; candidates absent from it got an upper bound
 *   (listed in `upperBound`).
 */
export type ScoringMethod = 'exact' | 'exact_first_token' | 'top_k';

/**
 * Which template rendered a trial's prompt (docs/method.md §2 "Rendering a dialogue"):
 * - `hf`: the model's own Hugging Face `chat_template` (tokenizer_config.json), rendered by the app;
 * - `mlc`: web-llm's conversation template, where the model's files carry no Hugging Face one;
 * - `raw`: the literal `\n\nHuman: …\n\nAssistant: …` format (a template without role markers);
 * - `server`: rendered by an OpenAI-compatible server with whatever template it holds; the app
 *   cannot know which (vLLM: the model's Hugging Face template; Ollama, llama.cpp: their own).
 */
export type TemplateSource = 'hf' | 'mlc' | 'raw' | 'server';

export interface PromptTemplateInfo {
  readonly source: TemplateSource;
  /** SHA-256 (hex) of the template text (`hf`: the Jinja source; `mlc`: its JSON); null for `server`. */
  readonly hash: string | null;
  /** The system message the template wrote by default (we add none), or null when it wrote none or it is unknown. */
  readonly system: string | null;
}

/**
 * The template source a trial recorded (`template.source`; an early form stored the source
 * itself), or null when it recorded none (records before record schema 2).
 */
export function templateSourceOf(trial: { readonly template?: unknown }): string | null {
  const template = trial.template;
  if (typeof template === 'string') return template;
  if (typeof template === 'object' && template !== null) {
    const source = (template as { readonly source?: unknown }).source;
    if (typeof source === 'string') return source;
  }
  return null;
}

/**
 * The small set of failures an engine reports, each with an actionable message for the user.
 * Expected failures are values of this type (thrown as `EngineFailure`); anything else is a bug.
 */
export type EngineErrorKind =
  | 'insecure_context' // page not served over https/localhost: WebGPU unavailable
  | 'no_webgpu' // navigator.gpu missing
  | 'no_adapter' // requestAdapter() returned null
  | 'f16_unsupported' // model build needs shader-f16, device lacks it
  | 'out_of_memory' // GPU memory exhausted while loading or running
  | 'device_lost' // GPU device lost (driver reset, tab backgrounded too long, ...)
  | 'download_failed' // weights / wasm / config could not be fetched
  | 'model_not_found' // unknown model id, or a custom model URL without a valid config
  | 'aborted' // interrupted by the user
  | 'not_loaded' // score/generate called with no model loaded
  | 'server_error' // OpenAI-compatible server answered with an error
  | 'storage_full' // the browser refused to store a result (quota): nothing half-written
  | 'no_candidate_mass' // the candidates' raw probabilities sum to 0 or are not finite: a failed trial, never an answer (§4)
  | 'unknown';

/** Every kind, for validating stored or imported records. */
export const ENGINE_ERROR_KINDS: readonly EngineErrorKind[] = [
  'insecure_context',
  'no_webgpu',
  'no_adapter',
  'f16_unsupported',
  'out_of_memory',
  'device_lost',
  'download_failed',
  'model_not_found',
  'aborted',
  'not_loaded',
  'server_error',
  'storage_full',
  'no_candidate_mass',
  'unknown',
];

export interface EngineError {
  readonly kind: EngineErrorKind;
  /** Plain words: what went wrong and what the user can do about it. */
  readonly message: string;
  /** The original error text, for the record and bug reports. */
  readonly detail?: string;
}

export interface EngineInfo {
  /** `webllm` or `openai`, stored on each record. */
  readonly kind: 'webllm' | 'openai';
  /** Engine library or server version, where known (e.g. "@mlc-ai/web-llm 0.2.86"). */
  readonly version: string;
}

/**
 * Scalar facts about an item, stored on each trial record. Metrics are computed from these and
 * the stored probabilities alone, so every number can be recomputed from storage.
 */
export type ItemSummary = Readonly<Record<string, string | number | boolean | null>>;

/** The part of a trial that metrics need: item facts and the model's answer. */
export interface ScoredTrial {
  readonly model: string;
  readonly condition: ConditionId;
  readonly item: ItemSummary;
  /** Candidate id chosen (argmax of probs), or null when the trial failed. */
  readonly answer: string | null;
  /** Candidate id -> probability renormalised over the candidates; null when failed. */
  readonly probs: Readonly<Record<string, number>> | null;
  /** Sum of raw candidate probabilities; null when failed. */
  readonly mass: number | null;
}

/**
 * What a row's interval resamples (docs/method.md §6): BBQ templates (category × question_index,
 * within category), Winogender occupations, admissions profiles (both races together); candidate
 * mass resamples items **[ours]**.
 */
export type IntervalUnit = 'template' | 'occupation' | 'profile' | 'item';

/**
 * One number the app shows. `value`, `ci_low`, `ci_high` are null when undefined (never 0 in
 * its place). When `baseline` is set, the row is a paired difference: metric(condition) −
 * metric(baseline) on the same items. When `relative` is also set, it is the relative change
 * (metric(condition) − metric(baseline)) / |metric(baseline)| on the same items, with a paired
 * bootstrap interval of the ratio itself; null when metric(baseline) is 0 or undefined.
 * Consumers keying rows by model × condition × category × metric must include both fields.
 */
export interface MetricRow {
  readonly benchmark: BenchmarkId;
  readonly model: string;
  readonly condition: ConditionId;
  /** Category or subgroup (BBQ category, "(names)" split); null for the overall row. */
  readonly category: string | null;
  readonly metric: string;
  readonly value: number | null;
  readonly ci_low: number | null;
  readonly ci_high: number | null;
  /** Items the value was computed from. */
  readonly n: number;
  /**
   * The independent unit the interval resamples; null for a row that never has an interval (a
   * count, a share of the run's own trials, Winogender's p_female per occupation).
   */
  readonly interval_unit: IntervalUnit | null;
  readonly baseline?: ConditionId;
  /** Only with `baseline`: the value is the relative change, not the difference. */
  readonly relative?: true;
  /** Pooled rows that pool a subset of categories (BBQ overalls): the categories pooled; `n` counts their items. */
  readonly includes?: readonly string[];
}

/** How a metric is shown: tables and charts read these instead of knowing benchmarks by name. */
export interface MetricInfo {
  readonly metric: string;
  readonly label: string;
  /** Its definition in one sentence (tooltips, method notes, export). */
  readonly help: string;
  /** Signed scores (bias) show a + sign; shares (accuracy, mass) do not. */
  readonly signed: boolean;
  /** Decimals shown (default 3; 0 for counts such as BBQ's `no_target_items`). */
  readonly digits?: number;
  /** The benchmark's headline metric (charts, takeaways). */
  readonly headline?: boolean;
  /** Shown per category. */
  readonly byCategory?: boolean;
  /** Has paired contrast rows (baseline q): a difference row and a relative-change row (`relative`). */
  readonly contrast?: boolean;
  /** When the metric is undefined, in a few words for chart notes ("bias is undefined when …"). */
  readonly undefinedWhen?: string;
  /** How sentences name this metric's values and changes in words (headline metrics; docs/method.md §6). */
  readonly words?: MetricWords;
}

/** The words a takeaway sentence uses for a metric (docs/method.md §6). */
export interface MetricWords {
  /** A rise / a fall, as a phrase ("more biased", "pronouns closer to labour statistics"). */
  readonly up: string;
  readonly down: string;
  /** Direction by distance from 0 (bias: "less biased" when |value| shrinks) rather than by sign. */
  readonly magnitude?: boolean;
  /** What a positive / negative value means ("towards the stereotype"), for reversals. */
  readonly positive: string;
  readonly negative: string;
  /** A baseline whose interval includes 0 ("no baseline bias"). */
  readonly none: string;
  /** Why the value can be undefined ("every ambiguous answer was “unknown”"). */
  readonly undefinedWhy: string;
  /** Interval half-width above which the sample is too small to read (docs/method.md §6). */
  readonly wide: number;
}

/**
 * Bumped with every change to TrialRecord / RunRecord; migrations live in storage/.
 * 2: a trial may carry `template` and `scoring.candidateTokens` (docs/method.md §2, §4); version 1
 * records have neither and are read as they are.
 * 3: a run may carry `deviceChecks` (the self-tests of its browser models on the device that ran
 * them); runs of versions 1 and 2 have none and are read as they are.
 */
export const RECORD_SCHEMA_VERSION = 3;

/** Which engine a run uses, and how to reach it (never an API key). */
export type EngineSpec = { readonly kind: 'webllm' } | { readonly kind: 'openai'; readonly baseUrl: string };

export interface RunSpec {
  readonly benchmarks: readonly BenchmarkId[];
  /** Model ids, in the order they are run (web-llm catalogue ids or server model names). */
  readonly models: readonly string[];
  readonly conditions: readonly ConditionId[];
  /** Items per benchmark (seeded, stratified) or every item. */
  readonly sampleSize: number | 'all';
  readonly seed: number;
  readonly generation: GenerationSettings;
  readonly engine: EngineSpec;
  /**
   * Parameter counts of models the catalogue does not know (server models), for size axes. Written
   * before `modelInfo` existed and still read; `modelInfo` wins where both give a size.
   */
  readonly modelParams?: Readonly<Record<string, number>>;
  /** What the run knows of each model beyond its id (size, family, Hugging Face id, build), by model id. */
  readonly modelInfo?: Readonly<Record<string, ModelInfo>>;
  /**
   * Option-order debiasing [ours] (docs/method.md §3.1): 3 asks every item of a benchmark with
   * options (BBQ) in its 3 cyclic option orders and averages the probabilities; 1 or absent (runs
   * before 0.2.0) asks the dataset order only.
   */
  readonly optionOrders?: OptionOrders;
}

/** 1: options in dataset order; 3: every cyclic order, probabilities averaged (docs/method.md §3.1). */
export type OptionOrders = 1 | 3;
export const OPTION_ORDERS: readonly OptionOrders[] = [1, 3];

/** The option orders a run asked (1 for runs stored before the setting existed). */
export function optionOrdersOf(spec: Pick<RunSpec, 'optionOrders'>): OptionOrders {
  return spec.optionOrders ?? 1;
}

/**
 * What a run knows of one of its models beyond its id (issue 14): total parameters (size axes),
 * family (models of one family are joined by lines), its Hugging Face id, and its build
 * (quantization, e.g. "q4f16_1", "AWQ", "fp8"). Each field is absent when unknown; catalogue
 * models need none of it (engine/model-facts.ts reads the catalogue).
 */
export interface ModelInfo {
  readonly params?: number;
  readonly family?: string;
  readonly hfId?: string;
  readonly quantization?: string;
}

/**
 * The git commit of the app's source (full SHA-1, with `-dirty` when built with uncommitted
 * changes; core/version.ts), or null when it was unknown (built without git). Records made
 * before 0.2.0 have no such field: read it as null (`appCommitOf`).
 */
export type AppCommit = string | null;

export function appCommitOf(record: { readonly appCommit?: AppCommit }): AppCommit {
  return record.appCommit ?? null;
}

export type RunStatus = 'running' | 'paused' | 'cancelled' | 'done';

export interface RunRecord {
  readonly schema: number;
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly spec: RunSpec;
  readonly status: RunStatus;
  /** Item keys per benchmark, fixed when the run is planned, so a resume runs the same items. */
  readonly itemKeys: Readonly<Partial<Record<BenchmarkId, readonly string[]>>>;
  /** Benchmark versions the items were planned with. */
  readonly benchmarkVersions: Readonly<Partial<Record<BenchmarkId, string>>>;
  readonly plannedTrials: number;
  readonly appVersion: string;
  /** Source commit of the app that created the run (see AppCommit). */
  readonly appCommit?: AppCommit;
  /** Why the run last stopped, when it was not by the user's choice. */
  readonly lastError?: EngineError;
  /**
   * The latest "Check this device" self-test of each browser model of the run on the device that
   * ran it, when one was stored there (absent on records before schema 3 and on server runs).
   */
  readonly deviceChecks?: readonly DeviceCheck[];
  /**
   * The device the run was started on, as the page saw it (a WebGPU adapter's vendor and
   * architecture); absent when not recorded (server runs, older runs).
   */
  readonly device?: string;
}

export interface TrialRecord extends ScoredTrial {
  readonly schema: number;
  /** `${runId}|${model}|${benchmark}|${condition}|${itemKey}`: unique per planned trial. */
  readonly key: string;
  readonly runId: string;
  readonly benchmark: BenchmarkId;
  readonly benchmarkVersion: string;
  readonly itemKey: string;
  readonly item: ItemSummary;
  /** Hash of everything that was sent to the model except generated reasoning. */
  readonly promptHash: string;
  readonly engine: EngineInfo;
  readonly appVersion: string;
  /** Source commit of the app that ran the trial (see AppCommit). */
  readonly appCommit?: AppCommit;
  /** Reasoning settings (CoT conditions only). */
  readonly generation: GenerationSettings | null;
  /** Per-item seed derived from the run seed and the item key (docs/method.md §5). */
  readonly seed: number;
  readonly status: 'ok' | 'failed';
  /** Candidate id -> raw probability (mean over reasoning samples for CoT). */
  readonly raw: Readonly<Record<string, number>> | null;
  readonly scoring: {
    readonly method: ScoringMethod;
    readonly firstTokenOnly?: readonly string[];
    readonly upperBound?: readonly string[];
    /**
     * Candidate id -> canonical tokens its text took after the prefix all candidates share
     * (docs/method.md §4); the largest over a candidate's texts and reasoning samples. Absent on
     * records stored before it was recorded and where the engine does not tokenise (servers).
     */
    readonly candidateTokens?: Readonly<Record<string, number>>;
  } | null;
  /**
   * Option orders this trial asked, present only when more than one (option-order debiasing):
   * `raw` and `probs` are then means over the orders, keyed by option, and `reasoning` holds the
   * samples order by order (docs/method.md §3.1).
   */
  readonly optionOrders?: number;
  /** The template that rendered the prompt (absent on records stored before it was recorded). */
  readonly template?: PromptTemplateInfo;
  /** Reasoning texts, one per sample (CoT conditions; per order, then per sample), else empty. */
  readonly reasoning: readonly string[];
  readonly error: EngineError | null;
  readonly startedAt: string;
  readonly durationMs: number;
  /** Tokens the engine reported for this trial's requests (absent when it reported none). */
  readonly tokens?: TrialTokens;
}

/**
 * Token counts as the engine reported them, summed over a trial's requests (issue 7: model work
 * per trial). `prompt`: prompt tokens of every request (a reasoning condition's answer step
 * re-reads the question and the reasoning). `cached`: of those, the tokens the engine took from
 * its prefix cache rather than prefilling (always 0 for web-llm, whose requests start from an
 * empty cache; reported by some servers), so prompt − cached were prefilled. `completion`: tokens
 * generated as reasoning. Only on trials whose every request reported its prompt tokens; `cached`
 * and `completion` only when every request (every reasoning request) reported them.
 */
export interface TrialTokens {
  readonly prompt: number;
  readonly cached?: number;
  readonly completion?: number;
}

export function trialKey(
  runId: string,
  model: string,
  benchmark: BenchmarkId,
  condition: ConditionId,
  itemKey: string,
): string {
  return `${runId}|${model}|${benchmark}|${condition}|${itemKey}`;
}

/** A cached dataset file, verified against its blob SHA-1 before it was stored. */
export interface CachedFile {
  readonly sha1: string;
  readonly name: string;
  readonly text: string;
  readonly storedAt: string;
}

/** Which data a result rests on, named in every export (built by benchmarks/provenance.ts). */
export interface DatasetProvenance {
  readonly benchmark: BenchmarkId;
  /** Upstream repository ("owner/name" on GitHub); null when there is no upstream dataset (admissions). */
  readonly repository: string | null;
  /** The pinned commit the files were downloaded from and checked against; null without upstream. */
  readonly commit: string | null;
  /** Licence of the upstream data (e.g. "CC BY 4.0"); null without upstream. */
  readonly license: string | null;
  /** The repository at the pinned commit, for people to read; null without upstream. */
  readonly sourceUrl: string | null;
  /** Where the items come from, in a few words. */
  readonly origin: string;
}

/**
 * The five checks of a browser model's self-test ("Check this device", engine/webllm/self-test.ts):
 * - `known_answers`: prompts with an obvious answer put more than half their probability on it;
 * - `logprobs`: the exact path and web-llm's own OpenAI-style log-probabilities agree per candidate;
 * - `repeat`: the same prompt scored twice gives identical probabilities;
 * - `forced`: forced-token generation reproduces a given continuation;
 * - `rates`: this device's prefill and decode rates could be measured (what the estimate uses).
 */
export type DeviceCheckKind = 'known_answers' | 'logprobs' | 'repeat' | 'forced' | 'rates';

export const DEVICE_CHECK_KINDS: readonly DeviceCheckKind[] = [
  'known_answers',
  'logprobs',
  'repeat',
  'forced',
  'rates',
];

/** A number a check reports; null when it could not be measured (JSON has no NaN). */
export type CheckNumbers = Readonly<Record<string, number | null>>;

/** One item of a check, with its numbers; `passed` is null when it could not be judged ("not comparable"). */
export interface DeviceCheckRow {
  readonly label: string;
  readonly passed: boolean | null;
  /** One plain sentence with the numbers. */
  readonly text: string;
  readonly numbers: CheckNumbers;
}

export interface DeviceCheckResult {
  readonly kind: DeviceCheckKind;
  readonly passed: boolean;
  /** One plain sentence with the check's numbers. */
  readonly summary: string;
  readonly numbers: CheckNumbers;
  readonly rows: readonly DeviceCheckRow[];
}

/** One scored prompt of the self-test, timed: a benchmark under a condition on this model. */
export interface TimedPrompt {
  readonly benchmark: BenchmarkId;
  readonly condition: ConditionId;
  readonly tokens: number;
  readonly seconds: number;
}

/** What check `rates` measured, used by the duration estimate for this model on this device. */
export interface DeviceSpeed {
  /** Prompt tokens per second of the exact scoring path (prefill, logits copy and softmax included). */
  readonly prefillTokensPerS: number;
  /** Tokens per second of forced-token generation (one decode step, logits copy and sampling each). */
  readonly decodeTokensPerS: number;
  readonly prompts: readonly TimedPrompt[];
}

/**
 * The GPU as WebGPU describes it (`GPUAdapterInfo`; '' where the browser withholds a field) and
 * the browser. WebGPU exposes no driver version: the description, where given, and the user agent
 * are all a page can know.
 */
export interface DeviceInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly hasF16: boolean;
  readonly userAgent: string;
}

/** One stored self-test of a browser model on a device (state/device-checks.svelte.ts keeps them). */
export interface DeviceCheck {
  /** `${model}|${checkedAt}`. */
  readonly id: string;
  readonly model: string;
  readonly checkedAt: string;
  /** Every check passed. */
  readonly passed: boolean;
  readonly device: DeviceInfo;
  readonly engine: EngineInfo;
  readonly appVersion: string;
  readonly appCommit: AppCommit;
  /** The template the model's prompts were rendered with. */
  readonly template: PromptTemplateInfo;
  /** In the order of DEVICE_CHECK_KINDS. */
  readonly checks: readonly DeviceCheckResult[];
  /** The measured rates; null when check `rates` failed. */
  readonly speed: DeviceSpeed | null;
}
