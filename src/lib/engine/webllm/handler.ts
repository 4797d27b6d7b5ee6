/**
 * The worker side of the web-llm engine, free of worker globals so Node tests can drive it with
 * a fake engine typed as web-llm's own `MLCEngineInterface`.
 *
 * Invariants:
 * - requests run one at a time in arrival order; `interrupt` bypasses the queue and aborts the
 *   request in flight and every request that arrived before it (an epoch counter);
 * - every request gets exactly one reply (`result` or `error` with an EngineError value);
 * - one engine per worker, created on first load with a LogitProcessor registry this handler
 *   owns (web-llm reads it at reload, engine.ts:245), so each loaded model has a `LogitTap`.
 */
import type { AppConfig, MLCEngineConfig, MLCEngineInterface } from '@mlc-ai/web-llm';
import { assertNever } from '../../core/ids';
import { buildModelRecord, type CustomModel } from '../custom-models';
import type { EngineRates, GenerateRequest, ScoreRequest } from '../types';
import { parseRuntimeStats } from './stats';
import { downloadModelFiles, type CacheLike } from './download';
import { failWith, toEngineError, type ErrorPhase } from './errors';
import { generateContinuation } from './generate';
import type { InspectModel, LoadedModelParts } from './internals';
import type { LoadOptions, WorkerRequest, WorkerResponse, WorkerResult } from './protocol';
import { scoreCandidates } from './score';
import { LogitTap, TokenSession } from './session';
import { checkCandidates } from './candidate-check';
import { findHfTemplate } from './hf-config';
import { buildRenderer, type PromptRenderer } from './renderer';

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
}

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
      let error = toEngineError(err, phase);
      // web-llm unloads itself when the device is lost after loading (engine.ts:368-377), so a
      // "not loaded" from web-llm while we hold a model means the device went away.
      if (error.kind === 'not_loaded' && this.loaded !== null) {
        error = toEngineError('GPU device lost (web-llm unloaded the model)', 'run');
        this.loaded = null;
      }
      this.deps.post({ kind: 'error', id: message.id, error });
    }
  }

  private async dispatch(message: Exclude<WorkerRequest, { kind: 'interrupt' }>, epoch: number): Promise<WorkerResult> {
    switch (message.kind) {
      case 'load':
        return this.load(message.id, message.options, epoch);
      case 'score':
        return { kind: 'scored', value: await this.score(message.request, epoch) };
      case 'generate':
        return { kind: 'generated', value: await this.generate(message.request, epoch) };
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

  private requireLoaded(): { engine: MLCEngineInterface; loaded: Loaded } {
    if (this.engine === undefined || this.loaded === null) throw failWith('not_loaded');
    // web-llm unloads itself when the device is lost (engine.ts:368-377), disposing the model's
    // tokenizer with it; tokenising with it then fails with a binding error, so check first.
    try {
      this.deps.inspect(this.engine, this.loaded.modelId);
    } catch (e) {
      this.loaded = null;
      throw failWith('device_lost', `web-llm no longer holds the model: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { engine: this.engine, loaded: this.loaded };
  }

  private async score(request: ScoreRequest, epoch: number) {
    const { engine, loaded } = this.requireLoaded();
    const { parts, renderer } = loaded;
    const prompt = renderer.render(request.dialogue);
    const session = new TokenSession(engine, loaded.tap, parts.contextWindow);
    return scoreCandidates(
      session,
      parts.tokenizer,
      prompt,
      request.candidates,
      () => this.checkAbort(epoch),
      renderer.info,
    );
  }

  private async generate(request: GenerateRequest, epoch: number) {
    const { engine, loaded } = this.requireLoaded();
    const { parts, renderer } = loaded;
    const prompt = renderer.render(request.dialogue);
    const session = new TokenSession(engine, loaded.tap, parts.contextWindow);
    const result = await generateContinuation(session, parts.tokenizer, prompt, request, parts.contextWindow, () =>
      this.checkAbort(epoch),
    );
    return { ...result, template: renderer.info };
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
    this.registry.clear();
    if (this.engine !== undefined) await this.engine.unload();
  }
}
