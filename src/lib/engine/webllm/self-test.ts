/**
 * The self-test behind "Check this device" (Models screen), run in the worker on the loaded model:
 * a. known answers: prompts with an obvious answer put more than half their raw probability on it;
 * b. logprobs: for every benchmark prompt, the exact path's next-token probability of each
 *    candidate's first token against web-llm's own OpenAI-style top-5 log-probabilities on the same
 *    prompt (`logprob-check.ts`), within LOGPROB_TOLERANCE;
 * c. repeat: each benchmark prompt scored twice (each from an empty KV cache) gives identical raw
 *    probabilities, bit for bit;
 * d. forced: a given continuation, forced token by token through the LogitTap, is what web-llm
 *    samples and decodes back to the same text;
 * e. rates: the exact path's prompt tokens per second over the benchmark prompts (scoring as a
 *    run scores: prefill, logits copy, softmax) and forced-generation tokens per second (the decode
 *    steps of d), with every prompt's tokens and seconds; the run estimate uses them.
 *
 * Invariants: a fault (`aborted`, `device_lost`) ends the self-test and is thrown to the handler;
 * any other failure fails only the check it happened in, with its message. Results are plain data.
 */
import type { MLCEngineInterface } from '@mlc-ai/web-llm';
import type { DeviceCheckResult, DeviceCheckRow, DeviceSpeed, TimedPrompt } from '../../core/records';
import {
  EngineFailure,
  type BenchmarkPrompt,
  type KnownAnswerPrompt,
  type SelfTestReport,
  type SelfTestRequest,
} from '../types';
import {
  compareToken,
  completionText,
  LOGPROB_TOLERANCE,
  webllmTopLogprobs,
  type TokenComparison,
} from './logprob-check';
import type { PromptRenderer } from './renderer';
import { buildDistribution } from './sampling';
import { scoreCandidates, type AbortCheck } from './score';
import type { TokenSession } from './session';
import type { RenderedPrompt } from './template';
import { planCandidates, type TokenizerLike } from './tokens';

export interface SelfTestContext {
  /** For web-llm's own completion API (check b). */
  readonly engine: MLCEngineInterface;
  readonly tokenizer: TokenizerLike;
  readonly renderer: PromptRenderer;
  /** A fresh session (its first forward starts from an empty KV cache). */
  readonly newSession: () => TokenSession;
  readonly checkAbort: AbortCheck;
  /** Milliseconds (performance.now in the worker). */
  readonly now: () => number;
}

/** A known answer passes above this share of the probability. */
export const KNOWN_ANSWER_THRESHOLD = 0.5;

function isFault(e: unknown): boolean {
  return e instanceof EngineFailure && (e.error.kind === 'aborted' || e.error.kind === 'device_lost');
}

function describe(e: unknown): string {
  if (e instanceof EngineFailure) return e.error.detail ?? e.error.message;
  return e instanceof Error ? e.message : String(e);
}

const p4 = (x: number): string => x.toFixed(4);

function failed(kind: DeviceCheckResult['kind'], e: unknown): DeviceCheckResult {
  if (isFault(e)) throw e;
  return { kind, passed: false, summary: `Could not run: ${describe(e)}.`, numbers: {}, rows: [] };
}

async function knownAnswers(ctx: SelfTestContext, prompts: readonly KnownAnswerPrompt[]): Promise<DeviceCheckResult> {
  const rows: DeviceCheckRow[] = [];
  for (const p of prompts) {
    ctx.checkAbort();
    const result = await scoreCandidates(
      ctx.newSession(),
      ctx.tokenizer,
      ctx.renderer.render(p.dialogue),
      p.candidates,
      ctx.checkAbort,
    );
    const probability = result.raw[p.expected] ?? 0;
    const mass = Object.values(result.raw).reduce((s, x) => s + x, 0);
    rows.push({
      label: p.label,
      passed: probability > KNOWN_ANSWER_THRESHOLD,
      text: `${p4(probability)} on "${p.expected}" (all candidates ${p4(mass)})`,
      numbers: { probability, mass },
    });
  }
  const lowest = Math.min(...rows.map((r) => r.numbers.probability ?? 0));
  const right = rows.filter((r) => r.passed).length;
  return {
    kind: 'known_answers',
    passed: rows.length > 0 && right === rows.length,
    summary: `${right} of ${rows.length} known-answer prompts put more than half their probability on the right answer (lowest ${p4(lowest)}).`,
    numbers: { passed: right, prompts: rows.length, lowest },
    rows,
  };
}

/** The first token of one candidate text, its exact probability and web-llm's verdict. */
interface TokenLine {
  readonly candidate: string;
  readonly text: string;
  readonly tokens: number;
  readonly comparison: TokenComparison;
}

type WebSide =
  | { readonly kind: 'ok'; readonly promptTokens: number | null; readonly lines: readonly TokenLine[] }
  | { readonly kind: 'not_comparable'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

type Measured =
  | {
      readonly kind: 'ok';
      readonly prompt: BenchmarkPrompt;
      readonly tokens: number;
      readonly seconds: number;
      readonly first: Readonly<Record<string, number>>;
      readonly second: Readonly<Record<string, number>>;
      readonly web: WebSide;
    }
  | { readonly kind: 'failed'; readonly prompt: BenchmarkPrompt; readonly reason: string };

/** Check b's two sides for one prompt; `session` has just scored it, so the shared context's logits are at hand. */
async function compareWithWebllm(
  ctx: SelfTestContext,
  session: TokenSession,
  rendered: RenderedPrompt,
  prompt: BenchmarkPrompt,
): Promise<WebSide> {
  const texts = prompt.candidates.flatMap((c) => c.texts.map((text) => ({ candidate: c.id, text })));
  const plan = planCandidates(
    ctx.tokenizer,
    rendered,
    texts.map((t) => t.text),
  );
  if (plan.context.length < plan.promptLength)
    return {
      kind: 'not_comparable',
      reason: "a candidate merges with the prefill's last token, while web-llm lists the token after the whole prefill",
    };
  const asText = completionText(ctx.tokenizer, rendered);
  if (asText.kind === 'no') return { kind: 'not_comparable', reason: asText.reason };
  const dist = buildDistribution(await session.logitsAfter(plan.context));
  let web;
  try {
    ctx.checkAbort();
    web = await webllmTopLogprobs(ctx.engine, asText.text);
  } catch (e) {
    if (isFault(e)) throw e;
    return { kind: 'failed', reason: `web-llm's completion failed: ${describe(e)}` };
  }
  const lines = plan.texts.map(({ ids }, i) => {
    const first = ids[0] as number;
    return {
      candidate: (texts[i] as { candidate: string }).candidate,
      text: (texts[i] as { text: string }).text,
      tokens: ids.length,
      comparison: compareToken(dist.prob(first), ctx.tokenizer.decode(Int32Array.from([first])), web.top),
    };
  });
  return { kind: 'ok', promptTokens: web.promptTokens, lines };
}

async function measure(ctx: SelfTestContext, prompt: BenchmarkPrompt): Promise<Measured> {
  try {
    const rendered = ctx.renderer.render(prompt.dialogue);
    const score = (session: TokenSession) =>
      scoreCandidates(session, ctx.tokenizer, rendered, prompt.candidates, ctx.checkAbort);
    const session = ctx.newSession();
    ctx.checkAbort();
    const start = ctx.now();
    const first = await score(session);
    const seconds = (ctx.now() - start) / 1000;
    const web = await compareWithWebllm(ctx, session, rendered, prompt);
    const second = await score(ctx.newSession());
    return {
      kind: 'ok',
      prompt,
      tokens: first.promptTokens ?? 0,
      seconds,
      first: first.raw,
      second: second.raw,
      web,
    };
  } catch (e) {
    if (isFault(e)) throw e;
    return { kind: 'failed', prompt, reason: describe(e) };
  }
}

/** One prompt of check b: its row, and how its candidate tokens came out. */
interface Judged {
  readonly row: DeviceCheckRow;
  readonly agreeing: readonly number[];
  readonly disagreeing: number;
  readonly notComparable: number;
}

function judge(m: Measured): Judged {
  const label = m.prompt.label;
  const none = { agreeing: [], disagreeing: 0, notComparable: 0 };
  if (m.kind === 'failed')
    return { ...none, row: { label, passed: false, text: `could not be scored: ${m.reason}`, numbers: {} } };
  const { web } = m;
  if (web.kind === 'failed') return { ...none, row: { label, passed: false, text: web.reason, numbers: {} } };
  if (web.kind === 'not_comparable')
    return { ...none, row: { label, passed: null, text: `not comparable: ${web.reason}`, numbers: {} } };
  if (web.promptTokens !== null && web.promptTokens !== m.tokens)
    return {
      ...none,
      row: {
        label,
        passed: false,
        text: `web-llm prefilled ${web.promptTokens} prompt tokens, the exact path ${m.tokens}`,
        numbers: { webllmPromptTokens: web.promptTokens, promptTokens: m.tokens },
      },
    };
  const numbers: Record<string, number | null> = {};
  const parts = web.lines.map(({ text, tokens, comparison }) => {
    numbers[`${text} difference`] = comparison.difference;
    const many = tokens > 1 ? ` (first of ${tokens} tokens)` : '';
    const verdict = comparison.agreement === 'not_comparable' ? 'not comparable: ' : '';
    return `${JSON.stringify(text)}${many}: ${verdict}${comparison.note}`;
  });
  const of = (a: string) => web.lines.filter((l) => l.comparison.agreement === a);
  const agreeing = of('agree').map((l) => l.comparison.difference ?? 0);
  const disagreeing = of('disagree').length;
  const passed = disagreeing > 0 ? false : agreeing.length > 0 ? true : null;
  return {
    row: { label, passed, text: parts.join('; '), numbers },
    agreeing,
    disagreeing,
    notComparable: of('not_comparable').length,
  };
}

function logprobs(measured: readonly Measured[]): DeviceCheckResult {
  const judged = measured.map(judge);
  const rows = judged.map((j) => j.row);
  const agreeing = judged.flatMap((j) => j.agreeing);
  const largest = agreeing.reduce((mx, d) => Math.max(mx, d), 0);
  const disagree = judged.reduce((n, j) => n + j.disagreeing, 0);
  const notComparable = judged.reduce((n, j) => n + j.notComparable, 0);
  const failedPrompts = rows.filter((r, i) => r.passed === false && judged[i]?.disagreeing === 0).length;
  const unjudged = rows.filter((r) => r.passed === null).length;
  const passed = disagree === 0 && failedPrompts === 0 && agreeing.length > 0;
  const extra = [
    notComparable > 0 ? `${notComparable} not comparable` : '',
    unjudged > 0 ? `${unjudged} prompts not comparable` : '',
    failedPrompts > 0 ? `${failedPrompts} prompts could not be compared` : '',
  ].filter((x) => x !== '');
  return {
    kind: 'logprobs',
    passed,
    summary:
      `${agreeing.length} candidate tokens agree with web-llm's own log-probabilities within ${LOGPROB_TOLERANCE} ` +
      `(largest difference ${largest.toExponential(1)}), ${disagree} disagree` +
      (extra.length > 0 ? `; ${extra.join('; ')}` : '') +
      '.',
    numbers: {
      agree: agreeing.length,
      largestDifference: largest,
      disagree,
      notComparable,
      failedPrompts,
      prompts: rows.length,
    },
    rows,
  };
}

function largestDifference(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): number {
  let d = 0;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[key];
    const y = b[key];
    d = Math.max(d, x === undefined || y === undefined ? Infinity : Math.abs(x - y));
  }
  return d;
}

function repeat(measured: readonly Measured[]): DeviceCheckResult {
  const rows = measured.map((m): DeviceCheckRow => {
    if (m.kind === 'failed')
      return { label: m.prompt.label, passed: false, text: `could not be scored: ${m.reason}`, numbers: {} };
    const identical = Object.keys(m.first).every((k) => Object.is(m.first[k], m.second[k]));
    const difference = largestDifference(m.first, m.second);
    return {
      label: m.prompt.label,
      passed: identical,
      text: identical ? 'identical' : `differs by up to ${difference.toExponential(2)}`,
      numbers: { difference: Number.isFinite(difference) ? difference : null },
    };
  });
  const same = rows.filter((r) => r.passed).length;
  const largest = rows.reduce((m, r) => Math.max(m, r.numbers.difference ?? 0), 0);
  return {
    kind: 'repeat',
    passed: rows.length > 0 && same === rows.length,
    summary: `${same} of ${rows.length} prompts scored twice gave identical probabilities (largest difference ${largest.toExponential(1)}).`,
    numbers: { identical: same, prompts: rows.length, largestDifference: largest },
    rows,
  };
}

interface Forced {
  readonly result: DeviceCheckResult;
  /** Decode steps of the forced continuation (every step after the first) and their seconds. */
  readonly decodeTokens: number;
  readonly decodeSeconds: number;
}

async function forced(ctx: SelfTestContext, request: SelfTestRequest['continuation']): Promise<Forced> {
  const rendered = ctx.renderer.render(request.dialogue);
  const plan = planCandidates(ctx.tokenizer, rendered, [request.text]);
  const ids = (plan.texts[0] as { ids: readonly number[] }).ids;
  const session = ctx.newSession();
  const produced: number[] = [];
  let decodeSeconds = 0;
  let missed = 0;
  for (let k = 0; k < ids.length; k++) {
    ctx.checkAbort();
    const start = ctx.now();
    const wanted = ids[k] as number;
    const { sampled } = await session.tryStep([...plan.context, ...ids.slice(0, k)], () => wanted);
    if (k > 0) decodeSeconds += (ctx.now() - start) / 1000;
    produced.push(sampled);
    if (sampled !== wanted) missed++;
  }
  const text = ctx.tokenizer.decode(Int32Array.from(produced));
  const passed = missed === 0 && text === request.text;
  return {
    result: {
      kind: 'forced',
      passed,
      summary: passed
        ? `Forced generation wrote the given continuation, all ${ids.length} tokens as forced.`
        : `Forced generation wrote ${JSON.stringify(text)} instead of ${JSON.stringify(request.text)}: web-llm sampled ${missed} of ${ids.length} tokens other than the forced ones.`,
      numbers: { tokens: ids.length, missed },
      rows: [],
    },
    decodeTokens: ids.length - 1,
    decodeSeconds,
  };
}

function rates(
  measured: readonly Measured[],
  decode: Forced | null,
): { result: DeviceCheckResult; speed: DeviceSpeed | null } {
  const prompts: TimedPrompt[] = [];
  const rows = measured.map((m): DeviceCheckRow => {
    if (m.kind === 'failed')
      return { label: m.prompt.label, passed: false, text: `not timed: ${m.reason}`, numbers: {} };
    prompts.push({
      benchmark: m.prompt.benchmark,
      condition: m.prompt.condition,
      tokens: m.tokens,
      seconds: m.seconds,
    });
    return {
      label: m.prompt.label,
      passed: m.seconds > 0,
      text: `${m.tokens} prompt tokens scored in ${m.seconds.toFixed(3)} s`,
      numbers: { tokens: m.tokens, seconds: m.seconds },
    };
  });
  const tokens = prompts.reduce((s, p) => s + p.tokens, 0);
  const seconds = prompts.reduce((s, p) => s + p.seconds, 0);
  const prefill = seconds > 0 ? tokens / seconds : NaN;
  const decodeRate = decode !== null && decode.decodeSeconds > 0 ? decode.decodeTokens / decode.decodeSeconds : NaN;
  const ok = (x: number) => Number.isFinite(x) && x > 0;
  const passed = ok(prefill) && ok(decodeRate) && rows.every((r) => r.passed === true);
  const shown = (x: number) => (ok(x) ? `${x.toFixed(1)} tokens/s` : 'not measured');
  return {
    result: {
      kind: 'rates',
      passed,
      summary: `Prefill (exact scoring) ${shown(prefill)}, decoding (forced generation) ${shown(decodeRate)}, over ${prompts.length} prompts.`,
      numbers: {
        prefillTokensPerS: ok(prefill) ? prefill : null,
        decodeTokensPerS: ok(decodeRate) ? decodeRate : null,
      },
      rows,
    },
    speed: passed ? { prefillTokensPerS: prefill, decodeTokensPerS: decodeRate, prompts } : null,
  };
}

export async function runSelfTest(ctx: SelfTestContext, request: SelfTestRequest): Promise<SelfTestReport> {
  const known = await knownAnswers(ctx, request.knownAnswers).catch((e: unknown) => failed('known_answers', e));
  const measured: Measured[] = [];
  for (const prompt of request.benchmarkPrompts) measured.push(await measure(ctx, prompt));
  let decode: Forced | null = null;
  let forcedResult: DeviceCheckResult;
  try {
    decode = await forced(ctx, request.continuation);
    forcedResult = decode.result;
  } catch (e) {
    forcedResult = failed('forced', e);
  }
  const timed = rates(measured, decode);
  return {
    checks: [known, logprobs(measured), repeat(measured), forcedResult, timed.result],
    speed: timed.speed,
    template: ctx.renderer.info,
  };
}
