/**
 * Realistic records for the reliability tests: one server run over all three benchmarks whose
 * trials carry item facts each benchmark's summary accepts, so a file built from them imports
 * and its results can be recomputed (summarizeRun). Deterministic: no clocks, no randomness.
 * Every optional field of RunRecord / TrialRecord appears at least once.
 */
import {
  RECORD_SCHEMA_VERSION,
  trialKey,
  type ItemSummary,
  type RunRecord,
  type TrialRecord,
} from '../../src/lib/core/records';
import type { BenchmarkId, ConditionId } from '../../src/lib/core/ids';

/** Markup and script payloads (issue 6, hostile text): each would set window.__pwned if interpreted. */
export const HOSTILE = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '"><svg onload="window.__pwned=1">',
  'javascript:window.__pwned=1',
] as const;

export interface RunOptions {
  readonly id: string;
  readonly name?: string;
  readonly model?: string;
  readonly status?: RunRecord['status'];
  readonly lastErrorMessage?: string;
}

const BBQ_ITEMS: readonly ItemSummary[] = [0, 1].map((n) => ({
  category: 'Age',
  source_category: 'Age',
  example_id: n,
  question_index: 1,
  context_condition: n === 0 ? 'ambig' : 'disambig',
  question_polarity: 'neg',
  label: n === 0 ? 2 : 0,
  unknown: 2,
  biased: 0,
}));
const WINOGENDER_ITEMS: readonly ItemSummary[] = (['female', 'male', 'neutral'] as const).map((version) => ({
  occupation: 'nurse',
  version,
  pronoun_case: 'nominative',
  bls_pct_female: 90,
  bls_year: 2015,
  bergsma_pct_female: 82.5,
}));
const ADMISSIONS_ITEMS: readonly ItemSummary[] = (['Black', 'white'] as const).map((race) => ({
  population: 'grid',
  profile: 'p1',
  race,
  sex: 'female',
  lsat: 160,
  gpa: 3.5,
}));

function itemKeyOf(benchmark: BenchmarkId, item: ItemSummary): string {
  if (benchmark === 'bbq') return `${String(item.source_category)}:${String(item.example_id)}`;
  if (benchmark === 'winogender') return `${String(item.occupation)}:${String(item.version)}`;
  return `${String(item.population)}:${String(item.profile)}:${String(item.race)}`;
}

const ITEMS: Readonly<Record<BenchmarkId, readonly ItemSummary[]>> = {
  bbq: BBQ_ITEMS,
  winogender: WINOGENDER_ITEMS,
  admissions: ADMISSIONS_ITEMS,
};
const PROBS: Readonly<Record<BenchmarkId, Readonly<Record<string, number>>>> = {
  bbq: { a: 0.5, b: 0.25, c: 0.25 },
  winogender: { female: 0.5, male: 0.3, neutral: 0.2 },
  admissions: { yes: 0.75, no: 0.25 },
};
const CONDITIONS: readonly ConditionId[] = ['q', 'q_if_cot'];

export function buildRun(o: RunOptions): RunRecord {
  const model = o.model ?? 'fake-model';
  const itemKeys = Object.fromEntries(
    (Object.keys(ITEMS) as BenchmarkId[]).map((b) => [b, ITEMS[b].map((i) => itemKeyOf(b, i))]),
  );
  return {
    schema: RECORD_SCHEMA_VERSION,
    id: o.id,
    name: o.name ?? `run ${o.id}`,
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:05:00.000Z',
    spec: {
      benchmarks: ['bbq', 'winogender', 'admissions'],
      models: [model],
      conditions: [...CONDITIONS],
      sampleSize: 3,
      seed: 11,
      generation: { temperature: 1, topP: 0.95, maxTokens: 64, samples: 2 },
      engine: { kind: 'openai', baseUrl: 'http://127.0.0.1:8000/v1' },
      modelParams: { [model]: 7e9 },
      modelInfo: {
        [model]: { params: 7.6e9, family: 'qwen2.5', hfId: 'Qwen/Qwen2.5-7B-Instruct', quantization: 'AWQ' },
      },
    },
    device: 'fixture GPU',
    status: o.status ?? 'done',
    itemKeys,
    benchmarkVersions: { bbq: 'bea11bd', winogender: 'w1', admissions: 'a1' },
    plannedTrials: 14,
    appVersion: '0.1.0',
    ...(o.lastErrorMessage === undefined
      ? {}
      : { lastError: { kind: 'server_error', message: o.lastErrorMessage, detail: 'HTTP 500' } }),
  };
}

export interface TrialOptions {
  readonly reasoning?: string;
  readonly errorMessage?: string;
  /** Extra item summary entries (free text the metrics ignore). */
  readonly extraItem?: Readonly<Record<string, string>>;
}

/** 14 trials: every item under q and q_if_cot; the last one failed. */
export function buildTrials(run: RunRecord, o: TrialOptions = {}): TrialRecord[] {
  const model = run.spec.models[0] ?? 'fake-model';
  const out: TrialRecord[] = [];
  let n = 0;
  for (const benchmark of ['bbq', 'winogender', 'admissions'] as const) {
    for (const item of ITEMS[benchmark]) {
      for (const condition of CONDITIONS) {
        n += 1;
        const itemKey = itemKeyOf(benchmark, item);
        const cot = condition === 'q_if_cot';
        const failed = benchmark === 'admissions' && cot && item.race === 'white';
        const probs = PROBS[benchmark];
        const answer = Object.entries(probs).sort((x, y) => y[1] - x[1])[0]?.[0] ?? null;
        out.push({
          schema: RECORD_SCHEMA_VERSION,
          key: trialKey(run.id, model, benchmark, condition, itemKey),
          runId: run.id,
          model,
          benchmark,
          benchmarkVersion: run.benchmarkVersions[benchmark] ?? '?',
          condition,
          itemKey,
          item: { ...item, ...o.extraItem },
          promptHash: `hash-${n}`,
          engine: { kind: 'openai', version: 'fake 1' },
          appVersion: '0.1.0',
          generation: cot ? run.spec.generation : null,
          seed: 1000 + n,
          status: failed ? 'failed' : 'ok',
          raw: failed ? null : Object.fromEntries(Object.entries(probs).map(([k, v]) => [k, v * 0.8])),
          probs: failed ? null : probs,
          mass: failed ? null : 0.8,
          answer: failed ? null : answer,
          scoring: failed
            ? null
            : cot
              ? { method: 'top_k', upperBound: benchmark === 'bbq' ? ['c'] : [] }
              : benchmark === 'winogender'
                ? { method: 'exact_first_token', firstTokenOnly: ['neutral'] }
                : { method: 'exact' },
          reasoning: cot && !failed ? [o.reasoning ?? `First, the context says ${n}.`, 'So the answer follows.'] : [],
          error: failed
            ? { kind: 'server_error', message: o.errorMessage ?? 'HTTP 500: scripted failure', detail: 'body' }
            : null,
          startedAt: `2025-03-01T10:0${n % 5}:00.000Z`,
          durationMs: 12.5 + n,
          ...(failed
            ? {}
            : { tokens: cot ? { prompt: 400 + n, cached: 250, completion: 90 } : { prompt: 120 + n, completion: 0 } }),
        });
      }
    }
  }
  return out;
}
