/**
 * The engine port: the only door to a language model. The runner and benchmarks see these
 * types only; concrete adapters (web-llm in a worker, OpenAI-compatible HTTP) are handed in by
 * the composition root. docs/method.md §2 (rendering), §4 (scoring), §5 (reasoning). The engine facts
 * stored on records (settings, scoring method, errors, engine info) are core vocabulary.
 */
import type { BenchmarkId, ConditionId } from '../core/ids';
import type {
  DeviceCheckResult,
  DeviceSpeed,
  EngineError,
  EngineInfo,
  GenerationSettings,
  PromptTemplateInfo,
  ScoringMethod,
} from '../core/records';

export type {
  EngineError,
  EngineErrorKind,
  EngineInfo,
  GenerationSettings,
  PromptTemplateInfo,
  ScoringMethod,
  TemplateSource,
} from '../core/records';
export { ENGINE_ERROR_KINDS } from '../core/records';

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

/** A benchmark's answer step, for checking its candidates against a model's tokenizer at load (docs/method.md §4). */
export interface CandidateProbe {
  /** e.g. "BBQ letters". */
  readonly label: string;
  readonly dialogue: PrefilledDialogue;
  readonly candidates: readonly Candidate[];
}

/** What the check found: tokens per candidate text, and whether any text merged with the prefill's last token. */
export interface CandidateCheck {
  readonly label: string;
  readonly tokens: Readonly<Record<string, number>>;
  readonly merged: boolean;
  /** One plain sentence, e.g. "BBQ letters: one token each". */
  readonly summary: string;
}

export interface ScoreRequest {
  readonly dialogue: PrefilledDialogue;
  readonly candidates: readonly Candidate[];
}

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
  /** Candidate id -> canonical tokens after the shared prefix (largest over its texts), where the engine tokenises. */
  readonly candidateTokens?: Readonly<Record<string, number>>;
  /** The template that rendered this prompt (docs/method.md §2). */
  readonly template?: PromptTemplateInfo;
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
  readonly template?: PromptTemplateInfo;
}

/** A scored prompt of the self-test ("Check this device", engine/webllm/self-test.ts). */
export interface SelfTestPrompt {
  readonly label: string;
  readonly dialogue: PrefilledDialogue;
  readonly candidates: readonly Candidate[];
}

/** A prompt whose answer is obvious: candidate `expected` should take more than half the probability. */
export interface KnownAnswerPrompt extends SelfTestPrompt {
  readonly expected: string;
}

/** One benchmark's prompt under one condition (for a reasoning condition: its answer step). */
export interface BenchmarkPrompt extends SelfTestPrompt {
  readonly benchmark: BenchmarkId;
  readonly condition: ConditionId;
}

export interface SelfTestRequest {
  readonly knownAnswers: readonly KnownAnswerPrompt[];
  readonly benchmarkPrompts: readonly BenchmarkPrompt[];
  /** A continuation the model is forced to write token by token (several tokens long). */
  readonly continuation: { readonly dialogue: PrefilledDialogue; readonly text: string };
}

/** What the worker found: the five checks, the measured speed (null when it could not be measured), the template used. */
export interface SelfTestReport {
  readonly checks: readonly DeviceCheckResult[];
  readonly speed: DeviceSpeed | null;
  readonly template: PromptTemplateInfo;
}

/** Model download / initialisation progress. */
export interface LoadProgress {
  /** 0..1 */
  readonly fraction: number;
  readonly text: string;
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
