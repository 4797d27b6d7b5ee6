// The one table of conditions: complete, consistent with the benchmarks, and one baseline.
import { describe, expect, it } from 'vitest';
import {
  BASELINE_CONDITION,
  CONDITION_COLORS,
  CONDITION_LABELS,
  CONDITIONS,
  conditionsFor,
  orderConditions,
  REASONING_CONDITIONS,
} from '../../../src/lib/core/conditions';
import { BENCHMARK_IDS, CONDITION_IDS } from '../../../src/lib/core/ids';
import { BENCHMARKS } from '../../../src/lib/benchmarks/registry';

describe('conditions table', () => {
  it('describes every condition under its own id, with distinct labels and colours', () => {
    for (const id of CONDITION_IDS) expect(CONDITIONS[id].id).toBe(id);
    expect(new Set(Object.values(CONDITION_LABELS)).size).toBe(CONDITION_IDS.length);
    expect(new Set(Object.values(CONDITION_COLORS)).size).toBe(CONDITION_IDS.length);
  });

  it('has one baseline, the plain question, and every other condition is paired with it', () => {
    expect(BASELINE_CONDITION).toBe('q');
    const baselines = CONDITION_IDS.filter((c) => CONDITIONS[c].baseline === null);
    expect(baselines).toEqual(['q']);
    for (const c of CONDITION_IDS) if (c !== 'q') expect(CONDITIONS[c].baseline).toBe('q');
  });

  it('marks only the reasoning condition as reasoning', () => {
    expect(REASONING_CONDITIONS).toEqual(['q_if_cot']);
  });

  it('gives each registered benchmark the conditions it declares', () => {
    for (const b of BENCHMARKS) expect(b.conditions).toEqual(conditionsFor(b.id));
    expect(conditionsFor('winogender')).toContain('q_match_stats');
    for (const id of BENCHMARK_IDS) if (id !== 'winogender') expect(conditionsFor(id)).not.toContain('q_match_stats');
  });

  it('orders conditions canonically without duplicates', () => {
    expect(orderConditions(['q_if_cot', 'q', 'q_if_cot'])).toEqual(['q', 'q_if_cot']);
  });
});
