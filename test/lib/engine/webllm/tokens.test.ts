import { describe, expect, it } from 'vitest';
import { buildCandidateTokens, tokenizePrompt, type TokenizerLike } from '../../../../src/lib/engine/webllm/tokens';
import type { RenderedPrompt } from '../../../../src/lib/engine/webllm/template';
import { ToyTokenizer } from '../../../doubles/webllm-toy-tokenizer';

describe('tokenizePrompt', () => {
  it('puts the prefix ids first and encodes each segment on its own, as web-llm does', () => {
    const tok = new ToyTokenizer();
    const prompt: RenderedPrompt = {
      format: 'chat_template',
      prefixTokenIds: [7],
      segments: ['ab', 'c'],
      stopStrings: [],
      stopTokenIds: [],
    };
    expect(tokenizePrompt(tok, prompt)).toEqual([7, tok.id('a'), tok.id('b'), tok.id('c')]);
  });
});

describe('buildCandidateTokens', () => {
  const tok = new ToyTokenizer();

  it('takes the remainder when tokens(prompt) is a prefix of tokens(prompt + text)', () => {
    expect(buildCandidateTokens(tok, 'The nurse said that', ' she')).toEqual({ kind: 'split', ids: [tok.id(' she')] });
    expect(buildCandidateTokens(tok, 'my answer would be "', 'Yes')).toEqual({ kind: 'split', ids: [tok.id('Yes')] });
  });

  it('keeps the leading space: " he" and "he" are different tokens', () => {
    const spaced = buildCandidateTokens(tok, 'said that', ' he');
    expect(spaced).toEqual({ kind: 'split', ids: [tok.id(' he')] });
    // a prompt ending in a space would merge with "he" into " he": the fallback keeps "h","e"
    const bare = buildCandidateTokens(tok, 'said that ', 'he');
    expect(bare).toEqual({ kind: 'separate', ids: [tok.id('h'), tok.id('e')] });
  });

  it('splits a multi-token candidate into all its tokens', () => {
    expect(buildCandidateTokens(tok, 'said that', ' they')).toEqual({
      kind: 'split',
      ids: [tok.id(' the'), tok.id('y')],
    });
  });

  it('falls back to tokens(text) when the candidate merges with the end of the prompt', () => {
    // toy vocabulary has "(a": tokens("The answer is (a") does not start with tokens("The answer is (")
    const out = buildCandidateTokens(tok, 'The answer is (', 'a');
    expect(out).toEqual({ kind: 'separate', ids: [tok.id('a')] });
  });

  it('reports a candidate it cannot place instead of guessing', () => {
    const lossy: TokenizerLike = {
      encode: (text) => Int32Array.from([...text].reverse().map((c) => c.charCodeAt(0))),
      decode: () => '',
    };
    expect(buildCandidateTokens(lossy, 'x', 'y').kind).toBe('unresolvable');
  });

  it('refuses an empty candidate text (a benchmark bug)', () => {
    expect(() => buildCandidateTokens(tok, 'x', '')).toThrow(/empty/);
  });
});
