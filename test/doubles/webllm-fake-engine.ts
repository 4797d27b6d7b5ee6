/**
 * A scripted stand-in for web-llm's MLCEngine, typed as web-llm's own `MLCEngineInterface` so
 * the compiler checks it against the real interface. It keeps a KV "cache" of token ids, calls
 * the LogitProcessor registered for the loaded model (as llm_chat.ts does before sampling), and
 * samples greedily from what the processor returns. Logits come from a script over the cache.
 *
 * Given a `FakeModel`, it holds what the real engine holds after `reload()` under the same private
 * names (`loadedModelIdToPipeline.get(id).tokenizer`, `loadedModelIdToChatConfig`), so the app's
 * own `inspectMLCEngine` reads them: a REAL tokenizer (test/doubles/real-tokenizers.ts) and a chat
 * config. Like web-llm: `unload()` during a `reload()` abandons the load (reload returns without a
 * model, engine.ts reloadController), `unload()` disposes the tokenizer (later calls through it
 * fail), and a forward without a loaded model rejects with ModelNotLoadedError.
 */
import {
  Chat,
  Completions,
  Embeddings,
  type AppConfig,
  type ChatCompletionRequest,
  type CompletionCreateParams,
  type InitProgressCallback,
  type LogitProcessor,
  type MLCEngineConfig,
  type MLCEngineInterface,
  type ResumeProbeResult,
} from '@mlc-ai/web-llm';

export const FAKE_VOCAB = 512;

/** The tokenizer and chat config the fake "loads" (each reload creates a fresh tokenizer). */
export interface FakeModel {
  readonly tokenizer: () => {
    encode(text: string): Int32Array;
    decode(ids: Int32Array): string;
    dispose(): void;
    readonly vocabSize: number;
  };
  /** mlc-chat-config.json fields web-llm keeps (conv_template, context_window_size, tokenizer_files). */
  readonly chatConfig: Readonly<Record<string, unknown>>;
}

/** Logits after `context`: listed ids get their value, every other id gets `rest` (default 0). */
export type LogitScript = (context: readonly number[]) => {
  readonly logits: ReadonlyMap<number, number>;
  readonly rest?: number;
};

export interface ForwardCall {
  readonly ids: readonly number[];
  readonly isPrefill: boolean;
}

export class FakeMLCEngine implements MLCEngineInterface {
  chat: Chat;
  completions: Completions;
  embeddings: Embeddings;
  appConfig: AppConfig;
  readonly registry: Map<string, LogitProcessor> | undefined;
  progress: InitProgressCallback | undefined;
  loadedModel: string | undefined;
  kv: number[] = [];
  readonly forwards: ForwardCall[] = [];
  resets = 0;
  unloads = 0;
  reloads: string[] = [];
  /** Thrown by the next forward / reload (then cleared). */
  failNextForward: unknown;
  failReload: unknown;
  /** Resolves the current reload when set (lets tests interrupt a load mid-way). */
  holdReload: Promise<void> | undefined;
  /** web-llm's private maps, filled at reload when a FakeModel is given. */
  readonly loadedModelIdToPipeline = new Map<string, { tokenizer: ReturnType<FakeModel['tokenizer']> }>();
  readonly loadedModelIdToChatConfig = new Map<string, Readonly<Record<string, unknown>>>();
  /** Logits per forward: the tokenizer's vocabulary, or FAKE_VOCAB without a model. */
  vocab = FAKE_VOCAB;
  private reloading = false;
  private reloadAborted = false;

  constructor(
    config: MLCEngineConfig,
    public script: LogitScript,
    private readonly model?: FakeModel,
  ) {
    this.appConfig = config.appConfig ?? { model_list: [] };
    this.registry = config.logitProcessorRegistry;
    this.progress = config.initProgressCallback;
    this.chat = new Chat(this);
    this.completions = new Completions(this);
    this.embeddings = new Embeddings(this);
  }

  setInitProgressCallback(cb: InitProgressCallback): void {
    this.progress = cb;
  }
  getInitProgressCallback(): InitProgressCallback | undefined {
    return this.progress;
  }
  setAppConfig(appConfig: AppConfig): void {
    this.appConfig = appConfig;
  }

  async reload(modelId: string | string[]): Promise<void> {
    const id = Array.isArray(modelId) ? modelId[0] : modelId;
    if (id === undefined) throw new Error('no model id');
    this.reloads.push(id);
    if (this.failReload !== undefined) {
      const err = this.failReload;
      this.failReload = undefined;
      throw err;
    }
    if (!this.appConfig.model_list.some((r) => r.model_id === id)) {
      const err = new Error(`Cannot find model record in appConfig for ${id}.`);
      err.name = 'ModelNotFoundError';
      throw err;
    }
    // web-llm creates its reloadController first: an unload() from here on aborts this reload.
    this.reloading = true;
    this.reloadAborted = false;
    try {
      await this.unloadModel();
      this.progress?.({ progress: 0.5, timeElapsed: 1, text: 'Fetching param cache[1/2]' });
      if (this.holdReload !== undefined) await this.holdReload;
    } finally {
      this.reloading = false;
    }
    // web-llm catches the AbortError of an unload() during reload and returns quietly.
    if (this.reloadAborted) return;
    this.progress?.({ progress: 1, timeElapsed: 2, text: 'Finish loading on WebGPU - fake' });
    if (this.model !== undefined) {
      const tokenizer = this.model.tokenizer();
      this.vocab = tokenizer.vocabSize;
      this.loadedModelIdToPipeline.set(id, { tokenizer });
      this.loadedModelIdToChatConfig.set(id, this.model.chatConfig);
    }
    this.loadedModel = id;
    this.kv = [];
  }

  private async unloadModel(): Promise<void> {
    for (const pipeline of this.loadedModelIdToPipeline.values()) pipeline.tokenizer.dispose();
    this.loadedModelIdToPipeline.clear();
    this.loadedModelIdToChatConfig.clear();
    this.loadedModel = undefined;
    this.kv = [];
  }

  async resetChat(): Promise<void> {
    this.resets++;
    this.kv = [];
  }

  async forwardTokensAndSample(inputIds: number[], isPrefill: boolean): Promise<number> {
    if (this.loadedModel === undefined) {
      const err = new Error('Model not loaded before trying to complete forwardTokensAndSample.');
      err.name = 'ModelNotLoadedError';
      throw err;
    }
    if (this.failNextForward !== undefined) {
      const err = this.failNextForward;
      this.failNextForward = undefined;
      throw err;
    }
    this.forwards.push({ ids: [...inputIds], isPrefill });
    this.kv.push(...inputIds);
    const { logits: listed, rest = 0 } = this.script(this.kv);
    let logits: Float32Array = new Float32Array(this.vocab).fill(rest);
    for (const [id, v] of listed) logits[id] = v;
    const processor = this.registry?.get(this.loadedModel);
    if (processor !== undefined) logits = processor.processLogits(logits);
    let best = 0;
    for (let i = 1; i < logits.length; i++) if ((logits[i] as number) > (logits[best] as number)) best = i;
    processor?.processSampledToken(best);
    return best;
  }

  async unload(): Promise<void> {
    this.unloads++;
    if (this.reloading) this.reloadAborted = true;
    await this.unloadModel();
  }

  interruptGenerate(): void {}
  setLogLevel(): void {}

  async chatCompletion(request: ChatCompletionRequest): Promise<never> {
    throw new Error(`chatCompletion is not used by the handler (${request.messages.length} messages)`);
  }
  async completion(request: CompletionCreateParams): Promise<never> {
    throw new Error(`completion is not used by the handler (${request.prompt.length} chars)`);
  }
  async embedding(): Promise<never> {
    throw new Error('embedding is not used');
  }
  async listResumableSessions(): Promise<ResumeProbeResult[]> {
    return [];
  }
  async resumeChatCompletion(): Promise<never> {
    throw new Error('resumeChatCompletion is not used');
  }
  async deleteResumableSession(): Promise<void> {}
  /** What web-llm's runtimeStatsText() answers (tests set it). */
  statsText = 'prefill: NaN tokens/sec, decoding: NaN tokens/sec';
  async runtimeStatsText(): Promise<string> {
    return this.statsText;
  }
  async getMessage(): Promise<string> {
    return '';
  }
  async getMaxStorageBufferBindingSize(): Promise<number> {
    return 1 << 30;
  }
  async getGPUVendor(): Promise<string> {
    return 'fake';
  }
}
