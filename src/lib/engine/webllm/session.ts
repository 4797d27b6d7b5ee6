/**
 * Token-level access to a loaded web-llm model: feed token ids, read the full next-token logits,
 * and optionally force the next token. Built on two public web-llm APIs:
 * - `MLCEngine.forwardTokensAndSample(ids, isPrefill)` (engine.ts:1287-1297, llm_chat.ts:
 *   2137-2186 in v0.2.83; same in 0.2.86 lib/index.js `forwardTokensAndSample`): appends ids
 *   to the KV cache, runs the model, samples one token; it does NOT feed that token back.
 * - a `LogitProcessor` registered for the model (engine.ts:245 + llm_chat.ts:1750-1778): its
 *   `processLogits` receives the raw logits first, before logit_bias (1780), penalties (1826)
 *   and temperature/top-p (1894); whatever it returns is what web-llm samples from.
 *
 * `LogitTap` copies the raw logits (so penalties and temperature never touch what we read) and,
 * when asked, returns logits where only the chosen token is finite so web-llm's sampler must
 * pick it; the session checks that it did. `resetChat()` clears the KV cache (llm_chat.ts:
 * 530-540). Invariant: `state` is exactly the token ids currently in the KV cache, or null.
 *
 * The tap never throws into web-llm. 0.2.86 calls `processLogits` inside the TVM scope that
 * `LLMChatPipeline.forwardTokensAndSample` opened (`tvm.beginScope()`, closed only after sampling),
 * so an exception there would leave that scope, and the GPU arrays it tracks, open for good. A
 * failure of our own (the chooser, a bad choice) is kept instead, the logits go back untouched so
 * web-llm finishes its step and closes its scope, and `take()` throws it; the session's state is
 * then unknown, so its next forward starts from `resetChat()`.
 */
import type { LogitProcessor, MLCEngineInterface } from '@mlc-ai/web-llm';

/** Finite (WGSL need not honour infinities) and far below any real logit. */
const FORCED_OUT = -1e30;

export class LogitTap implements LogitProcessor {
  private captured: Float32Array | undefined;
  private chooser: ((logits: Float32Array) => number) | undefined;
  private forced: number | undefined;
  /** What went wrong inside `processLogits`, kept for `take()` (see the header). */
  private failure: { error: unknown } | undefined;

  /** Next `processLogits` call will capture; with `choose`, it also forces that token. */
  arm(choose?: (logits: Float32Array) => number): void {
    this.captured = undefined;
    this.forced = undefined;
    this.failure = undefined;
    this.chooser = choose;
  }

  processLogits = (logits: Float32Array): Float32Array => {
    const chooser = this.chooser;
    this.chooser = undefined;
    try {
      this.captured = logits.slice();
      if (chooser === undefined) return logits;
      const choice = chooser(this.captured);
      if (!Number.isInteger(choice) || choice < 0 || choice >= logits.length) {
        throw new Error(`The sampler chose token ${choice}, outside the vocabulary of ${logits.length}`);
      }
      this.forced = choice;
      const out = new Float32Array(logits.length).fill(FORCED_OUT);
      out[choice] = 0;
      return out;
    } catch (error) {
      this.failure = { error };
      return logits;
    }
  };

  processSampledToken = (): void => {};

  resetState = (): void => {};

  /** The logits captured by the last armed step, and the token forced (if any); throws what failed inside the step. */
  take(): { logits: Float32Array; forced: number | undefined } {
    const { captured, forced, failure } = this;
    this.captured = undefined;
    this.forced = undefined;
    this.failure = undefined;
    if (failure !== undefined) throw failure.error;
    if (captured === undefined) {
      throw new Error('web-llm did not call the LogitProcessor: is it registered for this model id?');
    }
    return { logits: captured, forced };
  }
}

function isPrefixOf(prefix: readonly number[], whole: readonly number[]): boolean {
  return prefix.length <= whole.length && prefix.every((t, i) => whole[i] === t);
}

export class TokenSession {
  private state: number[] | null = null;
  private lastLogits: Float32Array | undefined;
  /** Token positions processed by the model in this session (prefill and decode). */
  processed = 0;

  constructor(
    private readonly engine: MLCEngineInterface,
    private readonly tap: LogitTap,
    private readonly contextWindow: number,
  ) {}

  /** Logits for the token after `context`, reusing the KV cache when `context` extends it. */
  async logitsAfter(context: readonly number[]): Promise<Float32Array> {
    if (
      this.state !== null &&
      this.lastLogits !== undefined &&
      this.state.length === context.length &&
      isPrefixOf(this.state, context)
    ) {
      return this.lastLogits;
    }
    const { logits } = await this.forward(context);
    return logits;
  }

  /** Feeds `context` and forces the next token to `choose(logits)`; returns that token. */
  async step(context: readonly number[], choose: (logits: Float32Array) => number): Promise<number> {
    const { forced, sampled } = await this.tryStep(context, choose);
    if (forced === undefined || sampled !== forced) {
      throw new Error(`web-llm sampled token ${sampled} but the LogitProcessor forced ${String(forced)}`);
    }
    return sampled;
  }

  /** As `step`, but returns what web-llm sampled next to what was forced instead of throwing when they differ (the self-test counts them). */
  async tryStep(
    context: readonly number[],
    choose: (logits: Float32Array) => number,
  ): Promise<{ sampled: number; forced: number | undefined }> {
    const { forced, sampled } = await this.forward(context, choose);
    return { forced, sampled };
  }

  private async forward(
    context: readonly number[],
    choose?: (logits: Float32Array) => number,
  ): Promise<{ logits: Float32Array; forced: number | undefined; sampled: number }> {
    if (context.length > this.contextWindow) {
      throw new RangeError(`Prompt tokens exceed context window size: ${context.length} > ${this.contextWindow}`);
    }
    let feed: number[];
    if (this.state !== null && isPrefixOf(this.state, context) && context.length > this.state.length) {
      feed = context.slice(this.state.length);
    } else {
      // keepStats: web-llm's prefill/decode counters then cover every request since the model loaded.
      await this.engine.resetChat(true);
      this.state = [];
      feed = context.slice();
    }
    const fromEmpty = this.state.length === 0;
    this.state = null; // unknown until the forward pass succeeds
    this.tap.arm(choose);
    const sampled = await this.engine.forwardTokensAndSample(feed, fromEmpty || feed.length > 1);
    const { logits, forced } = this.tap.take();
    this.state = context.slice();
    this.lastLogits = logits;
    this.processed += feed.length;
    return { logits, forced, sampled };
  }
}
