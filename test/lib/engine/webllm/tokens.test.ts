/**
 * Canonical candidate tokens (docs/method.md §4) with the real Qwen3, Llama 3.1 and Gemma 3
 * tokenizers: each candidate is tokenised together with the prompt, the prefix all candidates
 * share with the prompt's own tokens is the scored context, and the rest are the candidate's
 * tokens. The benchmarks' own prefills (" (" then a letter, an open quote then yes/no, a sentence
 * then " he") split cleanly on all three; the merge case is constructed: a prefill ending in "("
 * with no space, where Qwen3 and Llama 3.1 write "(a" as one token.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderedPrompt } from '../../../../src/lib/engine/webllm/template';
import { planCandidates, tokenizePrompt } from '../../../../src/lib/engine/webllm/tokens';
import { hfTokenizer, webTokenizer, type RealModel, type WebTokenizer } from '../../../doubles/real-tokenizers';

function prompt(text: string, prefix: readonly number[] = [], before: readonly string[] = []): RenderedPrompt {
  return {
    format: 'chat_template',
    prefixTokenIds: prefix,
    segments: [...before, text],
    stopStrings: [],
    stopTokenIds: [],
  };
}

const MODELS: readonly RealModel[] = ['qwen3', 'llama3_1', 'gemma3'];

describe.each(MODELS)('%s', (model) => {
  let tok: WebTokenizer;
  beforeAll(() => {
    hfTokenizer(model);
    tok = webTokenizer(model);
  }, 30_000);

  it('BBQ letters after " (": the whole prompt is the context, one token each', () => {
    const p = prompt('<start>Q?\nThe answer is (');
    const plan = planCandidates(tok, p, ['a', 'b', 'c']);
    expect(plan.context).toEqual(tokenizePrompt(tok, p));
    expect(plan.promptLength).toBe(plan.context.length);
    expect(plan.texts.map((t) => t.ids)).toEqual([[tok.id('a')], [tok.id('b')], [tok.id('c')]]);
  });

  it('admissions yes/Yes/no/No after an open quote, Winogender pronouns after a sentence: no merge', () => {
    const quote = planCandidates(tok, prompt('my answer would be "'), ['yes', 'Yes', 'no', 'No']);
    expect(quote.context.length).toBe(quote.promptLength);
    expect(quote.texts.map((t) => t.ids)).toEqual([[tok.id('yes')], [tok.id('Yes')], [tok.id('no')], [tok.id('No')]]);
    const pronoun = planCandidates(tok, prompt('The nurse notified the patient that'), [' he', ' she', ' they']);
    expect(pronoun.context.length).toBe(pronoun.promptLength);
    expect(pronoun.texts.map((t) => t.ids.length)).toEqual([1, 1, 1]);
  });

  it('a multi-token candidate keeps all its canonical tokens (chain rule)', () => {
    const plan = planCandidates(tok, prompt('The answer is'), [' antidisestablishmentarianism']);
    const text = plan.texts[0];
    expect(text?.ids.length).toBeGreaterThan(1);
    expect(tok.decode(Int32Array.from([...plan.context, ...(text?.ids ?? [])]))).toBe(
      'The answer is antidisestablishmentarianism',
    );
  });

  it('only the last segment is joined with the candidate; earlier segments and prefix ids stay as they are', () => {
    const p = prompt(' is (', [7], ['Hello', ' world']);
    const plan = planCandidates(tok, p, ['a']);
    expect(plan.context.slice(0, 1)).toEqual([7]);
    expect(plan.context).toEqual(tokenizePrompt(tok, p));
  });

  it('refuses an empty candidate text (a benchmark bug)', () => {
    expect(() => planCandidates(tok, prompt('x'), [''])).toThrow(/empty/);
  });
});

describe("a candidate that merges with the prefill's last token", () => {
  beforeAll(() => MODELS.forEach((m) => hfTokenizer(m)), 60_000);

  it.each(['qwen3', 'llama3_1'] as const)(
    '%s: "is(" + "a" is scored over the canonical "(a", from the shared context',
    (model) => {
      const tok = webTokenizer(model);
      const p = prompt('The answer is(');
      const promptIds = tokenizePrompt(tok, p);
      expect(promptIds.at(-1)).toBe(tok.id('('));
      const plan = planCandidates(tok, p, ['a', 'b', 'c']);
      // "(a" is one token: the shared context stops before "(", and each candidate takes its canonical ids.
      expect(plan.context).toEqual(promptIds.slice(0, -1));
      expect(plan.promptLength).toBe(promptIds.length);
      for (const t of plan.texts) {
        expect(t.ids).toEqual(Array.from(tok.encode(`(${t.text}`)));
        expect(tok.decode(Int32Array.from([...plan.context, ...t.ids]))).toBe(`The answer is(${t.text}`);
      }
      expect(plan.texts[0]?.ids).toEqual([tok.id('(a')]);
    },
  );

  it('gemma3: "(" and "a" stay separate, so the whole prompt is the context', () => {
    const tok = webTokenizer('gemma3');
    const p = prompt('The answer is(');
    const plan = planCandidates(tok, p, ['a', 'b', 'c']);
    expect(plan.context).toEqual(tokenizePrompt(tok, p));
  });

  it('gemma3 (SentencePiece) merges elsewhere: " un" + "known" is one token, " *" + "*a" two (chain rule)', () => {
    const tok = webTokenizer('gemma3');
    const un = prompt('The answer is un');
    const unIds = tokenizePrompt(tok, un);
    expect(unIds.at(-1)).toBe(tok.id(' un'));
    const word = planCandidates(tok, un, ['known']);
    expect(word.context).toEqual(unIds.slice(0, -1));
    expect(word.texts[0]?.ids).toEqual([tok.id(' unknown')]);

    const star = prompt('The answer is *');
    const starIds = tokenizePrompt(tok, star);
    expect(starIds.at(-1)).toBe(tok.id(' *'));
    const plan = planCandidates(tok, star, ['*a', '*b']);
    expect(plan.context).toEqual(starIds.slice(0, -1));
    expect(plan.promptLength).toBe(starIds.length);
    expect(plan.texts.map((t) => t.ids)).toEqual([
      [tok.id(' **'), tok.id('a')],
      [tok.id(' **'), tok.id('b')],
    ]);
  });

  it('mixed: one candidate merges, another does not; both are measured from the same context', () => {
    const tok = webTokenizer('qwen3');
    const p = prompt('The answer is(');
    const plan = planCandidates(tok, p, ['a', '\u2603']);
    expect(plan.context).toEqual(tokenizePrompt(tok, p).slice(0, -1));
    expect(plan.texts[1]?.ids[0]).toBe(tok.id('('));
    expect(plan.texts[1]?.ids.length).toBeGreaterThan(1);
  });
});
