/**
 * The engine port: the only door to a language model. The runner and benchmarks see these
 * types only; concrete adapters (web-llm in a worker, OpenAI-compatible HTTP) are handed in by
 * the composition root. docs/method.md §2 (rendering), §4 (scoring), §5 (reasoning).
 */

/** One chat turn. `user` = the paper's Human turn. */
export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

/**
 * A dialogue whose final assistant turn is open: `messages` alternate user/assistant and end
 * with a user turn; `prefill` is the beginning of the assistant's reply, rendered with no
 * end-of-turn marker after it, so the model continues it (docs/method.md §2 "Rendering a dialogue").
 */
export interface PrefilledDialogue {
  readonly messages: readonly ChatMessage[];
  readonly prefill: string;
}

/**
 * One answer option. `texts` are the exact continuations of the prefill whose probabilities are
 * added to form this candidate's raw probability (e.g. `['yes', 'Yes']`, `[' he']`). A leading
 * space matters.
 */
export interface Candidate {
  readonly id: string;
  readonly texts: readonly string[];
}

export interface ScoreRequest {
  readonly dialogue: PrefilledDialogue;
  readonly candidates: readonly Candidate[];
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

export interface ScoreResult {
  /** Candidate id -> raw probability (before renormalisation), each in [0, 1]. */
  readonly raw: Readonly<Record<string, number>>;
  readonly method: ScoringMethod;
  readonly firstTokenOnly?: readonly string[];
  readonly upperBound?: readonly string[];
  /** Prompt tokens of this request, where the engine reports them. */
  readonly promptTokens?: number;
  /** Of those, how many the engine took from its prefix cache instead of prefilling, where it reports it. */
  readonly cachedPromptTokens?: number;
}

/** Settings for reasoning (chain-of-thought) generation, docs/method.md §5. Stored with the run. */
export interface GenerationSettings {
  readonly temperature: number;
  readonly topP: number;
  readonly maxTokens: number;
  /** Reasoning samples per item; the item's probabilities are the mean over samples. */
  readonly samples: number;
}

export const DEFAULT_GENERATION: GenerationSettings = { temperature: 1, topP: 1, maxTokens: 256, samples: 1 };

export interface GenerateRequest {
  /** The model continues `dialogue.prefill` (e.g. "Let's think about how to ...") until end of turn. */
  readonly dialogue: PrefilledDialogue;
  readonly temperature: number;
  readonly topP: number;
  readonly maxTokens: number;
  readonly seed: number;
}

export interface GenerateResult {
  /** The continuation only (not including the prefill). */
  readonly text: string;
  readonly finishReason: 'stop' | 'length' | 'abort';
  /** As in ScoreResult. */
  readonly promptTokens?: number;
  readonly cachedPromptTokens?: number;
  readonly completionTokens?: number;
}

/** Model download / initialisation progress. */
export interface LoadProgress {
  /** 0..1 */
  readonly fraction: number;
  readonly text: string;
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
  | 'unknown';

/** Every kind, for validating stored or imported records. */
export const ENGINE_ERROR_KINDS: readonly EngineErrorKind[] = [
  'insecure_context', 'no_webgpu', 'no_adapter', 'f16_unsupported', 'out_of_memory', 'device_lost', 'download_failed',
  'model_not_found', 'aborted', 'not_loaded', 'server_error', 'storage_full', 'unknown',
];

export interface EngineError {
  readonly kind: EngineErrorKind;
  /** Plain words: what went wrong and what the user can do about it. */
  readonly message: string;
  /** The original error text, for the record and bug reports. */
  readonly detail?: string;
}

/** The thrown form of an EngineError, so it survives `await` chains with its kind intact. */
export class EngineFailure extends Error {
  readonly error: EngineError;
  constructor(error: EngineError) {
    super(error.message);
    this.name = 'EngineFailure';
    this.error = error;
  }
}

export interface EngineInfo {
  /** `webllm` or `openai`, stored on each record. */
  readonly kind: 'webllm' | 'openai';
  /** Engine library or server version, where known (e.g. "@mlc-ai/web-llm 0.2.86"). */
  readonly version: string;
}

/** The engine's own throughput counters since the model loaded (web-llm's runtime statistics). */
export interface EngineRates {
  /** Prompt tokens processed per second (prefill). */
  readonly prefillTokensPerS: number;
  /** Tokens generated per second (decoding: reasoning, multi-token candidates). */
  readonly decodeTokensPerS: number;
}

export interface Engine {
  readonly info: EngineInfo;
  /** The engine's own rates, where it keeps them (null before any request, or if unknown). */
  rates?(): Promise<EngineRates | null>;
  /** Loads (downloading if needed) a model; resolves when ready. Rejects with EngineFailure. */
  load(modelId: string, onProgress: (p: LoadProgress) => void): Promise<void>;
  /** Candidate probabilities at the prefilled position (docs/method.md §4). */
  score(request: ScoreRequest): Promise<ScoreResult>;
  /** Reasoning text continuing the prefill (docs/method.md §5). */
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /** Stops the request in flight; it rejects with kind `aborted`. */
  interrupt(): void;
  /** Frees the model and its GPU memory. */
  unload(): Promise<void>;
}
