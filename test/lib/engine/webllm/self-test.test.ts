/**
 * The self-test behind "Check this device", through the worker handler against the fake MLCEngine
 * holding Qwen3's real tokenizer and chat template: the app's own request (every benchmark under
 * every condition) passes every check on an honest device, and each check fails, with its
 * numbers, on a double that breaks what it checks: (a) a wrong known answer, (b) web-llm's own
 * log-probabilities disagreeing, (c) scores that change between two passes, (d) forced tokens not
 * taken, (e) a clock that does not move (no rate measured).
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '@mlc-ai/web-llm';
import { SELF_TEST_REQUEST } from '../../../../src/lib/benchmarks/self-test-prompts';
import { DEVICE_CHECK_KINDS, type DeviceCheckResult } from '../../../../src/lib/core/records';
import { HfChatTemplate, parseTokenizerConfig } from '../../../../src/lib/engine/hf-template';
import { WebLLMHandler } from '../../../../src/lib/engine/webllm/handler';
import { inspectMLCEngine } from '../../../../src/lib/engine/webllm/internals';
import type { WorkerResponse } from '../../../../src/lib/engine/webllm/protocol';
import type { PrefilledDialogue, SelfTestReport } from '../../../../src/lib/engine/types';
import { hfTokenizer, tokenizerConfigJson, webTokenizer, type WebTokenizer } from '../../../doubles/real-tokenizers';
import { FakeMLCEngine, type LogitScript } from '../../../doubles/webllm-fake-engine';
import { QWEN_CHATML } from '../../../fixtures/engine/conv-templates';

const MODEL = 'Toy-0.5B-q4f32_1-MLC';
const BASE: AppConfig = {
  model_list: [{ model_id: MODEL, model: 'https://example.org/toy', model_lib: 'https://example.org/toy.wasm' }],
};
const CONFIG_URL = 'https://example.org/toy/resolve/main/tokenizer_config.json';
const REST = -10;

let tok: WebTokenizer;
let fake: FakeMLCEngine;
let posts: WorkerResponse[];
let script: LogitScript;
let clock: () => number;

beforeAll(() => void hfTokenizer('qwen3'), 30_000);

/** The prompt ids, rendered here with the real template and tokenizer (not through the app). */
function promptIds(dialogue: PrefilledDialogue): number[] {
  const config = parseTokenizerConfig(tokenizerConfigJson('qwen3'));
  if (config === null) throw new Error('no chat template');
  return Array.from(tok.encode(new HfChatTemplate(config).render(dialogue, { opening: 'plain' })));
}

const key = (ids: readonly number[]) => ids.join(',');

/**
 * An honest model: after each benchmark prompt its candidates' tokens get logits 4, 2.5, 1, 0.5 in
 * order (everything else REST); after each known-answer prompt its expected answer gets 5.
 */
function honestScript(): { script: LogitScript; known: Map<string, number>; groups: Map<number, number[]> } {
  const known = new Map<string, number>();
  for (const item of SELF_TEST_REQUEST.knownAnswers) {
    const expected = item.candidates.find((c) => c.id === item.expected)?.texts[0] as string;
    known.set(key(promptIds(item.dialogue)), tok.id(expected));
  }
  const groups = new Map<number, number[]>();
  for (const p of SELF_TEST_REQUEST.benchmarkPrompts) {
    const last = promptIds(p.dialogue).at(-1) as number;
    groups.set(
      last,
      p.candidates.flatMap((c) => c.texts.map((t) => tok.id(t))),
    );
  }
  const script: LogitScript = (ctx) => {
    const answer = known.get(key(ctx));
    if (answer !== undefined) return { logits: new Map([[answer, 5]]), rest: REST };
    const ids = groups.get(ctx.at(-1) as number) ?? [];
    return { logits: new Map(ids.map((id, i) => [id, [4, 2.5, 1, 0.5][i] as number])), rest: REST };
  };
  return { script, known, groups };
}

/** Softmax probability of a listed logit `v` among `listed` logits and every other token at REST. */
function prob(v: number, listed: readonly number[]): number {
  const z = listed.reduce((s, x) => s + Math.exp(x), 0) + (fake.vocab - listed.length) * Math.exp(REST);
  return Math.exp(v) / z;
}

async function selfTest(): Promise<SelfTestReport> {
  const configCache = {
    match: async (url: string) =>
      url === CONFIG_URL ? new Response(JSON.stringify(tokenizerConfigJson('qwen3'))) : undefined,
    add: async () => undefined,
  };
  const handler = new WebLLMHandler({
    createEngine: (config) =>
      (fake = new FakeMLCEngine(config, (ctx) => script(ctx), {
        tokenizer: () => webTokenizer('qwen3'),
        chatConfig: {
          conv_template: QWEN_CHATML,
          context_window_size: 4096,
          tokenizer_files: ['tokenizer.json', 'tokenizer_config.json'],
        },
      })),
    settleMs: 1,
    baseAppConfig: BASE,
    inspect: inspectMLCEngine,
    openCache: async () => configCache,
    post: (m) => posts.push(m),
    hasModelInCache: async () => true,
    now: () => clock(),
  });
  handler.handle({ kind: 'load', id: 1, options: { modelId: MODEL, custom: null, opening: 'plain' } });
  await handler.idle();
  before?.();
  handler.handle({ kind: 'selfTest', id: 2, request: SELF_TEST_REQUEST });
  await handler.idle();
  const reply = posts.at(-1);
  if (reply?.kind !== 'result' || reply.result.kind !== 'selfTested') throw new Error(JSON.stringify(reply));
  return reply.result.value;
}

/** Set up the fake after it is created (it is created at load). */
let before: (() => void) | undefined;

function check(report: SelfTestReport, kind: DeviceCheckResult['kind']): DeviceCheckResult {
  const found = report.checks.find((c) => c.kind === kind);
  if (found === undefined) throw new Error(`no ${kind}`);
  return found;
}

const verdicts = (report: SelfTestReport) => Object.fromEntries(report.checks.map((c) => [c.kind, c.passed]));

beforeEach(() => {
  tok = webTokenizer('qwen3');
  posts = [];
  before = undefined;
  let t = 0;
  clock = () => (t += 5); // every reading 5 ms after the last
  script = honestScript().script;
});

describe('the self-test on an honest device', () => {
  it('passes all five checks with their numbers', async () => {
    const { groups } = honestScript();
    const report = await selfTest();
    expect(report.checks.map((c) => c.kind)).toEqual(DEVICE_CHECK_KINDS);
    expect(verdicts(report)).toEqual({ known_answers: true, logprobs: true, repeat: true, forced: true, rates: true });
    expect(report.template.source).toBe('hf');

    // a: the expected answer at logit 5, everything else at REST.
    const known = check(report, 'known_answers');
    expect(known.rows).toHaveLength(4);
    // (the yes/no prompt's "yes" also collects "Yes", at REST)
    known.rows.forEach((row, i) => {
      const texts = SELF_TEST_REQUEST.knownAnswers[i]?.candidates.find((c) => c.id === 'yes') ? 2 : 1;
      expect(row.numbers.probability).toBeCloseTo(prob(5, [5]) + (texts - 1) * prob(REST, [5]), 9);
    });

    // b: every candidate token of every prompt is in web-llm's top 5 and agrees (float32 vs float64).
    const logprobs = check(report, 'logprobs');
    const tokens = SELF_TEST_REQUEST.benchmarkPrompts.reduce(
      (n, p) => n + p.candidates.reduce((m, c) => m + c.texts.length, 0),
      0,
    );
    expect(tokens).toBe(3 * 3 + 4 * 3 + 3 * 4); // BBQ 3 conditions × a/b/c, Winogender 4 × 3 pronouns, admissions 3 × 4 words
    expect(logprobs.numbers).toMatchObject({ agree: tokens, disagree: 0, notComparable: 0 });
    expect(logprobs.numbers.largestDifference).toBeLessThan(1e-6);
    expect(logprobs.rows.every((r) => r.passed === true)).toBe(true);
    const bbqQ = logprobs.rows[0];
    expect(bbqQ?.label).toBe('BBQ · Question');
    expect(bbqQ?.text).toContain(`"a": exact ${prob(4, [4, 2.5, 1]).toPrecision(4)}, web-llm`);
    // web-llm was asked on the rendered text, at temperature 1 (its logprobs are taken after temperature).
    expect(fake.completionRequests[0]).toMatchObject({
      temperature: 1,
      top_logprobs: 5,
      logprobs: true,
      max_tokens: 1,
    });
    expect(groups.size).toBe(3); // the three answer shapes end on different tokens

    // c: identical twice.
    expect(check(report, 'repeat').numbers).toMatchObject({ identical: 10, prompts: 10, largestDifference: 0 });

    // d: the continuation, forced token by token.
    const continuation = SELF_TEST_REQUEST.continuation.text;
    const tokensForced = tok.encode(continuation).length;
    expect(check(report, 'forced').numbers).toEqual({ tokens: tokensForced, missed: 0 });

    // e: 5 ms per timed step: each prompt's first scoring is one reading apart, as is each decode step.
    const promptTokens = SELF_TEST_REQUEST.benchmarkPrompts.map((p) => promptIds(p.dialogue).length);
    const total = promptTokens.reduce((s, n) => s + n, 0);
    expect(report.speed?.prefillTokensPerS).toBeCloseTo(total / (10 * 0.005), 9);
    expect(report.speed?.decodeTokensPerS).toBeCloseTo(1 / 0.005, 9);
    expect(report.speed?.prompts.map((p) => [p.benchmark, p.condition, p.tokens, p.seconds])).toEqual(
      SELF_TEST_REQUEST.benchmarkPrompts.map((p, i) => [p.benchmark, p.condition, promptTokens[i], 0.005]),
    );
  }, 120_000);

  it("says a candidate below web-llm's top 5 is not comparable, and still passes", async () => {
    const honest = honestScript();
    const they = tok.id(' they');
    script = (ctx) => {
      const out = honest.script(ctx);
      return out.logits.has(they) ? { ...out, logits: new Map([...out.logits, [they, REST]]) } : out;
    };
    const report = await selfTest();
    const logprobs = check(report, 'logprobs');
    expect(logprobs.passed).toBe(true);
    const nominative = logprobs.rows.find((r) => r.label === 'Winogender · Question');
    expect(nominative?.passed).toBe(true);
    expect(nominative?.text).toMatch(/" they": not comparable: below web-llm's top 5/);
    expect(logprobs.numbers).toMatchObject({ agree: 33 - 4, disagree: 0, notComparable: 4 });
  }, 120_000);
});

describe('each check fails on a device that breaks it', () => {
  it('(a) a known answer the model gets wrong', async () => {
    const honest = honestScript();
    const sum = SELF_TEST_REQUEST.knownAnswers[1];
    if (sum === undefined) throw new Error('no second known answer');
    const wrong = key(promptIds(sum.dialogue));
    script = (ctx) => (key(ctx) === wrong ? { logits: new Map([[tok.id('a'), 5]]), rest: REST } : honest.script(ctx));
    const report = await selfTest();
    expect(verdicts(report)).toEqual({ known_answers: false, logprobs: true, repeat: true, forced: true, rates: true });
    const row = check(report, 'known_answers').rows[1];
    expect(row).toMatchObject({ label: 'Letters: two plus two', passed: false });
    expect(row?.numbers.probability).toBeCloseTo(prob(REST, [5]), 9);
    expect(check(report, 'known_answers').summary).toMatch(/^3 of 4 known-answer prompts/);
  }, 120_000);

  it("(b) web-llm's own log-probabilities disagreeing with the exact path", async () => {
    const honest = honestScript();
    const [b, no] = [tok.id('b'), tok.id('No')];
    before = () => {
      fake.completionScript = (ctx) => {
        const out = honest.script(ctx);
        const logits = new Map(out.logits);
        if (logits.has(b)) logits.set(b, 3.5); // 2.5 on the exact path
        if (logits.has(no)) logits.set(no, REST - 5); // dropped from web-llm's list, though it has 0.5
        return { ...out, logits };
      };
    };
    const report = await selfTest();
    expect(verdicts(report)).toEqual({ known_answers: true, logprobs: false, repeat: true, forced: true, rates: true });
    const logprobs = check(report, 'logprobs');
    const bbq = logprobs.rows.find((r) => r.label === 'BBQ · Question');
    expect(bbq?.passed).toBe(false);
    const exactB = prob(2.5, [4, 2.5, 1]);
    const webB = Math.exp(3.5) / (Math.exp(4) + Math.exp(3.5) + Math.exp(1) + (fake.vocab - 3) * Math.exp(REST));
    expect(bbq?.numbers['b difference']).toBeCloseTo(Math.abs(exactB - webB), 6);
    const admissions = logprobs.rows.find((r) => r.label === 'Admissions · Question');
    expect(admissions?.passed).toBe(false);
    expect(admissions?.text).toMatch(
      /"No": not in web-llm's top 5, though its exact probability 0\.0\d+ is above the last listed/,
    );
    // Raising "b" moves "a" and "c" too (the total changes by e^3.5 - e^2.5, about 21): all of BBQ's tokens
    // disagree. Dropping "No" (e^0.5 of about 78) moves "yes" by 0.015 and "Yes" by 0.003, but "no"
    // (0.035) by 0.0007 only, within the tolerance. Winogender is untouched.
    expect(logprobs.numbers).toMatchObject({ disagree: 3 * 3 + 3 * 3, agree: 4 * 3 + 3, failedPrompts: 0 });
  }, 120_000);

  it('(c) a prompt scored twice giving other probabilities', async () => {
    const honest = honestScript();
    const calls = new Map<string, number>();
    script = (ctx) => {
      const n = (calls.get(key(ctx)) ?? 0) + 1;
      calls.set(key(ctx), n);
      const out = honest.script(ctx);
      // A drift far below the logprob tolerance: only the bitwise repeat check sees it.
      return { ...out, logits: new Map([...out.logits].map(([id, v]) => [id, v + n * 1e-4])) };
    };
    const report = await selfTest();
    expect(verdicts(report)).toEqual({ known_answers: true, logprobs: true, repeat: false, forced: true, rates: true });
    const repeat = check(report, 'repeat');
    expect(repeat.numbers.identical).toBe(0);
    expect(repeat.numbers.largestDifference).toBeGreaterThan(1e-6);
    expect(repeat.rows[0]?.text).toMatch(/^differs by up to /);
  }, 120_000);

  it('(d) forced tokens that web-llm does not take', async () => {
    before = () => {
      fake.ignoreForcing = true;
    };
    const report = await selfTest();
    expect(verdicts(report)).toEqual({ known_answers: true, logprobs: true, repeat: true, forced: false, rates: true });
    const forced = check(report, 'forced');
    const n = tok.encode(SELF_TEST_REQUEST.continuation.text).length;
    expect(forced.numbers).toEqual({ tokens: n, missed: n });
    expect(forced.summary).toMatch(/instead of .* web-llm sampled \d+ of \d+ tokens other than the forced ones/);
  }, 120_000);

  it('(e) rates that cannot be measured leave the estimate its assumption', async () => {
    clock = () => 0;
    const report = await selfTest();
    expect(verdicts(report)).toEqual({ known_answers: true, logprobs: true, repeat: true, forced: true, rates: false });
    expect(report.speed).toBeNull();
    expect(check(report, 'rates').numbers).toEqual({ prefillTokensPerS: null, decodeTokensPerS: null });
    expect(check(report, 'rates').summary).toMatch(/not measured/);
  }, 120_000);
});

describe('faults during the self-test', () => {
  it('a device lost on the way fails the request device_lost, not a check', async () => {
    const honest = honestScript();
    let forwards = 0;
    script = (ctx) => {
      if (++forwards === 6) fake.loseDevice();
      return honest.script(ctx);
    };
    await expect(selfTest()).rejects.toThrow(/device_lost/);
  }, 120_000);
});
