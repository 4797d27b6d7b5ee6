/**
 * A run configuration in the page URL (#/run?…), so a speaker can hand out a link that opens a
 * prepared experiment. Pure. Never carries an API key; opening a link never starts a run. Values
 * a link cannot give (unknown benchmark, bad number) are left out and reported.
 */
import { BENCHMARK_IDS, isConditionId, type BenchmarkId, type ConditionId } from '../lib/core/ids';

export interface SharedSetup {
  readonly benchmarks?: readonly BenchmarkId[];
  readonly conditions?: readonly ConditionId[];
  readonly sampleSize?: number | 'all';
  readonly seed?: number;
  readonly engine?: 'webllm' | 'openai';
  /** Browser model ids (engine webllm). */
  readonly models?: readonly string[];
  readonly baseUrl?: string;
  /** Server models (engine openai), each with its size in billions when known. */
  readonly serverModels?: readonly { readonly name: string; readonly paramsB?: number }[];
}

const LIST = ',';

export function encodeSetup(s: SharedSetup): string {
  const q = new URLSearchParams();
  if (s.benchmarks) q.set('benchmarks', s.benchmarks.join(LIST));
  if (s.conditions) q.set('conditions', s.conditions.join(LIST));
  if (s.sampleSize !== undefined) q.set('sample', String(s.sampleSize));
  if (s.seed !== undefined) q.set('seed', String(s.seed));
  if (s.engine) q.set('engine', s.engine);
  if (s.engine !== 'openai' && s.models) q.set('models', s.models.join(LIST));
  if (s.engine === 'openai') {
    if (s.baseUrl) q.set('base', s.baseUrl);
    // Names as a list, sizes (billions) as a list in the same order, empty where unknown.
    const models = s.serverModels ?? [];
    if (models.length > 0) q.set('model', models.map((m) => m.name).join(LIST));
    if (models.some((m) => m.paramsB !== undefined))
      q.set('params', models.map((m) => (m.paramsB === undefined ? '' : String(m.paramsB))).join(LIST));
  }
  return q.toString();
}

export function decodeSetup(query: string): { setup: SharedSetup; problems: string[] } {
  const q = new URLSearchParams(query);
  const problems: string[] = [];
  const setup: { -readonly [K in keyof SharedSetup]: SharedSetup[K] } = {};
  const list = (name: string) =>
    (q.get(name) ?? '')
      .split(LIST)
      .map((v) => v.trim())
      .filter((v) => v !== '');
  if (q.has('benchmarks')) {
    const all = list('benchmarks');
    setup.benchmarks = all.filter((b): b is BenchmarkId => (BENCHMARK_IDS as readonly string[]).includes(b));
    for (const b of all.filter((x) => !(BENCHMARK_IDS as readonly string[]).includes(x)))
      problems.push(`unknown benchmark "${b}"`);
  }
  if (q.has('conditions')) {
    const all = list('conditions');
    setup.conditions = all.filter(isConditionId);
    for (const c of all.filter((x) => !isConditionId(x))) problems.push(`unknown condition "${c}"`);
  }
  const sample = q.get('sample');
  if (sample !== null) {
    if (sample === 'all') setup.sampleSize = 'all';
    else if (/^\d+$/.test(sample) && Number(sample) > 0) setup.sampleSize = Number(sample);
    else problems.push(`sample size "${sample}" is not a whole number above 0 or "all"`);
  }
  const seed = q.get('seed');
  if (seed !== null) {
    if (/^-?\d+$/.test(seed)) setup.seed = Number(seed);
    else problems.push(`seed "${seed}" is not a whole number`);
  }
  const engine = q.get('engine');
  if (engine !== null) {
    if (engine === 'webllm' || engine === 'openai') setup.engine = engine;
    else problems.push(`unknown engine "${engine}"`);
  }
  if (q.has('models')) setup.models = list('models');
  const base = q.get('base');
  if (base !== null) setup.baseUrl = base;
  if (q.has('model') || q.has('params')) {
    const sizes = (q.get('params') ?? '').split(LIST).map((v) => v.trim());
    const models = list('model').map((name, i) => {
      const size = sizes[i] ?? '';
      if (size === '') return { name };
      const n = Number(size);
      if (Number.isFinite(n) && n > 0) return { name, paramsB: n };
      problems.push(`parameter count "${size}" is not a positive number`);
      return { name };
    });
    if (models.length === 0)
      for (const size of sizes.filter((v) => v !== '' && !(Number(v) > 0)))
        problems.push(`parameter count "${size}" is not a positive number`);
    if (models.length > 0) setup.serverModels = models;
  }
  if (q.has('key') || q.has('apiKey'))
    problems.push('the link carried an API key, which was ignored: keys are never taken from links');
  return { setup, problems };
}
