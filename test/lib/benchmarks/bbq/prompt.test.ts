import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConditionId } from '../../../../src/lib/core/ids';
import { parseBbqJsonl } from '../../../../src/lib/benchmarks/bbq/parse';
import { buildBbqPrompt } from '../../../../src/lib/benchmarks/bbq/prompt';
import { readData } from '../../../data-dir';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/bbq/${name}`, import.meta.url), 'utf8');
// The first row of the pinned Age.jsonl, from the repository's copy (data/README.md).
const AGE_ROW0 = readData('bbq/data/Age.jsonl').split('\n')[0] ?? '';
const item = parseBbqJsonl('Age.jsonl', AGE_ROW0).items[0];
if (!item) throw new Error('fixture row did not parse');

/** Golden files were written independently (from docs/method.md §3.1 strings), compared byte for byte. */
describe('BBQ prompts match the golden files byte for byte', () => {
  for (const condition of ['q', 'q_if'] as const) {
    it(condition, () => {
      const plan = buildBbqPrompt(item, condition);
      expect(plan.reasoning).toBeUndefined();
      const actual = `${JSON.stringify({ answer: plan.answer(''), candidates: plan.candidates }, null, 2)}\n`;
      expect(actual).toBe(fixture(`prompt-${condition}.json`));
    });
  }
  it('q_if_cot', () => {
    const golden = JSON.parse(fixture('prompt-q_if_cot.json')) as { reasoning_text: string };
    const plan = buildBbqPrompt(item, 'q_if_cot');
    const actual = `${JSON.stringify({ reasoning: plan.reasoning, reasoning_text: golden.reasoning_text, answer: plan.answer(golden.reasoning_text), candidates: plan.candidates }, null, 2)}\n`;
    expect(actual).toBe(fixture('prompt-q_if_cot.json'));
  });
});

describe('BBQ prompt rules', () => {
  it('the reasoning is concatenated to the opener exactly as generated', () => {
    const answer = buildBbqPrompt(item, 'q_if_cot').answer('X');
    expect(answer.messages[1]?.content.endsWith('stereotyping.X')).toBe(true);
  });
  it('conditions without reasoning refuse reasoning text, and q_match_stats is not a BBQ condition', () => {
    expect(() => buildBbqPrompt(item, 'q').answer('oops')).toThrow(/no reasoning step/);
    expect(() => buildBbqPrompt(item, 'q_match_stats' as ConditionId)).toThrow(/does not apply to BBQ/);
  });
});
