/**
 * Messages between the main thread (`client.ts`) and the web-llm worker (`worker.ts` +
 * `handler.ts`). Plain structured-clone data only: no functions, no Error objects; failures
 * cross as `EngineError` values so their kind survives the thread boundary.
 *
 * Invariants: every request except `interrupt` carries an `id` and gets exactly one `result`
 * or `error` reply with that id; `progress` replies only ever precede a `load` or `download` result.
 */
import type { CustomModel } from '../custom-models';
import type { AssistantOpening } from '../models';
import type {
  CandidateCheck,
  CandidateProbe,
  EngineError,
  EngineRates,
  GenerateRequest,
  GenerateResult,
  LoadProgress,
  PromptTemplateInfo,
  ScoreRequest,
  ScoreResult,
  SelfTestReport,
  SelfTestRequest,
} from '../types';

export interface LoadOptions {
  readonly modelId: string;
  /** Present for user-added models: the worker adds its ModelRecord to web-llm's app config. */
  readonly custom: CustomModel | null;
  readonly opening: AssistantOpening;
  /** Benchmarks' answer steps to check against the model's tokenizer (candidate-check.ts). */
  readonly probes?: readonly CandidateProbe[];
}

export type WorkerRequest =
  | { readonly kind: 'load'; readonly id: number; readonly options: LoadOptions }
  | { readonly kind: 'score'; readonly id: number; readonly request: ScoreRequest }
  | { readonly kind: 'generate'; readonly id: number; readonly request: GenerateRequest }
  | { readonly kind: 'unload'; readonly id: number }
  /** The loaded model's self-test ("Check this device", self-test.ts). */
  | { readonly kind: 'selfTest'; readonly id: number; readonly request: SelfTestRequest }
  /** web-llm's own prefill/decode rates for the loaded model (runtimeStatsText). */
  | { readonly kind: 'stats'; readonly id: number }
  /** Which models' weights are already in the browser cache (web-llm's own hasModelInCache). */
  | {
      readonly kind: 'cached';
      readonly id: number;
      readonly models: readonly { modelId: string; custom: CustomModel | null }[];
    }
  /** Puts a model's files into web-llm's cache without loading it on the GPU (download.ts). */
  | { readonly kind: 'download'; readonly id: number; readonly model: { modelId: string; custom: CustomModel | null } }
  /** Stops the request in flight (and any queued before it); they reply with kind `aborted`. */
  | { readonly kind: 'interrupt' };

/** What a loaded model reports back, for the record and for display. */
export interface LoadedInfo {
  readonly modelId: string;
  readonly contextWindow: number;
  /** The conversation template's name where the config gives one (e.g. "qwen2", "llama-3_1"). */
  readonly template: string;
  /** `chat_template` or the Human/Assistant fallback of docs/method.md §2. */
  readonly format: 'chat_template' | 'human_assistant';
  /** The template every trial of this model records (docs/method.md §2). */
  readonly prompt: PromptTemplateInfo;
  /** What the beginning-of-sequence check found (renderer.ts). */
  readonly bos: 'single' | 'none' | 'fixed_double';
  /** Why the model's Hugging Face template was not used, when it was not. */
  readonly templateNote?: string;
  /** How each probed benchmark's candidates tokenise on this model. */
  readonly candidates?: readonly CandidateCheck[];
}

export type WorkerResult =
  | { readonly kind: 'loaded'; readonly info: LoadedInfo }
  | { readonly kind: 'scored'; readonly value: ScoreResult }
  | { readonly kind: 'generated'; readonly value: GenerateResult }
  | { readonly kind: 'selfTested'; readonly value: SelfTestReport }
  | { readonly kind: 'unloaded' }
  | { readonly kind: 'stats'; readonly value: EngineRates | null }
  | { readonly kind: 'cached'; readonly value: Readonly<Record<string, boolean>> }
  | { readonly kind: 'downloaded'; readonly modelId: string };

export type WorkerResponse =
  | { readonly kind: 'progress'; readonly id: number; readonly progress: LoadProgress }
  | { readonly kind: 'result'; readonly id: number; readonly result: WorkerResult }
  | { readonly kind: 'error'; readonly id: number; readonly error: EngineError };
