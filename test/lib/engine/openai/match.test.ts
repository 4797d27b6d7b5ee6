import { describe, expect, it } from 'vitest';
import { foldToken, matchTopK } from '../../../../src/lib/engine/openai/match';
import type { Candidate } from '../../../../src/lib/engine/types';

const top = (entries: [string, number][]) => entries.map(([token, p]) => ({ token, logprob: Math.log(p) }));
const ABC: Candidate[] = ['a', 'b', 'c'].map((id) => ({ id, texts: [id] }));

describe('matchTopK', () => {
  it('folds case, whitespace and tokenizer space markers', () => {
    expect(['a', ' a', 'A ', '\u0120A', '\u2581a'].map(foldToken)).toEqual(['a', 'a', 'a', 'a', 'a']);
  });

  it('sums every listed token matching a candidate after trimming and case-folding', () => {
    const r = matchTopK(
      top([
        ['a', 0.5],
        [' A', 0.1],
        ['b', 0.2],
        ['c', 0.1],
        [' the', 0.05],
      ]),
      ABC,
    );
    expect(r.method).toBe('top_k');
    expect(r.raw.a).toBeCloseTo(0.6, 12);
    expect(r.raw.b).toBeCloseTo(0.2, 12);
    expect(r.raw.c).toBeCloseTo(0.1, 12);
    expect(r.upperBound).toBeUndefined();
    expect(r.firstTokenOnly).toBeUndefined();
  });

  it('adds yes and Yes once each: a token matching two texts of a candidate is not counted twice', () => {
    const yesNo: Candidate[] = [
      { id: 'yes', texts: ['yes', 'Yes'] },
      { id: 'no', texts: ['no', 'No'] },
    ];
    const r = matchTopK(
      top([
        ['Yes', 0.4],
        ['yes', 0.2],
        ['No', 0.3],
        [' no', 0.05],
      ]),
      yesNo,
    );
    expect(r.raw.yes).toBeCloseTo(0.6, 12);
    expect(r.raw.no).toBeCloseTo(0.35, 12);
  });

  it('bounds an absent candidate by min(n texts x smallest listed, left-over mass) and lists it', () => {
    // listed mass 0.95 -> left over 0.05; smallest listed 0.02.
    const r = matchTopK(
      top([
        ['a', 0.6],
        ['b', 0.3],
        ['x', 0.03],
        ['y', 0.02],
      ]),
      ABC,
    );
    expect(r.raw.c).toBeCloseTo(0.02, 12);
    expect(r.upperBound).toEqual(['c']);
    const tight = matchTopK(
      top([
        ['a', 0.6],
        ['b', 0.39],
        ['x', 0.006],
        ['y', 0.002],
      ]),
      ABC,
    );
    expect(tight.raw.c).toBeCloseTo(0.002, 12);
    const yesNo: Candidate[] = [
      { id: 'yes', texts: ['yes', 'Yes'] },
      { id: 'no', texts: ['no', 'No'] },
    ];
    const two = matchTopK(
      top([
        ['yes', 0.5],
        ['x', 0.3],
        ['y', 0.1],
      ]),
      yesNo,
    );
    expect(two.raw.no).toBeCloseTo(0.1, 12); // min(2 x 0.1, 0.1 left over)
    expect(two.upperBound).toEqual(['no']);
  });

  it('scores a several-word candidate by its first word and flags it, never by a part of a word', () => {
    const cands: Candidate[] = [
      { id: 'ns', texts: [' not sure'] },
      { id: 'their', texts: [' their'] },
    ];
    const r = matchTopK(
      top([
        [' not', 0.3],
        [' the', 0.5],
        ['x', 0.01],
      ]),
      cands,
    );
    expect(r.raw.ns).toBeCloseTo(0.3, 12);
    expect(r.firstTokenOnly).toEqual(['ns']);
    expect(r.raw.their).toBeCloseTo(0.01, 12); // ' the' is not ' their': an upper bound instead
    expect(r.upperBound).toEqual(['their']);
  });

  it('refuses candidates that cannot be told apart after folding', () => {
    expect(() =>
      matchTopK(top([['a', 1]]), [
        { id: 'x', texts: ['A'] },
        { id: 'y', texts: [' a'] },
      ]),
    ).toThrow(/"x" and "y" both have the text "a"/);
    expect(() => matchTopK([], ABC)).toThrow(/empty/);
  });
});
