/** The typed copy of the paper's values equals the JSON it was copied from (docs/method.md §7). */
import { describe, expect, it } from 'vitest';
import { GANGULI_2023, referencePoints } from '../../../src/lib/charts/reference';
import { readData } from '../../data-dir';

const json: unknown = JSON.parse(readData('reference/ganguli2023.json'));

describe('reference values', () => {
  it('equal data/reference/ganguli2023.json exactly', () => {
    expect(GANGULI_2023).toStrictEqual(json);
  });

  it('select one benchmark metric', () => {
    const bbq = referencePoints('bbq', 'ambiguous_bias');
    expect(bbq.map((p) => [p.condition, p.value])).toEqual([
      ['q', 0.185],
      ['q_if', 0.106],
      ['q_if_cot', 0.03],
    ]);
    expect(referencePoints('admissions', 'discrimination')).toHaveLength(5);
    expect(referencePoints('bbq', 'disambiguated_accuracy')).toEqual([]);
  });
});
