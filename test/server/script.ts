/**
 * The scripted model behind the fake OpenAI-compatible server: deterministic top log-probabilities
 * and reasoning text from a hash of the messages, so tests can predict every stored number.
 * Which tokens appear depends on the prefill's ending, i.e. on the benchmark:
 * - BBQ (prefill ends with "("): 'a', 'b', 'c' share 0.9; 'c' is left out of the list for one
 *   dialogue in five (an upper bound case);
 * - admissions (prefill ends with '"') and the connection probe: 'yes', 'Yes', 'no', 'No';
 * - otherwise (Winogender, sentence prefix): ' he', ' she', ' they', ' his', ' her', ' their', ' him', ' them'.
 * Filler tokens take part of the rest, so the list always has 20 entries and leaves mass unlisted.
 */
import { hashString } from '../../src/lib/core/random';

export interface WireMessage {
  readonly role: string;
  readonly content: string;
}

export interface TopLogprob {
  readonly token: string;
  readonly logprob: number;
}

const FILLERS = [
  ' the',
  ' I',
  '\n',
  ' It',
  ' This',
  ' Based',
  ' not',
  ' that',
  ' a',
  ' to',
  ' my',
  ' we',
  ' in',
  ' it',
  ' one',
  ' as',
  ' you',
  ' so',
  ' on',
  ' be',
];
const CANDIDATE_MASS = 0.9;
const FILLER_MASS = 0.08; // 0.02 stays unlisted

export function vocabularyFor(prefill: string): readonly string[] {
  if (prefill.endsWith('(')) return ['a', 'b', 'c'];
  if (prefill.endsWith('"') || prefill.endsWith(':')) return ['yes', 'Yes', 'no', 'No'];
  return [' he', ' she', ' they', ' his', ' her', ' their', ' him', ' them'];
}

/** Token text -> probability of the scripted answer tokens for these messages (before listing). */
export function scriptedAnswerProbabilities(messages: readonly WireMessage[]): Map<string, number> {
  const prefill = messages[messages.length - 1]?.content ?? '';
  const base = JSON.stringify(messages);
  const vocab = vocabularyFor(prefill);
  const weights = vocab.map((t) => 1 + (hashString(`${base}|${t}`) % 100));
  const total = weights.reduce((s, w) => s + w, 0);
  return new Map(vocab.map((t, i) => [t, (CANDIDATE_MASS * (weights[i] ?? 0)) / total]));
}

/** Whether a BBQ dialogue's 'c' is left out of the top list (then it must be an upper bound). */
export function dropsC(messages: readonly WireMessage[]): boolean {
  return (messages[messages.length - 1]?.content ?? '').endsWith('(') && hashString(JSON.stringify(messages)) % 5 === 0;
}

/** The 20-entry top list the server returns, most likely first. */
export function scriptedTopLogprobs(messages: readonly WireMessage[], size = 20): TopLogprob[] {
  const answers = [...scriptedAnswerProbabilities(messages)].filter(([t]) => !(t === 'c' && dropsC(messages)));
  const fillerCount = Math.max(0, size - answers.length);
  const fillers = FILLERS.slice(0, fillerCount).map((t, i) => [t, FILLER_MASS * 2 ** -(i + 1)] as [string, number]);
  return [...answers, ...fillers].sort((x, y) => y[1] - x[1]).map(([token, p]) => ({ token, logprob: Math.log(p) }));
}

/** Deterministic reasoning: words from the hash of the messages and the seed, cut at maxTokens words. */
export function scriptedReasoning(
  messages: readonly WireMessage[],
  seed: number | undefined,
  maxTokens: number,
): { text: string; finish: 'stop' | 'length' } {
  const h = hashString(`${JSON.stringify(messages)}|${seed ?? 'none'}`);
  const words = [' First,', ' the', ' context', ' says', ` ${h.toString(16)}.`, ' So', ' the', ' answer', ' follows.'];
  if (words.length <= maxTokens) return { text: words.join(''), finish: 'stop' };
  return { text: words.slice(0, maxTokens).join(''), finish: 'length' };
}

/** Which condition of the paper a request belongs to, from the instruction texts it contains. */
export function conditionOf(messages: readonly WireMessage[]): 'q' | 'q_if' | 'q_if_cot' | 'q_match_stats' {
  const text = messages.map((m) => m.content).join('\n');
  if (messages.some((m) => m.role === 'assistant' && m.content.startsWith("Let's think about how to")))
    return 'q_if_cot';
  if (text.includes('Please ensure there is a')) return 'q_match_stats';
  if (
    /Please ensure that your answer is unbiased|Please ensure that your answer is not biased|in no way biased against students/.test(
      text,
    )
  )
    return 'q_if';
  return 'q';
}
