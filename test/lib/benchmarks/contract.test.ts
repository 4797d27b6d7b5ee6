/**
 * The Benchmark contract, checked on every registered benchmark: it parses its fixture, builds a
 * well-formed prompt for every condition of a sample of items, stores JSON-safe item facts, and
 * its summarize returns only declared metrics whose values are finite numbers or explicitly null.
 */
import { describe, expect, it } from 'vitest';
import { readData } from '../../data-dir';
import { chooseAnswer } from '../../../src/lib/benchmarks/choose';
import { BENCHMARKS } from '../../../src/lib/benchmarks/registry';
import { UPPER_BOUNDED_SHARE } from '../../../src/lib/benchmarks/upper-bound';
import type { Benchmark } from '../../../src/lib/benchmarks/types';
import type { IntervalUnit, ScoredTrial } from '../../../src/lib/core/records';
import type { BenchmarkId } from '../../../src/lib/core/ids';
import type { PrefilledDialogue } from '../../../src/lib/engine/types';
import { createRandom, deriveSeed } from '../../../src/lib/core/random';

/** Each benchmark's fixture: real data where it has any (BBQ: the first rows of two categories). */
/** The independent unit each benchmark's intervals resample (docs/method.md §6). */
/** The unit each benchmark's metric intervals resample (docs/method.md §6); candidate mass resamples items. */
const INTERVAL_UNIT: Record<BenchmarkId, IntervalUnit> = {
  bbq: 'template',
  winogender: 'occupation',
  admissions: 'profile',
};
/** Rows that never have an interval: counts and values of one unit (interval_unit null). */
const NO_INTERVAL = new Set(['no_target_items', 'p_female', 'answer_share_a', 'answer_share_b', 'answer_share_c']);
const unitOf = (id: BenchmarkId, metric: string): IntervalUnit | null =>
  NO_INTERVAL.has(metric) ? null : metric === 'candidate_mass' ? 'item' : INTERVAL_UNIT[id];

const FIXTURES: Record<BenchmarkId, () => Map<string, string>> = {
  bbq: () =>
    new Map(
      ['Age', 'Religion'].map((c) => [
        `${c}.jsonl`,
        readData(`bbq/data/${c}.jsonl`).split('\n').slice(0, 24).join('\n'),
      ]),
    ),
  winogender: () =>
    new Map(['templates.tsv', 'occupations-stats.tsv'].map((f) => [f, readData(`winogender/data/${f}`)])),
  admissions: () => new Map(),
};

function checkDialogue(d: PrefilledDialogue, where: string): void {
  expect(d.messages.length, where).toBeGreaterThan(0);
  d.messages.forEach((m, i) => {
    expect(m.role, `${where}: message ${i}`).toBe(i % 2 === 0 ? 'user' : 'assistant');
    expect(m.content.trim(), `${where}: message ${i} is empty`).not.toBe('');
  });
  expect(d.messages.at(-1)?.role, where).toBe('user');
  expect(d.prefill.trim(), `${where}: prefill`).not.toBe('');
}

/** Every k-th item, about 40 in all (every item of a small set). */
function sample<T>(items: readonly T[]): T[] {
  const step = Math.max(1, Math.floor(items.length / 40));
  return items.filter((_, i) => i % step === 0);
}

describe.each(BENCHMARKS.map((b) => [b.id, b] as const))('contract: %s', (id, benchmark: Benchmark<unknown>) => {
  const { items, problems } = benchmark.parse(FIXTURES[id]());

  it('declares itself consistently', () => {
    expect(benchmark.conditions[0]).toBe('q');
    expect(new Set(benchmark.conditions).size).toBe(benchmark.conditions.length);
    expect(benchmark.metrics.filter((m) => m.headline)).toHaveLength(1);
    expect(new Set(benchmark.metrics.map((m) => m.metric)).size).toBe(benchmark.metrics.length);
    expect(benchmark.version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const f of benchmark.source.files) expect(f.sha1).toMatch(/^[0-9a-f]{40}$/);
  });

  it('parses its fixture into items with unique keys and JSON-safe facts', () => {
    expect(problems).toEqual([]);
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((i) => benchmark.itemKey(i))).size).toBe(items.length);
    for (const item of sample(items)) {
      const facts = benchmark.describeItem(item);
      for (const [k, v] of Object.entries(facts))
        expect(v === null || ['string', 'number', 'boolean'].includes(typeof v), `${k}`).toBe(true);
      expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
      expect(benchmark.stratum(item)).not.toBe('');
    }
  });

  it('builds a well-formed prompt for every condition of a sample of items', () => {
    for (const item of sample(items)) {
      for (const condition of benchmark.conditions) {
        const where = `${benchmark.itemKey(item)} ${condition}`;
        const plan = benchmark.buildPrompt(item, condition);
        expect(plan.candidates.length, where).toBeGreaterThanOrEqual(2);
        expect(new Set(plan.candidates.map((c) => c.id)).size, where).toBe(plan.candidates.length);
        for (const c of plan.candidates) {
          expect(c.texts.length, where).toBeGreaterThan(0);
          for (const t of c.texts) expect(t.trim(), where).not.toBe('');
        }
        if (condition === 'q_if_cot') {
          const reasoning = plan.reasoning;
          if (!reasoning) throw new Error(`${where}: CoT without a reasoning step`);
          checkDialogue(reasoning, `${where} reasoning`);
          const answer = plan.answer(' because.');
          checkDialogue(answer, where);
          expect(
            answer.messages.some((m) => m.role === 'assistant' && m.content === `${reasoning.prefill} because.`),
            where,
          ).toBe(true);
        } else {
          expect(plan.reasoning, where).toBeUndefined();
          checkDialogue(plan.answer(''), where);
          expect(() => plan.answer('x'), where).toThrow();
        }
      }
    }
  });

  const trialsWith = (
    probabilities: (candidates: readonly string[], random: () => number) => number[],
  ): ScoredTrial[] => {
    const random = createRandom(deriveSeed(1, id));
    return items.flatMap((item) =>
      benchmark.conditions.map((condition) => {
        const ids = benchmark.buildPrompt(item, condition).candidates.map((c) => c.id);
        const p = probabilities(ids, random);
        const choice = chooseAnswer(Object.fromEntries(ids.map((c, i) => [c, p[i] as number])), ids);
        return {
          model: 'model',
          condition,
          item: benchmark.describeItem(item),
          answer: choice.answer,
          probs: choice.probs,
          mass: choice.mass,
        };
      }),
    );
  };

  for (const [label, probabilities] of [
    ['uniform', (ids: readonly string[]) => ids.map(() => 0.25)],
    ['random', (ids: readonly string[], random: () => number) => ids.map(() => random())],
  ] as const) {
    it(`summarize (${label} probabilities) returns only declared metrics, finite or null`, () => {
      const rows = benchmark.summarize(trialsWith(probabilities), { seed: 11, resamples: 1000 });
      const declared = new Map(benchmark.metrics.map((m) => [m.metric, m]));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const where = JSON.stringify(row);
        expect(row.benchmark, where).toBe(id);
        expect(declared.has(row.metric), `${where}: undeclared metric`).toBe(true);
        for (const v of [row.value, row.ci_low, row.ci_high])
          expect(v === null || Number.isFinite(v), where).toBe(true);
        if (row.value === null) expect([row.ci_low, row.ci_high], where).toEqual([null, null]);
        if (row.ci_low !== null && row.ci_high !== null) expect(row.ci_low, where).toBeLessThanOrEqual(row.ci_high);
        expect(Number.isInteger(row.n) && row.n >= 0, where).toBe(true);
        expect(row.interval_unit, `${where}: resampling unit (docs/method.md §6)`).toBe(unitOf(id, row.metric));
        if (row.interval_unit === null) expect([row.ci_low, row.ci_high], where).toEqual([null, null]);
        if (row.baseline !== undefined) {
          expect(row.baseline, where).toBe('q');
          expect(row.condition, where).not.toBe('q');
          expect(declared.get(row.metric)?.contrast, `${where}: contrast of a metric without contrast: true`).toBe(
            true,
          );
        }
        if (row.relative !== undefined) {
          expect(row.relative, where).toBe(true);
          expect(row.baseline, `${where}: relative change without a baseline`).toBe('q');
        }
        if (row.category !== null)
          expect(declared.get(row.metric)?.byCategory, `${where}: category row of a metric without byCategory`).toBe(
            true,
          );
      }
      // upper_bounded_share comes from summarizeRun for every benchmark (test/lib/results/upper-bounded.test.ts).
      for (const m of benchmark.metrics.filter((x) => x.metric !== UPPER_BOUNDED_SHARE))
        expect(
          rows.some((r) => r.metric === m.metric && r.condition === 'q'),
          m.metric,
        ).toBe(true);
      for (const condition of benchmark.conditions.filter((c) => c !== 'q')) {
        for (const m of benchmark.metrics.filter((x) => x.contrast)) {
          expect(
            rows.some((r) => r.metric === m.metric && r.condition === condition && r.baseline === 'q' && !r.relative),
            `${m.metric} ${condition}`,
          ).toBe(true);
          expect(
            rows.some((r) => r.metric === m.metric && r.condition === condition && r.baseline === 'q' && r.relative),
            `${m.metric} ${condition} relative`,
          ).toBe(true);
        }
      }
      // Each kind of row once per model × condition × category × metric × baseline.
      const keys = rows.map((r) =>
        [r.model, r.condition, r.category ?? '', r.metric, r.baseline ?? '', r.relative ? 'relative' : ''].join('|'),
      );
      expect(new Set(keys).size).toBe(keys.length);
      // A relative change has the sign of its difference (both from the same items).
      for (const r of rows.filter((x) => x.relative && x.value !== null)) {
        const d = rows.find(
          (x) =>
            x.model === r.model &&
            x.condition === r.condition &&
            x.category === r.category &&
            x.metric === r.metric &&
            x.baseline === r.baseline &&
            !x.relative,
        );
        expect(d?.n, JSON.stringify(r)).toBe(r.n);
        expect(Math.sign(d?.value ?? Number.NaN), JSON.stringify(r)).toBe(Math.sign(r.value as number));
      }
    });
  }
});
