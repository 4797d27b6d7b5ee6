/**
 * Results files for study tests, made the way the app makes them: admissions runs (no data files
 * needed) of scripted models through the real runner, exported in the page's format. Three runs:
 * two server models with sizes, a third model on the same items, and a fourth model whose run has
 * another seed (so other items). Deterministic: fixed ids and creation times.
 */
import { admissions } from '../../src/lib/benchmarks/admissions';
import type { Benchmark } from '../../src/lib/benchmarks/types';
import { DEFAULT_GENERATION } from '../../src/lib/engine/types';
import type { RunSpec } from '../../src/lib/core/records';
import { buildRunPlan, type BenchmarkInput } from '../../src/lib/runner/plan';
import { createRun } from '../../src/lib/runner/record';
import { runEvaluation } from '../../src/lib/runner/run';
import { buildExportText } from '../../src/lib/storage/export';
import { openFreshStore } from './fresh-store';
import { ScriptedEngine } from './scripted-engine';

const bench = admissions as Benchmark<unknown>;
const INPUTS: BenchmarkInput[] = [{ benchmark: bench, items: bench.parse(new Map()).items }];

function spec(models: Record<string, number>, seed: number): RunSpec {
  return {
    benchmarks: ['admissions'],
    models: Object.keys(models),
    conditions: ['q', 'q_if'],
    sampleSize: 12,
    seed,
    generation: DEFAULT_GENERATION,
    engine: { kind: 'openai', baseUrl: 'http://127.0.0.1:8000/v1' },
    modelInfo: Object.fromEntries(Object.entries(models).map(([m, params]) => [m, { params, family: 'Qwen2.5' }])),
  };
}

export const STUDY_RUNS = [
  {
    id: 'run-two',
    day: 1,
    models: { 'Qwen/Qwen2.5-7B-Instruct': 7.61e9, 'Qwen/Qwen2.5-14B-Instruct': 14.7e9 },
    seed: 1,
  },
  { id: 'run-third', day: 2, models: { 'Qwen/Qwen2.5-32B-Instruct': 32.5e9 }, seed: 1 },
  { id: 'run-other-items', day: 3, models: { 'Qwen/Qwen2.5-72B-Instruct': 72.7e9 }, seed: 2 },
] as const;

/** One admissions run of these models through the runner, exported as a results file. */
export async function resultsFile(id: string, day: number, runSpec: RunSpec): Promise<{ name: string; text: string }> {
  const store = await openFreshStore();
  const run = createRun(runSpec, buildRunPlan(runSpec, INPUTS), { id, now: new Date(`2025-02-0${day}T10:00:00.000Z`) });
  await store.putRun(run);
  const outcome = await runEvaluation({ run, benchmarks: INPUTS, engine: new ScriptedEngine(), store });
  const text = buildExportText([outcome.run], await store.listTrials(run.id));
  store.close();
  return { name: `${id}.json`, text };
}

/** The three runs' results files as (name, text). */
export async function studyFiles(): Promise<{ name: string; text: string }[]> {
  const files: { name: string; text: string }[] = [];
  for (const r of STUDY_RUNS) files.push(await resultsFile(r.id, r.day, spec(r.models, r.seed)));
  return files;
}

/** A browser run of two builds of one catalogue model (Qwen2.5 0.5B in q4f16_1 and q4f32_1). */
export function buildsRunFile(): Promise<{ name: string; text: string }> {
  return resultsFile('run-builds', 4, {
    ...spec({}, 1),
    models: ['Qwen2.5-0.5B-Instruct-q4f16_1-MLC', 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC'],
    engine: { kind: 'webllm' },
  });
}
