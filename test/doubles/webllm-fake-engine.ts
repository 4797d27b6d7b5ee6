/**
 * A scripted stand-in for web-llm's MLCEngine, typed as web-llm's own `MLCEngineInterface` so
 * the compiler checks it against the real interface. It keeps a KV "cache" of token ids, calls
 * the LogitProcessor registered for the loaded model (as llm_chat.ts does before sampling), and
 * samples greedily from what the processor returns. Logits come from a script over the cache.
 *
 * Given a `FakeModel`, it holds what the real engine holds after `reload()` under the same private
 * names (`loadedModelIdToPipeline.get(id).tokenizer`, `loadedModelIdToChatConfig`), so the app's
 * own `inspectMLCEngine` reads them: a REAL tokenizer (test/doubles/real-tokenizers.ts) and a chat
 * config. It fails as web-llm 0.2.86 does (lib/index.js `MLCEngine.reload` / `unload`,
 * `LLMChatPipeline.dispose` / `forwardTokensAndSample`):
 * - `unload()` while a reload is fetching aborts it with the reason "Engine.unload() is called.",
 *   and fetch rejects with that string, so `reload()` rejects with it (`abortStyle: 'reason'`); an
 *   AbortError web-llm catches makes it return quietly without a model (`'quiet'`); an `unload()`
 *   once the fetches are done (`holdGpu`) does not stop the load: the model is loaded anyway;
 * - `unload()` disposes the tokenizer (later calls through it fail);
 * - `loseDevice()` is web-llm's `device.lost` handler: it disposes the pipeline and its tokenizer
 *   at once, clears the maps only if the device's last sync comes back (`syncReturns`), and a
 *   forward on a disposed pipeline fails; called from a logit script, the step in flight fails
 *   with the AbortError Chrome gives a buffer mapping on a lost device (not a user's abort);
 * - a `LogitProcessor` that throws leaves the TVM scope `forwardTokensAndSample` opened open
 *   (`openScopes`) and the fed tokens in the KV cache, as web-llm does;
 * - a forward without a loaded model rejects with ModelNotLoadedError.
 *
 * `completion` is web-llm's raw text completion as 0.2.86 runs it (`MLCEngine.completion`,
 * `LLMChatPipeline.getInputData` / `sampleFromRawLogits` / `getTokenLogprob`): it resets the chat,
 * encodes the whole prompt text with the model's tokenizer (no prefix ids, no template), hands the
 * logits to the registered LogitProcessor, takes the softmax at max(1e-6, temperature) in float32
 * and lists `top_logprobs` entries by decoded token text, as `getTopProbs` ranks them. For the
 * self-test's failing doubles: `completionScript` gives the completion other logits than the
 * forward path (web-llm disagreeing with the exact path), and `ignoreForcing` makes sampling take
 * the raw logits' argmax whatever the processor returned (forced tokens not honoured).
 */
import {
  Chat,
  Completions,
  Embeddings,
  type AppConfig,
  type ChatCompletionRequest,
  type Completion,
  type CompletionCreateParams,
  type CompletionCreateParamsBase,
  type CompletionCreateParamsNonStreaming,
  type CompletionCreateParamsStreaming,
  type InitProgressCallback,
  type LogitProcessor,
  type MLCEngineConfig,
  type MLCEngineInterface,
  type ResumeProbeResult,
} from '@mlc-ai/web-llm';

export const FAKE_VOCAB = 512;

/** How a step in flight fails when the device goes: Chrome rejects the logits' buffer mapping with an AbortError. */
function lostMidStep(): Error {
  const err = new Error("Failed to execute 'mapAsync' on 'GPUBuffer': Device is lost.");
  err.name = 'AbortError';
  return err;
}

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
  /** While set, a reload waits in its fetching phase (an unload then aborts it, see `abortStyle`). */
  holdFetch: Promise<void> | undefined;
  /** While set, a reload waits after fetching, loading onto the GPU (an unload no longer stops it). */
  holdGpu: Promise<void> | undefined;
  /** How an aborted fetch ends the reload (see the header). */
  abortStyle: 'reason' | 'quiet' = 'reason';
  /** TVM scopes opened by a forward and never closed (a LogitProcessor threw inside). */
  openScopes = 0;
  /** Set by `loseDevice()`: every forward fails from then on. */
  deviceLost = false;
  /** web-llm's private maps, filled at reload when a FakeModel is given. */
  readonly loadedModelIdToPipeline = new Map<
    string,
    { tokenizer: ReturnType<FakeModel['tokenizer']>; disposed: boolean }
  >();
  readonly loadedModelIdToChatConfig = new Map<string, Readonly<Record<string, unknown>>>();
  /** Logits per forward: the tokenizer's vocabulary, or FAKE_VOCAB without a model. */
  vocab = FAKE_VOCAB;
  /** Logits of `completion` when set (else `script`): web-llm's own path disagreeing with ours. */
  completionScript: LogitScript | undefined;
  /** Sampling ignores what the LogitProcessor returned (a forced token is not taken). */
  ignoreForcing = false;
  /** Every `completion` request, in order. */
  readonly completionRequests: CompletionCreateParams[] = [];
  private fetching = false;
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
    // web-llm unloads, then creates its reloadController: an unload() while fetching aborts it.
    await this.unloadModel();
    this.fetching = true;
    this.reloadAborted = false;
    try {
      this.progress?.({ progress: 0.5, timeElapsed: 1, text: 'Fetching param cache[1/2]' });
      if (this.holdFetch !== undefined) await this.holdFetch;
    } finally {
      this.fetching = false;
    }
    if (this.reloadAborted) {
      // fetch rejects with the abort reason as it is; web-llm only catches a DOMException AbortError.
      if (this.abortStyle === 'reason') throw 'Engine.unload() is called.';
      return;
    }
    if (this.holdGpu !== undefined) await this.holdGpu;
    this.progress?.({ progress: 1, timeElapsed: 2, text: 'Finish loading on WebGPU - fake' });
    if (this.model !== undefined) {
      const tokenizer = this.model.tokenizer();
      this.vocab = tokenizer.vocabSize;
      this.loadedModelIdToPipeline.set(id, { tokenizer, disposed: false });
      this.loadedModelIdToChatConfig.set(id, this.model.chatConfig);
    }
    this.loadedModel = id;
    this.deviceLost = false;
    this.kv = [];
  }

  private disposePipelines(): void {
    for (const pipeline of this.loadedModelIdToPipeline.values()) {
      if (pipeline.disposed) continue;
      pipeline.disposed = true;
      pipeline.tokenizer.dispose();
    }
  }

  private async unloadModel(): Promise<void> {
    this.disposePipelines();
    this.loadedModelIdToPipeline.clear();
    this.loadedModelIdToChatConfig.clear();
    this.loadedModel = undefined;
    this.kv = [];
  }

  /**
   * The GPU device is lost: web-llm's handler calls `unload()`, which disposes each pipeline (and
   * its tokenizer) at once and clears the maps after `await pipeline.sync()`, which on a dead
   * device may never return (`syncReturns: false`: the maps keep the disposed pipeline).
   */
  loseDevice(options: { syncReturns?: boolean } = {}): void {
    this.deviceLost = true;
    this.disposePipelines();
    if (options.syncReturns ?? true) {
      this.loadedModelIdToPipeline.clear();
      this.loadedModelIdToChatConfig.clear();
      this.loadedModel = undefined;
    }
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
    if (this.deviceLost || this.loadedModelIdToPipeline.get(this.loadedModel)?.disposed === true) {
      throw new Error('TVM instance is disposed: the pipeline was unloaded');
    }
    if (this.failNextForward !== undefined) {
      const err = this.failNextForward;
      this.failNextForward = undefined;
      throw err;
    }
    this.forwards.push({ ids: [...inputIds], isPrefill });
    this.openScopes++; // tvm.beginScope() in LLMChatPipeline.forwardTokensAndSample
    this.kv.push(...inputIds);
    const raw = this.logitsFrom(this.script);
    if (this.deviceLost) throw lostMidStep(); // the script lost the device during this step
    const processor = this.registry?.get(this.loadedModel);
    const logits = processor === undefined ? raw : processor.processLogits(raw.slice()); // a throw leaves the scope open
    const best = argmax(this.ignoreForcing ? raw : logits);
    processor?.processSampledToken(best);
    this.openScopes--; // tvm.endScope()
    return best;
  }

  private logitsFrom(script: LogitScript): Float32Array {
    const { logits: listed, rest = 0 } = script(this.kv);
    const logits = new Float32Array(this.vocab).fill(rest);
    for (const [id, v] of listed) logits[id] = v;
    return logits;
  }

  async unload(): Promise<void> {
    this.unloads++;
    if (this.fetching) this.reloadAborted = true;
    await this.unloadModel();
  }

  interruptGenerate(): void {}
  setLogLevel(): void {}

  async chatCompletion(request: ChatCompletionRequest): Promise<never> {
    throw new Error(`chatCompletion is not used by the handler (${request.messages.length} messages)`);
  }
  completion(request: CompletionCreateParamsNonStreaming): Promise<Completion>;
  completion(request: CompletionCreateParamsStreaming): Promise<AsyncIterable<Completion>>;
  completion(request: CompletionCreateParamsBase): Promise<AsyncIterable<Completion> | Completion>;
  completion(request: CompletionCreateParams): Promise<AsyncIterable<Completion> | Completion>;
  async completion(request: CompletionCreateParams): Promise<AsyncIterable<Completion> | Completion> {
    this.completionRequests.push(request);
    if (request.stream === true) throw new Error('the fake answers non-streaming completions only');
    const id = this.loadedModel;
    const pipeline = id === undefined ? undefined : this.loadedModelIdToPipeline.get(id);
    if (id === undefined || pipeline === undefined) {
      const err = new Error('Model not loaded before calling completion.');
      err.name = 'ModelNotLoadedError';
      throw err;
    }
    if (this.deviceLost || pipeline.disposed) throw new Error('TVM instance is disposed: the pipeline was unloaded');
    const { tokenizer } = pipeline;
    // preparePrefillInput: resetChat() (statistics too), then the whole text encoded at once.
    this.kv = Array.from(tokenizer.encode(request.prompt));
    const raw = this.logitsFrom(this.completionScript ?? this.script);
    const processor = this.registry?.get(id);
    const logits = processor === undefined ? raw : processor.processLogits(raw.slice());
    const probs = softmaxAt(logits, Math.max(1e-6, request.temperature ?? 1));
    const sampled = argmax(probs);
    const text = (t: number) => tokenizer.decode(Int32Array.from([t]));
    const entry = (t: number, p: number) => ({
      token: text(t),
      bytes: Array.from(new TextEncoder().encode(text(t))),
      logprob: Math.log(p),
    });
    const top = request.logprobs ? topProbs(request.top_logprobs ?? 0, probs) : [];
    const promptTokens = this.kv.length;
    return {
      id: 'fake-completion',
      object: 'text_completion',
      created: 0,
      model: id,
      choices: [
        {
          index: 0,
          finish_reason: 'length',
          text: text(sampled),
          logprobs: request.logprobs
            ? {
                content: [
                  { ...entry(sampled, probs[sampled] as number), top_logprobs: top.map(([t, p]) => entry(t, p)) },
                ],
              }
            : null,
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: 1,
        total_tokens: promptTokens + 1,
        extra: {
          e2e_latency_s: 0,
          prefill_tokens_per_s: 0,
          decode_tokens_per_s: 0,
          time_to_first_token_s: 0,
          time_per_output_token_s: 0,
        },
      },
    };
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

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

/** web-llm's fsoftmaxWithTemperature, in float32 as on the GPU. */
function softmaxAt(logits: Float32Array, temperature: number): Float32Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v / temperature);
  const out = new Float32Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp((logits[i] as number) / temperature - max);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / sum;
  return out;
}

/** web-llm's getTopProbs: the `k` most probable (id, prob), highest first, earlier ids first on ties. */
function topProbs(k: number, probs: Float32Array): [number, number][] {
  const order = Array.from(probs.keys()).sort((a, b) => (probs[b] as number) - (probs[a] as number) || a - b);
  return order.slice(0, k).map((i) => [i, probs[i] as number]);
}
