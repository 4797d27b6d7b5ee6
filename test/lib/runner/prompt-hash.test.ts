import { describe, expect, it } from 'vitest';
import { buildPromptHash, canonicalJson } from '../../../src/lib/runner/prompt-hash';
import { createToyBenchmark, buildToyItems } from '../../doubles/toy-benchmark';

describe('promptHash', () => {
  it('canonical JSON ignores key order but not array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('changes with the prompt, the candidates and the condition, not with anything else', () => {
    const toy = createToyBenchmark();
    const [item] = buildToyItems(1);
    const plan = toy.buildPrompt(item!, 'q');
    expect(buildPromptHash(plan)).toBe(buildPromptHash(toy.buildPrompt(item!, 'q')));
    expect(buildPromptHash(plan)).not.toBe(buildPromptHash(toy.buildPrompt(item!, 'q_if')));
    expect(buildPromptHash(plan)).not.toBe(buildPromptHash({ ...plan, candidates: [{ id: 'yes', texts: [' Yes'] }] }));
    expect(buildPromptHash(plan)).not.toBe(
      buildPromptHash({ ...plan, answer: () => ({ ...plan.answer(''), prefill: 'Answer:' }) }),
    );
  });
});
