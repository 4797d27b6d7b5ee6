/**
 * The wire format: request bodies for scoring and generation, and checked parsing of the
 * server's untrusted JSON. Pure. A prefilled dialogue is sent as its messages plus a final
 * assistant message holding the prefill, with `continue_final_message: true` and
 * `add_generation_prompt: false` (vLLM's names for "render that turn open and continue it").
 * llama.cpp's llama-server and Ollama continue a trailing assistant message by themselves and
 * ignore the two flags (see README.md). Parsing never guesses: a missing field is a value
 * naming it.
 */
import type { GenerateRequest, GenerateResult, PrefilledDialogue } from '../types';
import { TOP_LOGPROBS } from './config';

export interface WireMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

export interface ChatBody {
  readonly model: string;
  readonly messages: readonly WireMessage[];
  readonly continue_final_message: true;
  readonly add_generation_prompt: false;
  readonly max_tokens: number;
  readonly temperature: number;
  readonly stream: false;
  readonly logprobs?: true;
  readonly top_logprobs?: number;
  readonly top_p?: number;
  readonly seed?: number;
}

export function buildMessages(dialogue: PrefilledDialogue): WireMessage[] {
  const last = dialogue.messages[dialogue.messages.length - 1];
  if (last?.role !== 'user')
    throw new Error(`openai: a prefilled dialogue must end with a user turn, got ${last?.role ?? 'no messages'}`);
  return [
    ...dialogue.messages.map((m) => ({ role: m.role, content: m.content })),
    { role: 'assistant', content: dialogue.prefill },
  ];
}

export function buildScoreBody(model: string, dialogue: PrefilledDialogue): ChatBody {
  return {
    model,
    messages: buildMessages(dialogue),
    continue_final_message: true,
    add_generation_prompt: false,
    max_tokens: 1,
    logprobs: true,
    top_logprobs: TOP_LOGPROBS,
    temperature: 0,
    stream: false,
  };
}

export function buildGenerateBody(model: string, request: GenerateRequest): ChatBody {
  return {
    model,
    messages: buildMessages(request.dialogue),
    continue_final_message: true,
    add_generation_prompt: false,
    max_tokens: request.maxTokens,
    temperature: request.temperature,
    top_p: request.topP,
    seed: request.seed,
    stream: false,
  };
}

export interface TopEntry {
  readonly token: string;
  readonly logprob: number;
}

export type Parsed<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'no_logprobs' | 'bad_response'; readonly detail: string };

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstChoice(json: unknown): Obj | string {
  if (!isObj(json)) return 'the body is not a JSON object';
  const choices = json.choices;
  if (!Array.isArray(choices) || choices.length === 0) return 'no "choices"';
  const choice: unknown = choices[0];
  return isObj(choice) ? choice : '"choices[0]" is not an object';
}

const count = (n: unknown): number | undefined =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;

/**
 * `usage.prompt_tokens`, and how many of them the server took from its prefix cache:
 * `usage.prompt_tokens_details.cached_tokens` (OpenAI; vLLM with --enable-prompt-tokens-details)
 * or llama.cpp's `timings.cache_n`. A cached count above the prompt count is ignored.
 */
function promptUsage(json: unknown): { promptTokens?: number; cachedPromptTokens?: number } {
  const usage = isObj(json) ? json.usage : undefined;
  const prompt = count(isObj(usage) ? usage.prompt_tokens : undefined);
  if (prompt === undefined) return {};
  const details = isObj(usage) ? usage.prompt_tokens_details : undefined;
  const timings = isObj(json) ? json.timings : undefined;
  const cached =
    count(isObj(details) ? details.cached_tokens : undefined) ?? count(isObj(timings) ? timings.cache_n : undefined);
  return cached === undefined || cached > prompt
    ? { promptTokens: prompt }
    : { promptTokens: prompt, cachedPromptTokens: cached };
}

function entry(v: unknown, path: string): TopEntry | string {
  if (!isObj(v)) return `${path} is not an object`;
  const { token, logprob } = v;
  if (typeof token !== 'string') return `${path}.token is not a string`;
  // Some servers send -Infinity as a very negative number or null for impossible tokens.
  if (logprob === null) return { token, logprob: -Infinity };
  if (typeof logprob !== 'number' || Number.isNaN(logprob) || logprob > 1e-6)
    return `${path}.logprob ${JSON.stringify(logprob)} is not a log-probability`;
  return { token, logprob: Math.min(0, logprob) };
}

export interface ScoreResponse {
  readonly top: readonly TopEntry[];
  readonly promptTokens?: number;
  readonly cachedPromptTokens?: number;
}

/** The top log-probabilities at the first generated position. */
export function parseScoreResponse(json: unknown): Parsed<ScoreResponse> {
  const choice = firstChoice(json);
  if (typeof choice === 'string') return { kind: 'bad_response', detail: choice };
  const logprobs = choice.logprobs;
  if (logprobs === undefined || logprobs === null)
    return { kind: 'no_logprobs', detail: '"choices[0].logprobs" is missing' };
  if (!isObj(logprobs) || !Array.isArray(logprobs.content))
    return { kind: 'no_logprobs', detail: '"choices[0].logprobs.content" is not a list' };
  const first: unknown = logprobs.content[0];
  if (first === undefined)
    return { kind: 'bad_response', detail: 'the server generated no token (empty logprobs.content)' };
  const chosen = entry(first, 'logprobs.content[0]');
  if (typeof chosen === 'string') return { kind: 'bad_response', detail: chosen };
  const rawTop = isObj(first) ? first.top_logprobs : undefined;
  const top: TopEntry[] = [];
  if (Array.isArray(rawTop)) {
    for (let i = 0; i < rawTop.length; i++) {
      const e = entry(rawTop[i], `logprobs.content[0].top_logprobs[${i}]`);
      if (typeof e === 'string') return { kind: 'bad_response', detail: e };
      top.push(e);
    }
  }
  // A server that ignores top_logprobs still reports the chosen token: a top-1 list.
  if (top.length === 0) top.push(chosen);
  return { kind: 'ok', value: { top, ...promptUsage(json) } };
}

export function parseGenerateResponse(json: unknown): Parsed<GenerateResult> {
  const choice = firstChoice(json);
  if (typeof choice === 'string') return { kind: 'bad_response', detail: choice };
  const message = choice.message;
  if (!isObj(message)) return { kind: 'bad_response', detail: '"choices[0].message" is missing' };
  const content = message.content ?? '';
  if (typeof content !== 'string')
    return { kind: 'bad_response', detail: '"choices[0].message.content" is not a string' };
  const finishReason = choice.finish_reason === 'length' ? 'length' : 'stop';
  const usage = isObj(json) ? json.usage : undefined;
  const completion = count(isObj(usage) ? usage.completion_tokens : undefined);
  return {
    kind: 'ok',
    value: {
      text: content,
      finishReason,
      ...promptUsage(json),
      ...(completion === undefined ? {} : { completionTokens: completion }),
    },
  };
}

export interface ServerModel {
  readonly id: string;
  readonly ownedBy?: string;
}

export function parseModelList(json: unknown): Parsed<ServerModel[]> {
  if (!isObj(json) || !Array.isArray(json.data))
    return { kind: 'bad_response', detail: 'GET /models did not return {"data": [...]}' };
  const out: ServerModel[] = [];
  for (const m of json.data as unknown[]) {
    if (!isObj(m) || typeof m.id !== 'string')
      return { kind: 'bad_response', detail: 'a model in GET /models has no string "id"' };
    out.push({ id: m.id, ...(typeof m.owned_by === 'string' ? { ownedBy: m.owned_by } : {}) });
  }
  return { kind: 'ok', value: out };
}
