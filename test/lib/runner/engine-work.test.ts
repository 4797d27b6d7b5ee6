import { describe, expect, it } from 'vitest';
import { pivotEngineWork, summarizeEngineWork } from '../../../src/lib/runner/engine-work';
import { sumTokens } from '../../../src/lib/runner/trial';
import { buildRunFixture, buildTrialFixture } from '../../doubles/records';

describe('sumTokens', () => {
  const score = (promptTokens?: number) => ({
    raw: {},
    method: 'exact' as const,
    ...(promptTokens === undefined ? {} : { promptTokens }),
  });
  const generated = (promptTokens?: number, completionTokens?: number) => ({
    text: '',
    finishReason: 'stop' as const,
    ...(promptTokens === undefined ? {} : { promptTokens }),
    ...(completionTokens === undefined ? {} : { completionTokens }),
  });

  it('adds the prompt tokens of every request, and generated tokens of the reasoning requests', () => {
    expect(sumTokens([score(100)], [])).toEqual({ prompt: 100, completion: 0 });
    expect(sumTokens([score(300), score(310)], [generated(90, 40), generated(90, 55)])).toEqual({
      prompt: 790,
      completion: 95,
    });
  });

  it('adds the cached prompt tokens when every request reported them', () => {
    const cachedScore = (promptTokens: number, cachedPromptTokens: number) => ({
      ...score(promptTokens),
      cachedPromptTokens,
    });
    const cachedGenerated = (promptTokens: number, cachedPromptTokens: number) => ({
      ...generated(promptTokens, 40),
      cachedPromptTokens,
    });
    expect(sumTokens([cachedScore(300, 250)], [cachedGenerated(90, 10)])).toEqual({
      prompt: 390,
      cached: 260,
      completion: 40,
    });
    expect(sumTokens([cachedScore(300, 250)], [generated(90, 40)])).toEqual({ prompt: 390, completion: 40 });
  });

  it('reports nothing unless every request reported its prompt tokens', () => {
    expect(sumTokens([], [])).toBeUndefined();
    expect(sumTokens([score()], [])).toBeUndefined();
    expect(sumTokens([score(300)], [generated(undefined, 40)])).toBeUndefined();
  });

  it('leaves out generated tokens when a reasoning request did not report them', () => {
    expect(sumTokens([score(300), score(310)], [generated(90, 40), generated(90)])).toEqual({ prompt: 790 });
  });
});

describe('summarizeEngineWork', () => {
  const run = buildRunFixture({ spec: { ...buildRunFixture().spec, models: ['model-b', 'model-a'] } });

  it('gives per model × benchmark × condition the mean reported tokens and seconds, in the run order', () => {
    const trials = [
      buildTrialFixture({
        model: 'model-a',
        condition: 'q',
        itemKey: 'i1',
        tokens: { prompt: 100, completion: 0 },
        durationMs: 1000,
      }),
      buildTrialFixture({
        model: 'model-a',
        condition: 'q',
        itemKey: 'i2',
        tokens: { prompt: 121, completion: 0 },
        durationMs: 3000,
      }),
      buildTrialFixture({ model: 'model-a', condition: 'q', itemKey: 'i3', durationMs: 2000 }), // no report
      buildTrialFixture({
        model: 'model-a',
        condition: 'q',
        itemKey: 'i4',
        status: 'failed',
        tokens: { prompt: 999 },
        durationMs: 9000,
      }),
      buildTrialFixture({
        model: 'model-a',
        condition: 'q_if_cot',
        itemKey: 'i1',
        tokens: { prompt: 500, cached: 300, completion: 80 },
        durationMs: 6000,
      }),
      buildTrialFixture({
        model: 'model-a',
        condition: 'q_if_cot',
        itemKey: 'i2',
        tokens: { prompt: 540 },
        durationMs: 7000,
      }),
      buildTrialFixture({ model: 'model-b', condition: 'q', itemKey: 'i1', durationMs: 500 }),
      buildTrialFixture({
        runId: 'another-run',
        model: 'model-b',
        condition: 'q_if',
        itemKey: 'i1',
        tokens: { prompt: 1 },
      }),
    ];
    expect(summarizeEngineWork(run, trials)).toEqual([
      {
        model: 'model-b',
        benchmark: 'winogender',
        condition: 'q',
        trials: 1,
        reported: 0,
        promptPerTrial: null,
        cachedPerTrial: null,
        completionPerTrial: null,
        secondsPerTrial: 0.5,
      },
      {
        model: 'model-a',
        benchmark: 'winogender',
        condition: 'q',
        trials: 3,
        reported: 2,
        promptPerTrial: 110.5,
        cachedPerTrial: null,
        completionPerTrial: 0,
        secondsPerTrial: 2,
      },
      {
        model: 'model-a',
        benchmark: 'winogender',
        condition: 'q_if_cot',
        trials: 2,
        reported: 2,
        promptPerTrial: 520,
        cachedPerTrial: 300,
        completionPerTrial: 80,
        secondsPerTrial: 6.5,
      },
    ]);
  });

  it('is empty without successful trials of the run', () => {
    expect(summarizeEngineWork(run, [buildTrialFixture({ status: 'failed' })])).toEqual([]);
  });
});

describe('pivotEngineWork', () => {
  it('makes conditions the columns and gives each model its benchmarks as lines', () => {
    const row = (model: string, benchmark: 'bbq' | 'winogender', condition: 'q' | 'q_if' | 'q_if_cot') => ({
      model,
      benchmark,
      condition,
      trials: 1,
      reported: 1,
      promptPerTrial: 1,
      cachedPerTrial: null,
      completionPerTrial: null,
      secondsPerTrial: 1,
    });
    const rows = [
      row('m1', 'bbq', 'q'),
      row('m1', 'bbq', 'q_if_cot'),
      row('m1', 'winogender', 'q'),
      row('m2', 'bbq', 'q_if'),
    ];
    const pivot = pivotEngineWork(rows);
    expect(pivot.conditions).toEqual(['q', 'q_if', 'q_if_cot']);
    expect(pivot.models.map((m) => [m.model, m.lines.map((l) => [l.benchmark, Object.keys(l.cells)])])).toEqual([
      [
        'm1',
        [
          ['bbq', ['q', 'q_if_cot']],
          ['winogender', ['q']],
        ],
      ],
      ['m2', [['bbq', ['q_if']]]],
    ]);
    expect(pivot.models[0]?.lines[0]?.cells.q_if_cot).toBe(rows[1]);
  });
});
