/**
 * Candidate probabilities from a top-k log-probability list (docs/method.md §4, servers that
 * return only the top k log-probabilities). Pure.
 *
 * Matching: a listed token belongs to a candidate when its text, trimmed and lower-cased
 * (`foldToken`), equals one of the candidate's texts folded the same way, so ' A', 'a' and 'A'
 * all count for candidate `a`, and 'Yes' and 'yes' for `yes`. Each listed token is counted at most
 * once per candidate, even when it matches two of its texts (['yes', 'Yes'] fold to one key).
 * Two candidates whose texts fold to the same key cannot be told apart: that is a bug in the
 * candidate set and throws.
 *
 * Absent candidates get an upper bound [ours]: every token missing from a top-k list has a
 * probability ≤ the smallest listed one (p_min), and all missing tokens together ≤ the mass the
 * list leaves over (1 − Σ listed). A candidate made of n texts, none listed, therefore has
 * raw ≤ min(n · p_min, 1 − Σ listed); we store that value and list the candidate in `upperBound`.
 * Both are true bounds and we take the tighter; p_min alone could exceed the left-over mass when
 * the list covers nearly everything, and the left-over mass alone is far too loose when it does not.
 *
 * Multi-token candidates: without the server's tokenizer we cannot know how a text splits. A text
 * of several words (e.g. ' not sure') that is not listed whole is scored by its first word, the
 * most likely first token, and flagged `firstTokenOnly`. We never match a listed token that is a
 * shorter part of one word (' the' inside ' their'): that token is usually a different word, and
 * counting it would inflate the candidate.
 */
import type { Candidate, ScoreResult } from '../types';
import type { TopEntry } from './protocol';

/** Byte-level BPE and SentencePiece space markers, as some servers leave them in token texts. */
const SPACE_MARKERS = /^[\u0120\u2581]+/;

export function foldToken(text: string): string {
  return text.replace(SPACE_MARKERS, ' ').trim().toLowerCase();
}

function keysOf(candidate: Candidate): Set<string> {
  const keys = new Set(candidate.texts.map(foldToken));
  if (keys.has('') || keys.size === 0)
    throw new Error(`top-k matching: candidate "${candidate.id}" has an empty or whitespace-only text`);
  return keys;
}

function firstWords(keys: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const key of keys) {
    const [first] = key.split(/\s+/);
    if (first !== undefined && first !== key) out.add(first);
  }
  return out;
}

export function matchTopK(top: readonly TopEntry[], candidates: readonly Candidate[]): ScoreResult {
  if (top.length === 0) throw new Error('top-k matching: the list of log-probabilities is empty');
  const listed = top.map((e) => ({ key: foldToken(e.token), p: Math.exp(e.logprob) }));
  const listedMass = Math.min(
    1,
    listed.reduce((s, e) => s + e.p, 0),
  );
  const leftOver = Math.max(0, 1 - listedMass);
  const pMin = Math.min(...listed.map((e) => e.p));

  const keys = new Map(candidates.map((c) => [c.id, keysOf(c)]));
  const owner = new Map<string, string>();
  for (const [id, set] of keys) {
    for (const key of set) {
      const other = owner.get(key);
      if (other !== undefined)
        throw new Error(
          `top-k matching: candidates "${other}" and "${id}" both have the text "${key}" after trimming and case-folding`,
        );
      owner.set(key, id);
    }
  }

  const raw: Record<string, number> = {};
  const upperBound: string[] = [];
  const firstTokenOnly: string[] = [];
  for (const candidate of candidates) {
    const set = keys.get(candidate.id) ?? new Set<string>();
    const whole = listed.filter((e) => set.has(e.key));
    if (whole.length > 0) {
      raw[candidate.id] = Math.min(
        1,
        whole.reduce((s, e) => s + e.p, 0),
      );
      continue;
    }
    const firsts = [...firstWords(set)].filter((w) => !owner.has(w));
    const partial = listed.filter((e) => firsts.includes(e.key));
    if (partial.length > 0) {
      raw[candidate.id] = Math.min(
        1,
        partial.reduce((s, e) => s + e.p, 0),
      );
      firstTokenOnly.push(candidate.id);
      continue;
    }
    const texts = new Set(candidate.texts).size;
    raw[candidate.id] = Math.min(texts * pMin, leftOver);
    upperBound.push(candidate.id);
  }
  return {
    raw,
    method: 'top_k',
    ...(upperBound.length > 0 ? { upperBound } : {}),
    ...(firstTokenOnly.length > 0 ? { firstTokenOnly } : {}),
  };
}
