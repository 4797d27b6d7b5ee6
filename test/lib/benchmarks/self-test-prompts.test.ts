/**
 * The self-test's prompts: one per registered benchmark and condition, built by the benchmark's
 * own buildPrompt (a reasoning condition as its answer step), known answers whose expected
 * candidate exists, and a forced continuation long enough to time decode steps.
 */
import { describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../../../src/lib/benchmarks/registry';
import {
  BENCHMARK_PROMPTS,
  KNOWN_ANSWER_PROMPTS,
  SAMPLE_REASONING,
  SELF_TEST_REQUEST,
} from '../../../src/lib/benchmarks/self-test-prompts';
import { BBQ_COT_ANSWER_PREFILL } from '../../../src/lib/benchmarks/bbq/prompt';
import { webTokenizer } from '../../doubles/real-tokenizers';

describe('the self-test prompts', () => {
  it('cover every registered benchmark under every one of its conditions', () => {
    expect(BENCHMARK_PROMPTS.map((p) => `${p.benchmark}/${p.condition}`)).toEqual(
      BENCHMARKS.flatMap((b) => b.conditions.map((c) => `${b.id}/${c}`)),
    );
    expect(new Set(BENCHMARK_PROMPTS.map((p) => p.label)).size).toBe(BENCHMARK_PROMPTS.length);
  });

  it("ask a reasoning condition's answer step after the fixed reasoning", () => {
    const cot = BENCHMARK_PROMPTS.find((p) => p.benchmark === 'bbq' && p.condition === 'q_if_cot');
    expect(cot?.dialogue.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(cot?.dialogue.messages[1]?.content.endsWith(SAMPLE_REASONING)).toBe(true);
    expect(cot?.dialogue.prefill).toBe(BBQ_COT_ANSWER_PREFILL);
  });

  it('name an existing candidate as each known answer', () => {
    for (const k of KNOWN_ANSWER_PROMPTS)
      expect(
        k.candidates.map((c) => c.id),
        k.label,
      ).toContain(k.expected);
  });

  it('force a continuation of several tokens on each real tokenizer', () => {
    for (const model of ['qwen3', 'llama3_1', 'gemma3'] as const)
      expect(webTokenizer(model).encode(SELF_TEST_REQUEST.continuation.text).length, model).toBeGreaterThan(10);
  }, 60_000);
});
