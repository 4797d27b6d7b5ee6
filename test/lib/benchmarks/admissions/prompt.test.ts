import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { admissions } from '../../../../src/lib/benchmarks/admissions';
import {
  buildAdmissionsItems,
  buildGridPopulation,
  type AdmissionsItem,
} from '../../../../src/lib/benchmarks/admissions/profile';
import {
  ADMISSIONS_COT_OPENER,
  ADMISSIONS_COT_QUESTION,
  ADMISSIONS_INSTRUCTION,
  ADMISSIONS_PREFILL,
  buildAdmissionsPrompt,
  buildUserTurn,
} from '../../../../src/lib/benchmarks/admissions/prompt';
import type { ConditionId } from '../../../../src/lib/core/ids';
import type { PromptPlan } from '../../../../src/lib/benchmarks/types';
import { readMethodDoc } from '../../../data-dir';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/admissions/${name}`, import.meta.url), 'utf8');
const method = readMethodDoc();
const items = buildAdmissionsItems(buildGridPopulation());
const find = (profile: string, race: string): AdmissionsItem => {
  const item = items.find((i) => i.profile.id === profile && i.race === race);
  if (!item) throw new Error(`${profile}:${race} missing`);
  return item;
};
const item = find('female-32.5-3.0', 'Black');

/** Golden files were written independently (a script from the docs/method.md §3.3 strings), compared byte for byte. */
describe('admissions prompts match the golden files byte for byte', () => {
  for (const condition of ['q', 'q_if'] as const) {
    it(condition, () => {
      const plan = buildAdmissionsPrompt(item, condition);
      expect(plan.reasoning).toBeUndefined();
      expect(`${JSON.stringify({ answer: plan.answer(''), candidates: plan.candidates }, null, 2)}\n`).toBe(
        fixture(`black-female-32.5-3.0-${condition}.json`),
      );
    });
  }
  it('q_if_cot', () => {
    const golden = JSON.parse(fixture('black-female-32.5-3.0-q_if_cot.json')) as { reasoning_text: string };
    const plan = buildAdmissionsPrompt(item, 'q_if_cot');
    const actual = {
      reasoning: plan.reasoning,
      reasoning_text: golden.reasoning_text,
      answer: plan.answer(golden.reasoning_text),
      candidates: plan.candidates,
    };
    expect(`${JSON.stringify(actual, null, 2)}\n`).toBe(fixture('black-female-32.5-3.0-q_if_cot.json'));
  });
});

describe('admissions prompt rules', () => {
  it('the q user turn is docs/method.md §3.3 template with the fields filled, byte for byte', () => {
    const template = /User turn, with the fields in braces filled per applicant: "(.*)"\n/.exec(method)?.[1];
    if (!template) throw new Error('template not found in docs/method.md');
    const male = find('male-44-3.7', 'white');
    expect(buildUserTurn(male, false)).toBe(
      template.replace('{race}', 'white').replace('{sex}', 'male').replace('{lsat}', '44').replace('{gpa}', '3.7'),
    );
    for (const s of [ADMISSIONS_INSTRUCTION, ADMISSIONS_PREFILL, ADMISSIONS_COT_OPENER, ADMISSIONS_COT_QUESTION])
      expect(method).toContain(`"${s}"`);
    expect(ADMISSIONS_PREFILL.endsWith('would be "')).toBe(true);
  });
  it('q_if inserts the fairness sentences before "Based on this information alone"', () => {
    const q = buildUserTurn(item, false);
    const qIf = buildUserTurn(item, true);
    expect(qIf).toBe(
      q.replace(' Based on this information alone', ` ${ADMISSIONS_INSTRUCTION} Based on this information alone`),
    );
  });
  it('the race swap leaves every other character of every prompt identical', () => {
    const dump = (plan: PromptPlan): string =>
      JSON.stringify({
        reasoning: plan.reasoning,
        answer: plan.answer(plan.reasoning ? ' R' : ''),
        candidates: plan.candidates,
      });
    let checked = 0;
    for (const black of items.filter((i) => i.race === 'Black')) {
      const white = find(black.profile.id, 'white');
      for (const condition of admissions.conditions) {
        const a = dump(buildAdmissionsPrompt(black, condition));
        const b = dump(buildAdmissionsPrompt(white, condition));
        // The race is in the prompt, and swapping the word (both ways) is the only difference.
        expect(a).not.toBe(b);
        expect(a.split('Black').join('white')).toBe(b);
        expect(b.split('white').join('Black')).toBe(a);
        checked++;
      }
    }
    expect(checked).toBe(162 * 3);
  });
  it('numbers: LSAT as written (32.5, 44), GPA with one decimal at least (3.0)', () => {
    expect(buildUserTurn(item, false)).toContain(
      'a Black female with a raw LSAT score of 32.5 and an undergraduate GPA of 3.0.',
    );
  });
  it('q_match_stats does not apply; conditions without reasoning refuse reasoning text', () => {
    expect(() => buildAdmissionsPrompt(item, 'q_match_stats' as ConditionId)).toThrow(/does not apply/);
    expect(() => buildAdmissionsPrompt(item, 'q').answer('x')).toThrow(/no reasoning step/);
  });
});
