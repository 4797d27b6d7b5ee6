/**
 * Small, valid RunRecord / TrialRecord fixtures for storage tests. Overrides replace fields.
 */
import { DEFAULT_GENERATION } from '../../src/lib/engine/types';
import {
  RECORD_SCHEMA_VERSION,
  trialKey,
  type RunRecord,
  type RunSpec,
  type TrialRecord,
} from '../../src/lib/core/records';

export const TOY_SPEC: RunSpec = {
  benchmarks: ['winogender'],
  models: ['model-a', 'model-b'],
  conditions: ['q', 'q_if', 'q_if_cot'],
  sampleSize: 4,
  seed: 7,
  generation: DEFAULT_GENERATION,
  engine: { kind: 'webllm' },
};

export function buildRunFixture(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    schema: RECORD_SCHEMA_VERSION,
    id: 'run-1',
    name: 'fixture run',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    spec: TOY_SPEC,
    status: 'paused',
    itemKeys: { winogender: ['i1', 'i2'] },
    benchmarkVersions: { winogender: 'toy-1' },
    plannedTrials: 12,
    appVersion: 'test',
    ...overrides,
  };
}

export function buildTrialFixture(overrides: Partial<TrialRecord> = {}): TrialRecord {
  const runId = overrides.runId ?? 'run-1';
  const itemKey = overrides.itemKey ?? 'i1';
  const model = overrides.model ?? 'model-a';
  const condition = overrides.condition ?? 'q';
  return {
    schema: RECORD_SCHEMA_VERSION,
    key: trialKey(runId, model, 'winogender', condition, itemKey),
    runId,
    model,
    benchmark: 'winogender',
    benchmarkVersion: 'toy-1',
    condition,
    itemKey,
    item: { group: 'a', n: 3, flag: true, none: null },
    promptHash: 'abc',
    engine: { kind: 'webllm', version: 'scripted 1' },
    appVersion: 'test',
    generation: null,
    seed: 42,
    status: 'ok',
    raw: { yes: 0.6, no: 0.2 },
    probs: { yes: 0.75, no: 0.25 },
    mass: 0.8,
    answer: 'yes',
    scoring: { method: 'exact' },
    reasoning: [],
    error: null,
    startedAt: '2025-01-01T00:00:01.000Z',
    durationMs: 12,
    ...overrides,
  };
}
