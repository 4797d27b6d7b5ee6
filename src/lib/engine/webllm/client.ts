/**
 * The main-thread `Engine` for web-llm: a small class hiding the worker behind typed messages.
 * It never imports web-llm at runtime (only `import type`), so the 6 MB bundle stays in the
 * worker chunk.
 *
 * Invariants: every request has a fresh id and settles exactly once (result, EngineFailure, or
 * EngineFailure from a worker crash); failures always reject with `EngineFailure`; after a crash
 * the worker is dropped and the next request starts a new one (with no model loaded).
 */
import { assertNever } from '../../core/ids';
import type { CustomModel } from '../custom-models';
import { findCatalogueModel, WEBLLM_VERSION } from '../models';
import {
  EngineFailure,
  type CandidateProbe,
  type Engine,
  type EngineInfo,
  type EngineRates,
  type GenerateRequest,
  type GenerateResult,
  type LoadProgress,
  type ScoreRequest,
  type ScoreResult,
  type SelfTestReport,
  type SelfTestRequest,
} from '../types';
import { failWith, toEngineError } from './errors';
import { connectWorker } from '../../core/worker-port';
import type { LoadedInfo, LoadOptions, WorkerRequest, WorkerResponse, WorkerResult } from './protocol';

/** The worker as the client sees it; tests connect this straight to a handler. */
export interface WorkerPort {
  send(message: WorkerRequest): void;
  listen(onMessage: (message: WorkerResponse) => void, onCrash: (detail: string) => void): void;
  terminate(): void;
}

export interface WebLLMEngineOptions {
  /** Looks up a user-added model by id (catalogue ids are resolved first). */
  readonly resolveCustomModel: (modelId: string) => CustomModel | undefined;
  /** Defaults to the real module worker. */
  readonly spawn?: () => WorkerPort;
  /** Benchmarks' answer steps checked against each model's tokenizer at load (docs/method.md §4). */
  readonly probes?: readonly CandidateProbe[];
  /** Told what the worker found for each model it loads (template, BOS, candidate tokens). */
  readonly onLoaded?: (info: LoadedInfo) => void;
}

/** Vite bundles `worker.ts` (and web-llm with it) as a separate ES chunk from this pattern. */
export function spawnWebLLMWorker(): WorkerPort {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const port = connectWorker<WorkerRequest, WorkerResponse>(worker, {
    failed: 'The model worker failed (no message).',
    unreadable: 'A message from the model worker could not be read.',
  });
  return { send: (message) => port.post(message), listen: port.listen, terminate: port.close };
}

type Body<K extends Exclude<WorkerRequest, { kind: 'interrupt' }>['kind']> = Omit<
  Extract<WorkerRequest, { kind: K }>,
  'id' | 'kind'
>;

interface Pending {
  readonly kind: WorkerRequest['kind'];
  readonly resolve: (result: WorkerResult) => void;
  readonly reject: (failure: EngineFailure) => void;
  readonly onProgress?: (progress: LoadProgress) => void;
}

export class WebLLMEngine implements Engine {
  readonly info: EngineInfo = { kind: 'webllm', version: `@mlc-ai/web-llm ${WEBLLM_VERSION}` };
  private port: WorkerPort | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** What the worker reported for the loaded model, for records and display. */
  loaded: LoadedInfo | undefined;

  constructor(private readonly options: WebLLMEngineOptions) {}

  async load(modelId: string, onProgress: (p: LoadProgress) => void): Promise<void> {
    const entry = findCatalogueModel(modelId);
    const custom = entry === undefined ? this.options.resolveCustomModel(modelId) : undefined;
    if (entry === undefined && custom === undefined) {
      throw failWith('model_not_found', `unknown model id ${modelId}`);
    }
    const options: LoadOptions = {
      modelId,
      custom: custom ?? null,
      opening: entry?.opening ?? custom?.opening ?? 'plain',
      ...(this.options.probes === undefined ? {} : { probes: this.options.probes }),
    };
    this.loaded = undefined;
    const result = await this.request('load', { options }, onProgress);
    if (result.kind !== 'loaded') throw new Error(`load answered with ${result.kind}`);
    this.loaded = result.info;
    this.options.onLoaded?.(result.info);
  }

  async score(request: ScoreRequest): Promise<ScoreResult> {
    const result = await this.request('score', { request });
    if (result.kind !== 'scored') throw new Error(`score answered with ${result.kind}`);
    return result.value;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const result = await this.request('generate', { request });
    if (result.kind !== 'generated') throw new Error(`generate answered with ${result.kind}`);
    return result.value;
  }

  /** The loaded model's self-test ("Check this device"); rejects with EngineFailure (`not_loaded` before a load). */
  async selfTest(request: SelfTestRequest): Promise<SelfTestReport> {
    const result = await this.request('selfTest', { request });
    if (result.kind !== 'selfTested') throw new Error(`selfTest answered with ${result.kind}`);
    return result.value;
  }

  /** Which of these models' weights are already in this browser's cache (no download). */
  async cachedModels(modelIds: readonly string[]): Promise<Readonly<Record<string, boolean>>> {
    const models = modelIds.map((modelId) => ({
      modelId,
      custom: findCatalogueModel(modelId) ? null : (this.options.resolveCustomModel(modelId) ?? null),
    }));
    const result = await this.request('cached', { models });
    if (result.kind !== 'cached') throw new Error(`cached answered with ${result.kind}`);
    return result.value;
  }

  /**
   * Downloads a model's files into web-llm's cache without loading it on the GPU (for offline
   * use); resolves once web-llm's own cache check finds them. Rejects with EngineFailure.
   */
  async download(modelId: string, onProgress: (p: LoadProgress) => void): Promise<void> {
    const custom = findCatalogueModel(modelId) ? null : (this.options.resolveCustomModel(modelId) ?? null);
    if (custom === null && findCatalogueModel(modelId) === undefined)
      throw failWith('model_not_found', `unknown model id ${modelId}`);
    const result = await this.request('download', { model: { modelId, custom } }, onProgress);
    if (result.kind !== 'downloaded') throw new Error(`download answered with ${result.kind}`);
  }

  /** web-llm's prefill/decode rates for the loaded model; null when no model is loaded yet. */
  async rates(): Promise<EngineRates | null> {
    if (this.port === undefined) return null;
    const result = await this.request('stats', {});
    if (result.kind !== 'stats') throw new Error(`stats answered with ${result.kind}`);
    return result.value;
  }

  interrupt(): void {
    this.port?.send({ kind: 'interrupt' });
  }

  async unload(): Promise<void> {
    if (this.port === undefined) return;
    this.loaded = undefined;
    await this.request('unload', {});
  }

  /** Stops the worker for good (page teardown); pending requests reject as aborted. */
  dispose(): void {
    this.port?.terminate();
    this.port = undefined;
    this.rejectAll(() => failWith('aborted', 'engine disposed'));
  }

  private request<K extends Exclude<WorkerRequest, { kind: 'interrupt' }>['kind']>(
    kind: K,
    body: Body<K>,
    onProgress?: (progress: LoadProgress) => void,
  ): Promise<WorkerResult> {
    const port = this.ensurePort();
    const id = this.nextId++;
    return new Promise<WorkerResult>((resolve, reject) => {
      this.pending.set(id, { kind, resolve, reject, ...(onProgress ? { onProgress } : {}) });
      port.send({ kind, id, ...body } as WorkerRequest);
    });
  }

  private ensurePort(): WorkerPort {
    if (this.port !== undefined) return this.port;
    const port = (this.options.spawn ?? spawnWebLLMWorker)();
    port.listen(
      (message) => this.receive(message),
      (detail) => this.crash(port, detail),
    );
    this.port = port;
    return port;
  }

  private receive(message: WorkerResponse): void {
    const pending = this.pending.get(message.id);
    if (pending === undefined) {
      console.error('web-llm worker replied to an unknown request', message);
      return;
    }
    switch (message.kind) {
      case 'progress':
        pending.onProgress?.(message.progress);
        return;
      case 'result':
        this.pending.delete(message.id);
        pending.resolve(message.result);
        return;
      case 'error':
        this.pending.delete(message.id);
        pending.reject(new EngineFailure(message.error));
        return;
      default:
        assertNever(message, 'unknown worker response');
    }
  }

  private crash(port: WorkerPort, detail: string): void {
    console.error('web-llm worker crashed:', detail);
    port.terminate();
    if (this.port === port) this.port = undefined;
    this.loaded = undefined;
    this.rejectAll(
      (p) => new EngineFailure(toEngineError(detail, p.kind === 'load' || p.kind === 'download' ? 'load' : 'run')),
    );
  }

  private rejectAll(failure: (pending: Pending) => EngineFailure): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(failure(p));
  }
}
