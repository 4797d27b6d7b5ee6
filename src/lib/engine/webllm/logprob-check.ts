/**
 * Check b of the self-test: the exact path against web-llm's own OpenAI-style log-probabilities
 * on the same prompt (web-llm 0.2.86, lib/index.js).
 *
 * Which API: `chat.completions` refuses a trailing assistant message ("The last message should be
 * from the `user` or `tool`", `getConversationFromChatCompletionRequest`), so a prefill cannot be
 * sent through it. `completions.create` with a text prompt is web-llm's raw completion: it resets
 * the chat, builds a text-completion `Conversation` whose prompt array is the text itself
 * (`getPromptArrayTextCompletion`), adds no `system_prefix_token_ids` and no template, and encodes
 * the whole text at once (`getInputData`). So the already-rendered prompt is sent as one text and
 * nothing is templated twice; `completionText` checks that this text encodes to exactly the ids
 * the exact path feeds (a Hugging Face template's text always does; web-llm's conversation
 * template, with prefix ids and segments encoded one by one, may not), and the reply's
 * `usage.prompt_tokens` must equal their count.
 *
 * Settings: `logprobs: true, top_logprobs: 5` (web-llm's maximum), `max_tokens: 1`, and
 * temperature **1**, not 0: web-llm computes the listed probabilities from
 * `softmaxWithTemperature(logits, max(1e-6, temperature))` (`sampleFromRawLogits`, then
 * `getTokenLogprob`), so at temperature 0 they are those of a near one-hot distribution; at 1 they
 * are the model's own. Penalties are neutral (frequency 0, presence 0, repetition 1), no
 * `logit_bias`, top_p 1 (it only affects which token is sampled, not the listed probabilities).
 * The LogitTap registered for the model sees these logits too and, unarmed, returns them untouched.
 *
 * Each entry names its token by its decoded text (`token`), not by id, so a candidate token is
 * found by `tokenizer.decode([id])`; two listed entries with that text make it not comparable.
 */
import type { CompletionCreateParamsNonStreaming, MLCEngineInterface } from '@mlc-ai/web-llm';
import type { RenderedPrompt } from './template';
import { tokenizePrompt, type TokenizerLike } from './tokens';

/** Largest difference in probability allowed between the two paths. */
export const LOGPROB_TOLERANCE = 1e-3;
/** web-llm's maximum (`top_logprobs` must be 0-5, `postInitAndCheckGenerationConfigValues`). */
export const TOP_LOGPROBS = 5;

export type CompletionText =
  { readonly kind: 'ok'; readonly text: string } | { readonly kind: 'no'; readonly reason: string };

function sameIds(a: readonly number[], b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The prompt as one text that web-llm's text completion tokenises to the exact path's ids, or why there is none. */
export function completionText(tokenizer: TokenizerLike, prompt: RenderedPrompt): CompletionText {
  const ids = tokenizePrompt(tokenizer, prompt);
  const prefix = prompt.prefixTokenIds.length === 0 ? '' : tokenizer.decode(Int32Array.from(prompt.prefixTokenIds));
  const text = prefix + prompt.segments.join('');
  const again = tokenizer.encode(text);
  if (sameIds(ids, again)) return { kind: 'ok', text };
  return {
    kind: 'no',
    reason: `as one text the prompt encodes to ${again.length} tokens unlike the ${ids.length} the exact path feeds (web-llm's template encodes its parts one by one)`,
  };
}

export interface ListedToken {
  readonly token: string;
  readonly prob: number;
}

export interface WebllmTop {
  readonly promptTokens: number | null;
  readonly top: readonly ListedToken[];
}

export const COMPLETION_REQUEST: Omit<CompletionCreateParamsNonStreaming, 'prompt'> = {
  stream: false,
  max_tokens: 1,
  temperature: 1,
  top_p: 1,
  frequency_penalty: 0,
  presence_penalty: 0,
  repetition_penalty: 1,
  logprobs: true,
  top_logprobs: TOP_LOGPROBS,
  seed: 1,
};

/** web-llm's top-5 next-token probabilities after `text`, through its raw completion API. */
export async function webllmTopLogprobs(engine: MLCEngineInterface, text: string): Promise<WebllmTop> {
  const reply = await engine.completions.create({ ...COMPLETION_REQUEST, prompt: text });
  const first = reply.choices[0]?.logprobs?.content?.[0];
  if (first === undefined) throw new Error('web-llm returned no log-probabilities for the first token');
  return {
    promptTokens: reply.usage?.prompt_tokens ?? null,
    top: first.top_logprobs.map((t) => ({ token: t.token, prob: Math.exp(t.logprob) })),
  };
}

export type Agreement = 'agree' | 'disagree' | 'not_comparable';

export interface TokenComparison {
  readonly agreement: Agreement;
  /** web-llm's probability of the token, or null when it did not list it (once). */
  readonly webllm: number | null;
  readonly difference: number | null;
  readonly note: string;
}

const fmt = (p: number): string => p.toPrecision(4);

/**
 * One candidate token: its exact probability against web-llm's list. Listed once: they agree
 * within LOGPROB_TOLERANCE or disagree. Not listed: a disagreement when its exact probability is
 * above the last listed one by more than the tolerance (web-llm should have listed it), else not
 * comparable. Listed more than once (two tokens with one text) or undecodable: not comparable.
 */
export function compareToken(exact: number, tokenText: string, top: readonly ListedToken[]): TokenComparison {
  if (tokenText.includes('\uFFFD'))
    return { agreement: 'not_comparable', webllm: null, difference: null, note: 'its token is not whole text' };
  const listed = top.filter((t) => t.token === tokenText);
  if (listed.length > 1)
    return {
      agreement: 'not_comparable',
      webllm: null,
      difference: null,
      note: `${listed.length} of web-llm's top ${top.length} have its text`,
    };
  const only = listed[0];
  if (only !== undefined) {
    const difference = Math.abs(exact - only.prob);
    const agree = difference <= LOGPROB_TOLERANCE;
    return {
      agreement: agree ? 'agree' : 'disagree',
      webllm: only.prob,
      difference,
      note: `exact ${fmt(exact)}, web-llm ${fmt(only.prob)}`,
    };
  }
  const last = top.reduce((m, t) => Math.min(m, t.prob), 1);
  if (exact > last + LOGPROB_TOLERANCE)
    return {
      agreement: 'disagree',
      webllm: null,
      difference: null,
      note: `not in web-llm's top ${top.length}, though its exact probability ${fmt(exact)} is above the last listed (${fmt(last)})`,
    };
  return {
    agreement: 'not_comparable',
    webllm: null,
    difference: null,
    note: `below web-llm's top ${top.length} (exact ${fmt(exact)}, last listed ${fmt(last)})`,
  };
}
