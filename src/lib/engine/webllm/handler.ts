/**
 * The worker side of the web-llm engine, free of worker globals so Node tests can drive it with
 * a fake engine typed as web-llm's own `MLCEngineInterface`.
 *
 * Invariants:
 * - requests run one at a time in arrival order; `interrupt` bypasses the queue and aborts the
 *   request in flight and every request that arrived before it (an epoch counter);
 * - every request gets exactly one reply (`result` or `error` with an EngineError value);
 * - one engine at a time, created on first load with a LogitProcessor registry this handler
 *   owns (web-llm reads it at reload, engine.ts:245), so each loaded model has a `LogitTap`;
 * - faults are named as faults (web-llm 0.2.86, lib/index.js):
 *   - a lost GPU device: web-llm's `device.lost` handler unloads the model itself, disposing its
 *     tokenizer (`LLMChatPipeline.dispose`), and clears its maps only after an await that may
 *     never come back on a dead device. Before each request, after each result and after any
 *     failure (once web-llm had `settleMs` to react), the handler checks that web-llm still holds
 *     the model and that its tokenizer still encodes; if not, the request fails `device_lost`, the
 *     engine is dropped (its state is no longer trustworthy) and the next `load` builds a fresh one,
 *     which is what the runner does on resume;
 *   - an interrupted load is `aborted`, however web-llm ends it: quietly (an AbortError it
 *     catches), with its abort reason (fetch rejects with the string "Engine.unload() is
 *     called."), or with anything else thrown once `unload()` cleared its maps under it;
 *   - any other load failure also drops the engine, so a retry starts clean.
 */
import type { AppConfig, MLCEngineConfig, MLCEngineInterface } from '@mlc-ai/web-llm';
import { assertNever } from '../../core/ids';
import { buildModelRecord, type CustomModel } from '../custom-models';
import type {
  EngineError,
  EngineRates,
  GenerateRequest,
  ScoreRequest,
  SelfTestReport,
  SelfTestRequest,
} from '../types';
import { parseRuntimeStats } from './stats';
import { downloadModelFiles, type CacheLike } from './download';
import { buildEngineError, failWith, toEngineError, type ErrorPhase } from './errors';
import { generateContinuation } from './generate';
import type { InspectModel, LoadedModelParts } from './internals';
import type { LoadOptions, WorkerRequest, WorkerResponse, WorkerResult } from './protocol';
import { scoreCandidates } from './score';
import { LogitTap, TokenSession } from './session';
import { checkCandidates } from './candidate-check';
import { findHfTemplate } from './hf-config';
import { buildRenderer, type PromptRenderer } from './renderer';
import { runSelfTest } from './self-test';

export interface HandlerDeps {
  readonly createEngine: (config: MLCEngineConfig) => MLCEngineInterface;
  /** web-llm's `prebuiltAppConfig` (passed in so this module never imports web-llm). */
  readonly baseAppConfig: AppConfig;
  readonly inspect: InspectModel;
  readonly post: (message: WorkerResponse) => void;
  /** web-llm's `hasModelInCache` (passed in, like the app config). */
  readonly hasModelInCache: (modelId: string, appConfig: AppConfig) => Promise<boolean>;
  /** `caches.open` (Cache Storage, where web-llm keeps weights), for download-only requests. */
  readonly openCache?: (name: string) => Promise<CacheLike>;
  /** After a request failed, how long web-llm gets to react to a lost device before the check (ms). */
  readonly settleMs?: number;
  /** The self-test's clock in milliseconds (default performance.now). */
  readonly now?: () => number;
}

/** web-llm unloads on `device.lost` in a promise callback; the failure of a request in flight may come first. */
const SETTLE_MS = 100;

/** Encoded before and after every request: a disposed tokenizer (web-llm let the model go) throws. */
const LIVENESS_TEXT = 'ok';

interface Loaded {
  readonly modelId: string;
  readonly parts: LoadedModelParts;
  readonly tap: LogitTap;
  readonly renderer: PromptRenderer;
}

export class WebLLMHandler {
  private engine: MLCEngineInterface | undefined;
  private readonly registry = new Map<string, LogitTap>();
  private loaded: Loaded | null = null;
  /** Why the last model was lost with its device; requests say so until the next load. */
  private lost: string | null = null;
  private epoch = 0;
  private loading = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: HandlerDeps) {}

  /** Entry point for every message from the main thread. */
  handle(message: WorkerRequest): void {
    if (message.kind === 'interrupt') {
      this.interrupt();
      return;
    }
    const epoch = this.epoch;
    this.queue = this.queue.then(() => this.run(message, epoch));
  }

  /** Resolves when every request received so far has replied (for tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private interrupt(): void {
    this.epoch++;
    // web-llm aborts an in-flight reload when unload() is called (engine.ts:441-444, v0.2.83).
    if (this.loading && this.engine !== undefined) {
      this.engine.unload().catch((err: unknown) => console.error('web-llm unload during interrupt failed', err));
    }
  }

  private checkAbort(epoch: number): void {
    if (epoch !== this.epoch) throw failWith('aborted');
  }

  private async run(message: Exclude<WorkerRequest, { kind: 'interrupt' }>, epoch: number): Promise<void> {
    const phase: ErrorPhase = message.kind === 'load' || message.kind === 'download' ? 'load' : 'run';
    try {
      this.checkAbort(epoch);
      const result = await this.dispatch(message, epoch);
      this.deps.post({ kind: 'result', id: message.id, result });
    } catch (err) {
      const error =
        phase === 'run' && this.loaded !== null ? await this.runFailure(err, epoch) : toEngineError(err, phase);
      this.deps.post({ kind: 'error', id: message.id, error });
    }
  }

  /**
   * A request failed while a model is loaded. If web-llm let the model go meanwhile (a lost
   * device), that is the failure, whatever the request threw (a binding error from the disposed
   * tokenizer, a GPU error, "not loaded"); an interrupt by the user stays `aborted`.
   */
  private async runFailure(err: unknown, epoch: number): Promise<EngineError> {
    const error = toEngineError(err, 'run');
    if (error.kind === 'aborted' && epoch !== this.epoch) return error;
    await new Promise((resolve) => setTimeout(resolve, this.deps.settleMs ?? SETTLE_MS));
    const gone = this.modelGone();
    if (gone === null && error.kind !== 'device_lost') return error;
    this.dropEngine(gone ?? error.detail ?? error.message);
    return gone === null
      ? error
      : buildEngineError('device_lost', `${gone}; the request failed with: ${error.detail ?? error.message}`);
  }

  /** Why web-llm no longer holds the loaded model (see the header), or null while it does. */
  private modelGone(): string | null {
    if (this.engine === undefined || this.loaded === null) return 'no model is loaded';
    try {
      const { tokenizer } = this.deps.inspect(this.engine, this.loaded.modelId);
      if (tokenizer !== this.loaded.parts.tokenizer) return 'web-llm replaced the loaded model';
      tokenizer.encode(LIVENESS_TEXT);
      return null;
    } catch (e) {
      return `web-llm no longer holds the model (the GPU device was lost?): ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** Forgets the engine and its model after a fault; the next load creates a fresh engine. */
  private dropEngine(reason: string | null): void {
    const old = this.engine;
    this.engine = undefined;
    this.loaded = null;
    this.lost = reason;
    this.registry.clear();
    // Frees what web-llm still holds; on a dead device this may fail, which changes nothing.
    old?.unload().catch((e: unknown) => console.warn('web-llm unload after a fault failed', e));
  }

  private async dispatch(message: Exclude<WorkerRequest, { kind: 'interrupt' }>, epoch: number): Promise<WorkerResult> {
    switch (message.kind) {
      case 'load':
        return this.load(message.id, message.options, epoch);
      case 'score':
        return { kind: 'scored', value: await this.score(message.request, epoch) };
      case 'generate':
        return { kind: 'generated', value: await this.generate(message.request, epoch) };
      case 'selfTest':
        return { kind: 'selfTested', value: await this.selfTest(message.request, epoch) };
      case 'unload':
        await this.unload();
        return { kind: 'unloaded' };
      case 'stats':
        return { kind: 'stats', value: await this.rates() };
      case 'cached':
        return { kind: 'cached', value: await this.cached(message.models) };
      case 'download':
        await this.download(message.id, message.model, epoch);
        return { kind: 'downloaded', modelId: message.model.modelId };
      default:
        return assertNever(message, 'unknown worker request');
    }
  }

  private ensureEngine(): MLCEngineInterface {
    this.engine ??= this.deps.createEngine({
      appConfig: this.deps.baseAppConfig,
      logitProcessorRegistry: this.registry,
    });
    return this.engine;
  }

  private async load(id: number, options: LoadOptions, epoch: number): Promise<WorkerResult> {
    const engine = this.ensureEngine();
    const { custom, modelId } = options;
    if (custom !== null && custom.id !== modelId) throw new Error(`Custom model ${custom.id} sent for ${modelId}`);
    engine.setAppConfig(this.appConfigFor(custom));
    const tap = new LogitTap();
    this.registry.clear();
    this.registry.set(modelId, tap);
    engine.setInitProgressCallback((report) => {
      this.deps.post({ kind: 'progress', id, progress: { fraction: report.progress, text: report.text } });
    });
    this.loaded = null;
    this.loading = true;
    try {
      await engine.reload(modelId);
    } catch (e) {
      // Interrupted: web-llm rejects with its abort reason, or whatever its cleared maps gave.
      if (epoch !== this.epoch) throw failWith('aborted', describeThrown(e));
      this.dropEngine(null);
      throw e;
    } finally {
      this.loading = false;
    }
    if (epoch !== this.epoch) {
      await engine.unload(); // reload() returns quietly when aborted (engine.ts:230-233)
      throw failWith('aborted');
    }
    const parts = this.deps.inspect(engine, modelId);
    const record = this.appConfigFor(custom).model_list.find((r) => r.model_id === modelId);
    if (record === undefined) throw new Error(`web-llm loaded ${modelId} but the app config has no record for it`);
    const hf = await findHfTemplate(record.model, parts.tokenizerFiles, this.openCache());
    if (hf.kind === 'absent')
      console.warn(`${modelId}: no Hugging Face chat template, using web-llm's conversation template: ${hf.reason}`);
    const renderer = await buildRenderer({
      tokenizer: parts.tokenizer,
      convTemplate: parts.convTemplate,
      convOverride: parts.convOverride,
      hf: hf.kind === 'found' ? hf.config : null,
      opening: options.opening,
    });
    const candidates =
      options.probes === undefined ? undefined : checkCandidates(parts.tokenizer, renderer, options.probes);
    this.checkAbort(epoch);
    this.loaded = { modelId, parts, tap, renderer };
    this.lost = null;
    const format = renderer.info.source === 'raw' ? 'human_assistant' : 'chat_template';
    return {
      kind: 'loaded',
      info: {
        modelId,
        contextWindow: parts.contextWindow,
        template: parts.templateName,
        format,
        prompt: renderer.info,
        bos: renderer.bos,
        ...(hf.kind === 'absent' ? { templateNote: hf.reason } : {}),
        ...(candidates === undefined ? {} : { candidates }),
      },
    };
  }

  private openCache(): (name: string) => Promise<CacheLike> {
    return this.deps.openCache ?? ((name: string) => caches.open(name));
  }

  /** The engine and model for a request, once web-llm is seen to still hold the model (see the header). */
  private requireLoaded(): { engine: MLCEngineInterface; loaded: Loaded } {
    if (this.engine === undefined || this.loaded === null) {
      throw this.lost === null ? failWith('not_loaded') : failWith('device_lost', this.lost);
    }
    const gone = this.modelGone();
    if (gone !== null) {
      this.dropEngine(gone);
      throw failWith('device_lost', gone);
    }
    return { engine: this.engine, loaded: this.loaded };
  }

  private async score(request: ScoreRequest, epoch: number) {
    const { engine, loaded } = this.requireLoaded();
    const { parts, renderer } = loaded;
    const prompt = renderer.render(request.dialogue);
    const session = new TokenSession(engine, loaded.tap, parts.contextWindow);
    const result = await scoreCandidates(
      session,
      parts.tokenizer,
      prompt,
      request.candidates,
      () => this.checkAbort(epoch),
      renderer.info,
    );
    this.requireLoaded(); // numbers read while the device went away are not kept
    return result;
  }

  private async generate(request: GenerateRequest, epoch: number) {
    const { engine, loaded } = this.requireLoaded();
    const { parts, renderer } = loaded;
    const prompt = renderer.render(request.dialogue);
    const session = new TokenSession(engine, loaded.tap, parts.contextWindow);
    const result = await generateContinuation(session, parts.tokenizer, prompt, request, parts.contextWindow, () =>
      this.checkAbort(epoch),
    );
    this.requireLoaded();
    return { ...result, template: renderer.info };
  }

  private async selfTest(request: SelfTestRequest, epoch: number): Promise<SelfTestReport> {
    const { engine, loaded } = this.requireLoaded();
    const { parts, renderer } = loaded;
    const report = await runSelfTest(
      {
        engine,
        tokenizer: parts.tokenizer,
        renderer,
        newSession: () => new TokenSession(engine, loaded.tap, parts.contextWindow),
        checkAbort: () => this.checkAbort(epoch),
        now: this.deps.now ?? (() => performance.now()),
      },
      request,
    );
    this.requireLoaded(); // a self-test during which the device went away says nothing about it
    return report;
  }

  private async cached(models: Extract<WorkerRequest, { kind: 'cached' }>['models']): Promise<Record<string, boolean>> {
    const out: Record<string, boolean> = {};
    for (const { modelId, custom } of models) {
      out[modelId] = await this.deps.hasModelInCache(modelId, this.appConfigFor(custom));
    }
    return out;
  }

  /** Fills web-llm's cache for one model (no engine, no GPU), then confirms with web-llm's own check. */
  private async download(
    id: number,
    model: { modelId: string; custom: CustomModel | null },
    epoch: number,
  ): Promise<void> {
    const { modelId, custom } = model;
    if (custom !== null && custom.id !== modelId) throw new Error(`Custom model ${custom.id} sent for ${modelId}`);
    const appConfig = this.appConfigFor(custom);
    const record = appConfig.model_list.find((r) => r.model_id === modelId);
    if (record === undefined) throw failWith('model_not_found', `no model record for ${modelId}`);
    await downloadModelFiles(record, {
      openCache: this.openCache(),
      onProgress: (progress) => this.deps.post({ kind: 'progress', id, progress }),
      checkAbort: () => this.checkAbort(epoch),
    });
    if (!(await this.deps.hasModelInCache(modelId, appConfig))) {
      throw failWith('download_failed', `${modelId}: files downloaded but web-llm does not find them in its cache`);
    }
  }

  /** web-llm's app config, extended with a user-added model's record. */
  private appConfigFor(custom: CustomModel | null): AppConfig {
    const base = this.deps.baseAppConfig;
    return custom === null
      ? base
      : { ...base, model_list: [...base.model_list.filter((r) => r.model_id !== custom.id), buildModelRecord(custom)] };
  }

  /** web-llm's counters (forwardTokensAndSample updates them, llm_chat.ts:2137-2186), parsed; null before any request. */
  private async rates(): Promise<EngineRates | null> {
    if (this.engine === undefined || this.loaded === null) return null;
    return parseRuntimeStats(await this.engine.runtimeStatsText());
  }

  private async unload(): Promise<void> {
    this.loaded = null;
    this.lost = null;
    this.registry.clear();
    if (this.engine !== undefined) await this.engine.unload();
  }
}

function describeThrown(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
