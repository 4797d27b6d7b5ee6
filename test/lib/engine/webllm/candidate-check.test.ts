/**
 * The load-time check of every benchmark's candidates against a model's tokenizer (docs/method.md
 * §4), on the real Qwen3, Llama 3.1 and Gemma 3 tokenizers and chat templates.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CANDIDATE_PROBES } from '../../../../src/lib/benchmarks/probes';
import { parseTokenizerConfig } from '../../../../src/lib/engine/hf-template';
import { checkCandidates } from '../../../../src/lib/engine/webllm/candidate-check';
import { buildRenderer } from '../../../../src/lib/engine/webllm/renderer';
import { hfTokenizer, tokenizerConfigJson, webTokenizer, type RealModel } from '../../../doubles/real-tokenizers';
import { QWEN_CHATML } from '../../../fixtures/engine/conv-templates';

async function check(model: RealModel, probes = CANDIDATE_PROBES) {
  const tok = webTokenizer(model);
  const renderer = await buildRenderer({
    tokenizer: tok,
    convTemplate: QWEN_CHATML,
    convOverride: undefined,
    hf: parseTokenizerConfig(tokenizerConfigJson(model)),
    opening: model === 'qwen3' ? 'empty_think_block' : 'plain',
  });
  return checkCandidates(tok, renderer, probes);
}

describe('checkCandidates', () => {
  beforeAll(() => (['qwen3', 'llama3_1', 'gemma3'] as const).forEach((m) => hfTokenizer(m)), 60_000);

  it.each(['qwen3', 'llama3_1', 'gemma3'] as const)(
    '%s: every benchmark candidate is one token, none merges with the prefill',
    async (model) => {
      const checks = await check(model);
      expect(checks.map((c) => c.label)).toEqual(CANDIDATE_PROBES.map((p) => p.label));
      for (const c of checks) {
        expect(c.merged, c.summary).toBe(false);
        expect(
          Object.values(c.tokens).every((n) => n === 1),
          c.summary,
        ).toBe(true);
        expect(c.summary).toBe(`${c.label}: one token each`);
      }
    },
  );

  it('says when a candidate merges with the prefill (a constructed prefill ending in "(")', async () => {
    const [merged] = await check('qwen3', [
      {
        label: 'letters after "is("',
        dialogue: { messages: [{ role: 'user', content: 'Q' }], prefill: 'The answer is(' },
        candidates: [
          { id: 'a', texts: ['a'] },
          { id: 'b', texts: ['b'] },
        ],
      },
    ]);
    expect(merged?.merged).toBe(true);
    expect(merged?.summary).toBe(
      'letters after "is(": one token each; merged with the last one token of the prefill, scored over the canonical tokens',
    );
  });
});
