/**
 * The explorer's words for a trial: the item in words with the BBQ context, right or wrong and the
 * kind of answer as chips, and the stored facts under human labels (issue 15).
 */
import { describe, expect, it } from 'vitest';
import { factRows, groupValueLabel, trialLine } from '../../../src/lib/explorer/summary';

const bbqItem = {
  category: 'Disability_status',
  source_category: 'Disability_status',
  example_id: 12,
  question_index: 3,
  context_condition: 'ambig',
  question_polarity: 'neg',
  label: 2,
  unknown: 2,
  biased: 0,
};

describe('trialLine', () => {
  it('says a BBQ item in words with its context, right or wrong, and the kind of answer', () => {
    const right = trialLine({
      benchmark: 'bbq',
      itemKey: 'Disability_status:12',
      item: bbqItem,
      status: 'ok',
      answer: 'c',
    });
    expect(right).toEqual({
      benchmark: 'BBQ',
      item: 'Disability status, example 12',
      chips: [
        { text: 'Ambiguous', tone: 'neutral' },
        { text: '✓ Right', tone: 'good' },
        { text: '“Unknown” answer', tone: 'neutral' },
      ],
    });
    const wrong = trialLine({
      benchmark: 'bbq',
      itemKey: 'x',
      item: { ...bbqItem, context_condition: 'disambig' },
      status: 'ok',
      answer: 'a',
    });
    expect(wrong.chips.map((c) => c.text)).toEqual(['Disambiguated', '✗ Wrong', 'Biased answer']);
    // A failed trial has no answer to judge: only its context.
    const failed = trialLine({ benchmark: 'bbq', itemKey: 'x', item: bbqItem, status: 'failed', answer: null });
    expect(failed.chips.map((c) => c.text)).toEqual(['Ambiguous']);
  });

  it('says Winogender and admissions items in words, without chips', () => {
    expect(
      trialLine({
        benchmark: 'winogender',
        itemKey: 'nurse:female',
        item: { occupation: 'nurse', version: 'female', pronoun_case: 'nom', bls_pct_female: 89.58 },
        status: 'ok',
        answer: 'female',
      }),
    ).toEqual({ benchmark: 'Winogender', item: 'nurse, female pronoun', chips: [] });
    expect(
      trialLine({
        benchmark: 'admissions',
        itemKey: 'grid:p1:Black',
        item: { population: 'grid', profile: 'p1', race: 'Black', sex: 'female', lsat: 160, gpa: 3.5 },
        status: 'ok',
        answer: 'yes',
      }).item,
    ).toBe('Black female applicant, LSAT 160, GPA 3.5');
  });
});

describe('factRows', () => {
  it('labels stored facts for people, with option letters and contexts in words', () => {
    expect(factRows(bbqItem)).toEqual([
      { label: 'Category', value: 'Disability status' },
      { label: 'Source file', value: 'Disability_status.jsonl' },
      { label: 'Example', value: '12' },
      { label: 'Question template', value: '3' },
      { label: 'Context', value: 'Ambiguous' },
      { label: 'Question', value: 'Negative question' },
      { label: 'Right option', value: '(c)' },
      { label: '“Unknown” option', value: '(c)' },
      { label: 'Biased option', value: '(a)' },
    ]);
    expect(factRows({ bls_pct_female: 89.58, some_new_field: true })).toEqual([
      { label: 'Women in the occupation (BLS)', value: '89.58%' },
      { label: 'Some new field', value: 'true' },
    ]);
  });
});

describe('groupValueLabel', () => {
  it('names BBQ categories for people and leaves occupations and races as they are', () => {
    expect(groupValueLabel('category', 'Race_x_gender')).toBe('Race × gender');
    expect(groupValueLabel('category', 'Gender_identity (names)')).toBe('Gender identity (names)');
    expect(groupValueLabel('occupation', 'nurse')).toBe('nurse');
  });
});
