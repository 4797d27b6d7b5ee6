// Option-order debiasing (docs/method.md §3.1 [ours]): each BBQ item asked in its 3 cyclic option
// orders under the same letters, probabilities mapped back to the options and averaged.
import { describe, expect, it } from 'vitest';
import { bbq } from '../../../../src/lib/benchmarks/bbq';
import { parseBbqJsonl } from '../../../../src/lib/benchmarks/bbq/parse';
import { buildBbqPrompt, rotatedOptions } from '../../../../src/lib/benchmarks/bbq/prompt';
import type { RunSpec } from '../../../../src/lib/core/records';
import type { ScoreRequest } from '../../../../src/lib/engine/types';
import { rebuildPrompt } from '../../../../src/lib/explorer/prompt';
import { buildRunPlan, type BenchmarkInput } from '../../../../src/lib/runner/plan';
import { createRun } from '../../../../src/lib/runner/record';
import { runEvaluation } from '../../../../src/lib/runner/run';
import { summarizeRun } from '../../../../src/lib/results/summarize';
import type { Benchmark } from '../../../../src/lib/benchmarks/types';
import { checkRunRecord, checkTrialRecord } from '../../../../src/lib/storage/validate';
import { openFreshStore } from '../../../doubles/fresh-store';
import { buildRunFixture, TOY_SPEC } from '../../../doubles/records';
import { ScriptedEngine } from '../../../doubles/scripted-engine';
import { readData } from '../../../data-dir';

const rows = readData('bbq/data/Age.jsonl').split('\n').slice(0, 2).join('\n');
const items = parseBbqJsonl('Age.jsonl', rows).items;
const item = items[0]!;
const [ans0, ans1, ans2] = item.answers;

/** The user turn's option list, as the model reads it. */
function shownOptions(request: ScoreRequest): string {
  const user = request.dialogue.messages.at(-1)?.content ?? '';
  return user.slice(user.indexOf('(a)'));
}

describe('rotated BBQ prompts', () => {
  it('rotation r puts option (slot + r) mod 3 in each slot, under the same letters', () => {
    expect(rotatedOptions(0)).toEqual([0, 1, 2]);
    expect(rotatedOptions(1)).toEqual([1, 2, 0]);
    expect(rotatedOptions(2)).toEqual([2, 0, 1]);
    expect(() => rotatedOptions(3)).toThrow(/0, 1 or 2/);
    const user = (r: number) => buildBbqPrompt(item, 'q', r).answer('').messages[0]?.content ?? '';
    expect(user(1).endsWith(`(a) ${ans1} (b) ${ans2} (c) ${ans0}.`)).toBe(true);
    expect(user(2).endsWith(`(a) ${ans2} (b) ${ans0} (c) ${ans1}.`)).toBe(true);
    expect(user(0)).toBe(buildBbqPrompt(item, 'q').answer('').messages[0]?.content);
  });

  it("each candidate is asked by its slot's letter and keeps its option's id", () => {
    expect(buildBbqPrompt(item, 'q_if', 1).candidates).toEqual([
      { id: 'b', texts: ['a'] },
      { id: 'c', texts: ['b'] },
      { id: 'a', texts: ['c'] },
    ]);
    expect(buildBbqPrompt(item, 'q_if_cot', 2).reasoning?.messages[0]?.content).toContain(
      `(a) ${ans2} (b) ${ans0} (c) ${ans1}.`,
    );
  });
});

describe('a run with option-order debiasing', () => {
  const inputs: BenchmarkInput[] = [{ benchmark: bbq, items }];
  const spec: RunSpec = {
    ...TOY_SPEC,
    benchmarks: ['bbq'],
    sampleSize: 'all',
    models: ['m'],
    conditions: ['q'],
    optionOrders: 3,
  };

  async function run(probabilities: (r: ScoreRequest) => Record<string, number>, runSpec = spec) {
    const store = await openFreshStore();
    const record = createRun(runSpec, buildRunPlan(runSpec, inputs), { id: 'r1' });
    await store.putRun(record);
    const engine = new ScriptedEngine({ probabilities });
    await runEvaluation({ run: record, benchmarks: inputs, engine, store, onEvent: () => {} });
    const trials = (await store.listTrials(record.id)).sort((a, b) => a.itemKey.localeCompare(b.itemKey));
    return { trials, engine };
  }

  it('an always-(c) model: 0.8 / 0.1 / 0.1 by slot becomes 1/3 per option, not a confident answer', async () => {
    const byLetter = { a: 0.1, b: 0.1, c: 0.8 } as Record<string, number>;
    const { trials, engine } = await run((r) =>
      Object.fromEntries(r.candidates.map((c) => [c.id, byLetter[c.texts[0]!]!])),
    );
    expect(engine.calls.score).toHaveLength(items.length * 3);
    for (const t of trials) {
      expect(t.optionOrders).toBe(3);
      // Per option: 0.8 in one order, 0.1 in the two others -> (0.8 + 0.1 + 0.1) / 3 = 1/3.
      for (const id of ['a', 'b', 'c']) expect(t.raw?.[id]).toBeCloseTo(1 / 3, 12);
      expect(t.mass).toBeCloseTo(1, 12);
    }
  });

  it('a model that reads the options keeps its answer in every order: the same probabilities as in dataset order', async () => {
    // 0.7 on the slot showing ans1, 0.2 on ans0's slot, 0.1 on ans2's, whatever the order.
    const byText = new Map([
      [ans0, 0.2],
      [ans1, 0.7],
      [ans2, 0.1],
    ]);
    const probabilities = (r: ScoreRequest) => {
      const shown = shownOptions(r);
      return Object.fromEntries(
        r.candidates.map((c) => {
          const start = shown.indexOf(`(${c.texts[0]}) `) + 4;
          const rest = shown.slice(start);
          const text = rest.slice(0, rest.search(/ \([abc]\) |\.$/));
          return [c.id, byText.get(text) ?? Number.NaN];
        }),
      );
    };
    const { trials } = await run(probabilities);
    const first = trials.find((t) => t.itemKey === bbq.itemKey(item))!;
    expect(first.raw?.a).toBeCloseTo(0.2, 12);
    expect(first.raw?.b).toBeCloseTo(0.7, 12);
    expect(first.raw?.c).toBeCloseTo(0.1, 12);
    expect(first.answer).toBe('b');
  });

  it('a reasoning condition reasons once per order, on the rotated question, with its own seed', async () => {
    const cot: RunSpec = { ...spec, conditions: ['q_if_cot'] };
    const { trials, engine } = await run(() => ({ a: 0.5, b: 0.3, c: 0.2 }), cot);
    expect(engine.calls.generate).toHaveLength(items.length * 3);
    const [g0, g1, g2] = engine.calls.generate;
    expect(g1?.dialogue.messages[0]?.content).toContain(`(a) ${ans1} (b) ${ans2} (c) ${ans0}.`);
    expect(new Set([g0?.seed, g1?.seed, g2?.seed]).size).toBe(3);
    for (const t of trials) expect(t.reasoning).toHaveLength(3);
    const rebuilt = rebuildPrompt(
      bbq,
      items[0],
      trials.find((t) => t.itemKey === bbq.itemKey(items[0]!))!,
    );
    expect(rebuilt.kind === 'ok' && rebuilt.steps.map((s) => s.title)).toEqual([
      'Reasoning request (option order 1 of 3) (the model continues the prefill)',
      'Scored request (option order 1 of 3)',
      'Reasoning request (option order 2 of 3) (the model continues the prefill)',
      'Scored request (option order 2 of 3)',
      'Reasoning request (option order 3 of 3) (the model continues the prefill)',
      'Scored request (option order 3 of 3)',
    ]);
  });

  it('answer shares per letter come only from runs in the dataset order (a debiased answer has no letter)', async () => {
    const alwaysC = () => ({ a: 0.1, b: 0.1, c: 0.8 });
    const { optionOrders: _, ...plain } = spec;
    const shares = async (runSpec: RunSpec) => {
      const { trials } = await run(alwaysC, runSpec);
      const record = createRun(runSpec, buildRunPlan(runSpec, inputs), { id: 'r1' });
      return summarizeRun(record, trials, () => bbq as Benchmark<unknown>, 10)
        .filter((r) => r.metric.startsWith('answer_share_'))
        .map((r) => [r.metric, r.value]);
    };
    expect(await shares(spec)).toEqual([]);
    expect(await shares(plain)).toEqual([
      ['answer_share_a', 0],
      ['answer_share_b', 0],
      ['answer_share_c', 1],
    ]);
  });

  it('is stored on the trial, survives validation, and the explorer shows every order', async () => {
    const { trials } = await run(() => ({ a: 0.5, b: 0.3, c: 0.2 }));
    const trial = checkTrialRecord(JSON.parse(JSON.stringify(trials[0])), 'trial');
    expect(trial.optionOrders).toBe(3);
    const rebuilt = rebuildPrompt(
      bbq,
      items.find((i) => bbq.itemKey(i) === trial.itemKey),
      trial,
    );
    expect(rebuilt.kind).toBe('ok');
    if (rebuilt.kind !== 'ok') return;
    expect(rebuilt.hashMatches).toBe(true);
    expect(rebuilt.steps.map((s) => s.title)).toEqual([
      'Scored request (option order 1 of 3)',
      'Scored request (option order 2 of 3)',
      'Scored request (option order 3 of 3)',
    ]);
  });

  it('off (the default): one order, no optionOrders field, and the plan asks each item once', async () => {
    const { optionOrders: _, ...plain } = spec;
    const { trials, engine } = await run(() => ({ a: 0.5, b: 0.3, c: 0.2 }), plain);
    expect(engine.calls.score).toHaveLength(items.length);
    expect(trials[0]).not.toHaveProperty('optionOrders');
    expect(buildRunPlan(plain, inputs).askedPerModel).toEqual({ q: items.length });
    expect(buildRunPlan(spec, inputs).askedPerModel).toEqual({ q: items.length * 3 });
    expect(buildRunPlan(spec, inputs).trialsPerModel).toEqual({ q: items.length });
  });

  it('a stored run setting of 3 imports; any other value than 1 or 3 is refused with its path', () => {
    const stored = (optionOrders: unknown) =>
      JSON.parse(JSON.stringify(buildRunFixture({ spec: { ...TOY_SPEC, optionOrders } as RunSpec })));
    expect(checkRunRecord(stored(3), 'run').spec.optionOrders).toBe(3);
    expect(checkRunRecord(buildRunFixture(), 'run').spec).not.toHaveProperty('optionOrders');
    expect(() => checkRunRecord(stored(2), 'run')).toThrow(/run\.spec\.optionOrders.*one of 1, 3/);
  });
});
