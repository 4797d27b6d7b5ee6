/**
 * A scripted model behind the real Engine port, so the runner, state classes and CLI can be
 * tested without a GPU. Deterministic: candidate probabilities come from a hash of the rendered
 * dialogue and candidate id (or a script function), reasoning from the seed. Optional per-call
 * delays (interruptible by `interrupt()`, which rejects with kind `aborted` like a real engine),
 * injectable failures on the Nth call, failing loads, and a log of every call.
 */
import type {
  Engine,
  EngineErrorKind,
  EngineInfo,
  GenerateRequest,
  GenerateResult,
  LoadProgress,
  ScoreRequest,
  ScoreResult,
} from '../../src/lib/engine/types';
import { EngineFailure } from '../../src/lib/engine/types';
import { hashString } from '../../src/lib/core/random';

export type CallKind = 'score' | 'generate';

export interface ScriptedFailure {
  /** 1-based index over score + generate calls (counted across models). */
  readonly call: number;
  readonly kind: EngineErrorKind;
  readonly message?: string;
}

export interface ScriptedEngineOptions {
  readonly info?: EngineInfo;
  /** Raw candidate probabilities for a request; default: hash-derived, summing to 0.9. */
  readonly probabilities?: (request: ScoreRequest, model: string) => Record<string, number>;
  readonly reasoning?: (request: GenerateRequest, model: string) => string;
  /** Delay of each score/generate call in ms (0 = resolve on the next microtask). */
  readonly delayMs?: number | ((call: number, kind: CallKind) => number);
  readonly loadDelayMs?: number;
  readonly failures?: readonly ScriptedFailure[];
  /** Kind of failure for loading this model, or null to load fine. */
  readonly failLoad?: (model: string, attempt: number) => EngineErrorKind | null;
  /** Called as each score/generate call starts, already in flight (e.g. a test pausing the run at call 5). */
  readonly onCall?: (call: number, kind: CallKind) => void;
  /** Added to every score result, as an engine reports them (template, candidateTokens). */
  readonly scoreExtra?: (request: ScoreRequest) => Partial<Pick<ScoreResult, 'template' | 'candidateTokens'>>;
}

export function hashProbabilities(request: ScoreRequest, model: string): Record<string, number> {
  const base = JSON.stringify([model, request.dialogue]);
  const weights = request.candidates.map((c) => 1 + (hashString(`${base}|${c.id}`) % 1000));
  const total = weights.reduce((s, w) => s + w, 0);
  const out: Record<string, number> = {};
  request.candidates.forEach((c, i) => (out[c.id] = (0.9 * (weights[i] ?? 0)) / total));
  return out;
}

export class ScriptedEngine implements Engine {
  readonly info: EngineInfo;
  readonly calls = {
    load: [] as string[],
    score: [] as ScoreRequest[],
    generate: [] as GenerateRequest[],
    interrupt: 0,
    unload: 0,
  };
  /** score + generate calls so far (including failed and interrupted ones). */
  callCount = 0;
  loaded: string | null = null;
  readonly #options: ScriptedEngineOptions;
  readonly #pending = new Set<(failure: EngineFailure) => void>();
  readonly #loadAttempts = new Map<string, number>();

  constructor(options: ScriptedEngineOptions = {}) {
    this.#options = options;
    this.info = options.info ?? { kind: 'webllm', version: 'scripted 1' };
  }

  async load(modelId: string, onProgress: (p: LoadProgress) => void): Promise<void> {
    this.calls.load.push(modelId);
    const attempt = (this.#loadAttempts.get(modelId) ?? 0) + 1;
    this.#loadAttempts.set(modelId, attempt);
    onProgress({ fraction: 0, text: `loading ${modelId}` });
    await this.#wait(this.#options.loadDelayMs ?? 0);
    const kind = this.#options.failLoad?.(modelId, attempt) ?? null;
    if (kind !== null) throw new EngineFailure({ kind, message: `scripted load failure of ${modelId}` });
    this.loaded = modelId;
    onProgress({ fraction: 1, text: `${modelId} ready` });
  }

  async score(request: ScoreRequest): Promise<ScoreResult> {
    this.calls.score.push(request);
    const model = await this.#call('score');
    const raw = (this.#options.probabilities ?? hashProbabilities)(request, model);
    return {
      raw,
      method: 'exact',
      promptTokens: JSON.stringify(request.dialogue).length,
      ...this.#options.scoreExtra?.(request),
    };
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.calls.generate.push(request);
    const model = await this.#call('generate');
    const text = this.#options.reasoning?.(request, model) ?? ` reasoning with seed ${request.seed}.`;
    return { text, finishReason: 'stop', promptTokens: JSON.stringify(request.dialogue).length, completionTokens: 8 };
  }

  interrupt(): void {
    this.calls.interrupt += 1;
    for (const reject of [...this.#pending])
      reject(new EngineFailure({ kind: 'aborted', message: 'Interrupted by the user.' }));
  }

  async unload(): Promise<void> {
    this.calls.unload += 1;
    this.loaded = null;
  }

  async #call(kind: CallKind): Promise<string> {
    this.callCount += 1;
    const call = this.callCount;
    const delay =
      typeof this.#options.delayMs === 'function' ? this.#options.delayMs(call, kind) : (this.#options.delayMs ?? 0);
    const waiting = this.#wait(delay); // in flight from here: interrupt() rejects it
    this.#options.onCall?.(call, kind);
    await waiting;
    if (this.loaded === null) throw new EngineFailure({ kind: 'not_loaded', message: 'No model is loaded.' });
    const failure = this.#options.failures?.find((f) => f.call === call);
    if (failure)
      throw new EngineFailure({
        kind: failure.kind,
        message: failure.message ?? `scripted ${failure.kind} on call ${call}`,
      });
    return this.loaded;
  }

  /** Waits, unless interrupted first (then rejects with kind `aborted`). */
  #wait(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (failure?: EngineFailure) => {
        this.#pending.delete(done);
        clearTimeout(timer);
        if (failure) reject(failure);
        else resolve();
      };
      this.#pending.add(done);
      const timer = setTimeout(() => done(), ms);
    });
  }
}
