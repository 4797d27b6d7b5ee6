/**
 * The run form's own rules: each model once with one build for all, Winogender bringing its
 * match-statistics condition, a resumed run's settings put back in the form, and the form kept
 * across a reload (localStorage), with anything unreadable left at its default.
 */
import { describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../../src/lib/benchmarks/registry';
import type { RunSpec } from '../../src/lib/core/records';
import { Datasets } from '../../src/state/datasets.svelte';
import { Models } from '../../src/state/models.svelte';
import { ServerSettings } from '../../src/state/server.svelte';
import type { Services } from '../../src/state/services';
import { DEFAULT_SAMPLE_SIZE, Setup } from '../../src/state/setup.svelte';
import { MemoryStorage } from '../doubles/memory-storage';

const Q05_F32 = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
const Q05_F16 = 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC';
const Q15_F16 = 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC';

function form(storage = new MemoryStorage()): { setup: Setup; server: ServerSettings; storage: MemoryStorage } {
  // The form reads only the registry's benchmarks from the services; nothing here downloads or runs.
  const services = { benchmarks: BENCHMARKS } as unknown as Services;
  const models = new Models(async () => ({}), storage);
  const server = new ServerSettings(storage);
  return { setup: new Setup(services, new Datasets(services), models, server, storage), server, storage };
}

const row = (setup: Setup, label: string) => {
  const found = setup.modelRows.find((r) => r.label === label);
  if (!found) throw new Error(`no row ${label}`);
  return found;
};

describe('models and builds', () => {
  it('adds a model in the chosen build, removes it in either, and switches every chosen model', () => {
    const { setup } = form();
    expect(setup.models).toEqual([Q05_F32]);
    setup.chooseBuild('f16');
    expect(setup.models).toEqual([Q05_F16]);
    setup.toggleModel(row(setup, 'Qwen2.5 1.5B Instruct'), true);
    expect(setup.models).toEqual([Q05_F16, Q15_F16]);
    setup.toggleModel(row(setup, 'Qwen2.5 0.5B Instruct'), false);
    expect(setup.models).toEqual([Q15_F16]);
    setup.chooseBuild('f32');
    expect(setup.models).toEqual(['Qwen2.5-1.5B-Instruct-q4f32_1-MLC']);
  });
});

describe('benchmarks bring their own conditions', () => {
  it('checks q_match_stats when Winogender is added, not when it was unchecked by hand and another is added', () => {
    const { setup } = form();
    expect(setup.conditions).toEqual(['q', 'q_if', 'q_if_cot']);
    setup.toggleBenchmark('winogender', true);
    expect(setup.benchmarks).toEqual(['bbq', 'winogender']);
    expect(setup.conditions).toEqual(['q', 'q_if', 'q_if_cot', 'q_match_stats']);

    setup.conditions = ['q', 'q_if'];
    setup.toggleBenchmark('admissions', true);
    expect(setup.conditions).toEqual(['q', 'q_if']);
    expect(setup.benchmarks).toEqual(['bbq', 'winogender', 'admissions']);

    setup.toggleBenchmark('winogender', false);
    setup.toggleBenchmark('winogender', true);
    expect(setup.conditions).toEqual(['q', 'q_if', 'q_match_stats']);
  });
});

describe('a resumed run in the form', () => {
  const base: Omit<RunSpec, 'engine' | 'models'> = {
    benchmarks: ['winogender'],
    conditions: ['q', 'q_match_stats'],
    sampleSize: 'all',
    seed: 42,
    generation: { temperature: 0.5, topP: 0.9, maxTokens: 128, samples: 2 },
  };

  it('shows a server run: engine, address, model and its size', () => {
    const { setup, server } = form();
    setup.applySpec({
      ...base,
      models: ['m1'],
      engine: { kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1' },
      modelParams: { m1: 7e9 },
    });
    expect(setup.engineKind).toBe('openai');
    expect([server.baseUrl, server.models.map((m) => [m.name, m.size])]).toEqual([
      'http://127.0.0.1:9/v1',
      [['m1', '7B']],
    ]);
    expect([setup.benchmarks, setup.conditions, setup.sampleAll, setup.seed]).toEqual([
      ['winogender'],
      ['q', 'q_match_stats'],
      true,
      42,
    ]);
    expect(setup.generation).toEqual(base.generation);
  });

  it('shows a browser run in its own build', () => {
    const { setup } = form();
    setup.applySpec({ ...base, sampleSize: 12, models: [Q05_F16, Q15_F16], engine: { kind: 'webllm' } });
    expect([setup.engineKind, setup.build, setup.models, setup.sampleAll, setup.sampleSize]).toEqual([
      'webllm',
      'f16',
      [Q05_F16, Q15_F16],
      false,
      12,
    ]);
  });
});

describe('the form across a reload', () => {
  it('comes back as it was saved', () => {
    const { setup, storage } = form();
    setup.chooseBuild('f16');
    setup.toggleBenchmark('admissions', true);
    setup.sampleSize = 37;
    setup.seed = -4;
    setup.generation = { temperature: 0.7, topP: 0.8, maxTokens: 64, samples: 3 };
    setup.engineKind = 'openai';
    setup.save();

    const again = form(storage).setup;
    expect(again.engineKind).toBe('openai');
    expect(again.build).toBe('f16');
    expect(again.models).toEqual([Q05_F16]);
    expect(again.benchmarks).toEqual(['bbq', 'admissions']);
    expect(again.conditions).toEqual(['q', 'q_if', 'q_if_cot']);
    expect([again.sampleAll, again.sampleSize, again.seed]).toEqual([false, 37, -4]);
    expect(again.generation).toEqual({ temperature: 0.7, topP: 0.8, maxTokens: 64, samples: 3 });
  });

  it('keeps defaults for what it cannot read: unknown models and benchmarks, bad numbers, broken JSON', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      'run-form',
      JSON.stringify({
        engineKind: 'gpu',
        models: ['gone-model', Q15_F16],
        benchmarks: ['nope', 'winogender'],
        conditions: ['q', 'zz'],
        sampleSize: -3,
        seed: 1.5,
        generation: { temperature: 'hot', maxTokens: 64 },
      }),
    );
    const { setup } = form(storage);
    expect(setup.engineKind).toBe('webllm');
    expect(setup.models).toEqual([Q15_F16]);
    expect(setup.benchmarks).toEqual(['winogender']);
    expect(setup.conditions).toEqual(['q']);
    expect([setup.sampleSize, setup.seed]).toEqual([DEFAULT_SAMPLE_SIZE, 1]);
    expect(setup.generation).toEqual({ temperature: 1, topP: 1, maxTokens: 64, samples: 1 });

    storage.setItem('run-form', '{not json');
    expect(form(storage).setup.benchmarks).toEqual(['bbq']);
  });
});
