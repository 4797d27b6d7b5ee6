/**
 * Reasoning generation (docs/method.md §5): continue the rendered prefilled prompt token by token,
 * sampling on the CPU with our seeded RNG (temperature, top-p) and forcing web-llm to take that
 * token, until the template's end of turn (stop token ids or stop strings, as web-llm's own
 * `processNextToken` checks them, llm_chat.ts:958-1052 v0.2.83), `maxTokens`, or the context
 * window.
 *
 * Invariants: the returned text is the continuation only, cut before the first stop string;
 * `completionTokens` counts every sampled token, including a final stop token; the same seed,
 * settings and logits give the same text.
 */
import { createRandom } from '../../core/random';
import type { GenerateRequest, GenerateResult } from '../types';
import type { AbortCheck } from './score';
import { sampleToken } from './sampling';
import type { TokenSession } from './session';
import type { RenderedPrompt } from './template';
import { tokenizePrompt, type TokenizerLike } from './tokens';

function cutAtStop(text: string, stops: readonly string[]): string | undefined {
  let cut: number | undefined;
  for (const stop of stops) {
    const at = stop === '' ? -1 : text.indexOf(stop);
    if (at >= 0 && (cut === undefined || at < cut)) cut = at;
  }
  return cut === undefined ? undefined : text.slice(0, cut);
}

export async function generateContinuation(
  session: TokenSession,
  tokenizer: TokenizerLike,
  prompt: RenderedPrompt,
  request: GenerateRequest,
  contextWindow: number,
  checkAbort: AbortCheck,
): Promise<GenerateResult> {
  if (!(Number.isInteger(request.maxTokens) && request.maxTokens > 0)) {
    throw new Error(`maxTokens must be a positive integer, got ${request.maxTokens}`);
  }
  const random = createRandom(request.seed);
  const choose = (logits: Float32Array): number => sampleToken(logits, request.temperature, request.topP, random);
  const promptIds = tokenizePrompt(tokenizer, prompt);
  const stopIds = new Set(prompt.stopTokenIds);
  const output: number[] = [];
  let sampledCount = 0;

  checkAbort();
  let next = await session.step(promptIds, choose);
  for (;;) {
    sampledCount++;
    if (stopIds.has(next)) return done('stop');
    output.push(next);
    const text = tokenizer.decode(Int32Array.from(output));
    const cut = cutAtStop(text, prompt.stopStrings);
    if (cut !== undefined) return done('stop', cut);
    if (output.length >= request.maxTokens) return done('length', text);
    if (promptIds.length + output.length >= contextWindow) return done('length', text);
    checkAbort();
    next = await session.step([...promptIds, ...output], choose);
  }

  function done(finishReason: 'stop' | 'length', text?: string): GenerateResult {
    return {
      text: text ?? tokenizer.decode(Int32Array.from(output)),
      finishReason,
      promptTokens: promptIds.length,
      cachedPromptTokens: 0, // a request starts from an empty KV cache, as in score.ts
      completionTokens: sampledCount,
    };
  }
}
