/**
 * "Same model, different quantization": two builds of one model (same family and size) compared
 * per condition, the difference's interval combining the builds' own intervals (hand-computed).
 */
import { describe, expect, it } from 'vitest';
import type { StudyRow } from '../../../src/lib/core/study';
import { buildComparisons, buildDifference } from '../../../src/lib/study/builds';

function studyRow(over: Partial<StudyRow>): StudyRow {
  return {
    benchmark: 'bbq',
    model: 'm',
    condition: 'q',
    category: null,
    metric: 'ambiguous_bias',
    value: 0.1,
    ci_low: 0.05,
    ci_high: 0.2,
    interval_unit: null,
    n: 50,
    run: 'r1',
    run_name: 'run 1',
    params: 490e6,
    family: 'qwen2.5',
    quantization: 'q4f16_1',
    hf_id: null,
    label: 'Qwen2.5 0.5B',
    engine: 'webllm · @mlc-ai/web-llm 0.2.86',
    device: null,
    template: null,
    app_version: '0.2.0 · commit unknown',
    ...over,
  };
}

describe('buildDifference', () => {
  it('subtracts the reference build and widens the interval as for independent estimates', () => {
    const a = studyRow({ value: 0.1, ci_low: 0.05, ci_high: 0.2 });
    const b = studyRow({ value: 0.3, ci_low: 0.2, ci_high: 0.35, quantization: 'q4f32_1' });
    const d = buildDifference(a, b);
    expect(d.value).toBeCloseTo(0.2, 12);
    // Lower: 0.2 − √(0.1² + 0.1²); upper: 0.2 + √(0.05² + 0.05²).
    expect(d.ci_low).toBeCloseTo(0.2 - Math.SQRT2 * 0.1, 12);
    expect(d.ci_high).toBeCloseTo(0.2 + Math.SQRT2 * 0.05, 12);
  });

  it('is undefined when either build is, and has no interval when either has none', () => {
    expect(buildDifference(studyRow({ value: null }), studyRow({})).value).toBeNull();
    const open = buildDifference(studyRow({ ci_low: null }), studyRow({ value: 0.4 }));
    expect(open).toMatchObject({ ci_low: null, ci_high: null });
    expect(open.value).toBeCloseTo(0.3, 12);
  });
});

describe('buildComparisons', () => {
  const rows: StudyRow[] = [
    studyRow({ model: 'f16', condition: 'q', value: 0.1 }),
    studyRow({ model: 'f16', condition: 'q_if', value: 0.05 }),
    studyRow({ model: 'f32', quantization: 'q4f32_1', condition: 'q', value: 0.12, run: 'r2' }),
    studyRow({ model: 'f32', quantization: 'q4f32_1', condition: 'q_if', value: 0.02, run: 'r2' }),
    // Not comparisons: another size, an unknown build, a contrast row, another metric.
    studyRow({ model: '1.5b', params: 1.5e9 }),
    studyRow({ model: 'server', quantization: null }),
    studyRow({ model: 'f32', quantization: 'q4f32_1', condition: 'q_if', baseline: 'q', value: -0.1 }),
    studyRow({ model: 'f32', quantization: 'q4f32_1', metric: 'disambiguated_accuracy', value: 0.9 }),
  ];

  it('pairs the builds of one model per condition on the headline metric', () => {
    const [comparison, ...others] = buildComparisons(rows, () => 'ambiguous_bias');
    expect(others).toEqual([]);
    expect(comparison).toMatchObject({
      benchmark: 'bbq',
      family: 'qwen2.5',
      params: 490e6,
      builds: ['q4f16_1', 'q4f32_1'],
    });
    expect(comparison?.rows.map((r) => `${r.model}:${r.condition}`)).toEqual([
      'f16:q',
      'f16:q_if',
      'f32:q',
      'f32:q_if',
    ]);
    expect(comparison?.differences.map((d) => [d.condition, d.reference.model, d.other.model])).toEqual([
      ['q', 'f16', 'f32'],
      ['q_if', 'f16', 'f32'],
    ]);
    expect(comparison?.differences[0]?.value).toBeCloseTo(0.02, 12);
    expect(comparison?.differences[1]?.value).toBeCloseTo(-0.03, 12);
  });

  it('finds none when every model has one build', () => {
    expect(buildComparisons(rows.slice(0, 2), () => 'ambiguous_bias')).toEqual([]);
  });
});
