import { describe, expect, it } from 'vitest';
import { datasetsOf } from '../../../src/lib/benchmarks/provenance';
import { getBenchmark } from '../../../src/lib/benchmarks/registry';
import { APP_COMMIT, APP_VERSION } from '../../../src/lib/core/version';
import { buildExport, buildExportText, importResults, parseImport } from '../../../src/lib/storage/export';
import { RECORD_SCHEMA_VERSION } from '../../../src/lib/core/records';
import { openFreshStore } from '../../doubles/fresh-store';
import { buildRunFixture, buildTrialFixture } from '../../doubles/records';

const run = buildRunFixture({ lastError: { kind: 'device_lost', message: 'GPU lost', detail: 'x' } });
const ok = buildTrialFixture();
const failed = buildTrialFixture({
  itemKey: 'i2',
  status: 'failed',
  raw: null,
  probs: null,
  mass: null,
  answer: null,
  scoring: null,
  error: { kind: 'server_error', message: 'HTTP 500' },
});
const cot = buildTrialFixture({
  condition: 'q_if_cot',
  generation: { temperature: 1, topP: 1, maxTokens: 256, samples: 2 },
  reasoning: ['a', 'b'],
  scoring: { method: 'top_k', upperBound: ['no'] },
});

/** The export as plain JSON, with one field changed at a path like ['trials', 0, 'probs']. */
function mutated(path: (string | number)[], value: unknown): string {
  const data = JSON.parse(buildExportText([run], [ok, failed, cot])) as Record<string, unknown>;
  let target: Record<string | number, unknown> = data;
  for (const step of path.slice(0, -1)) target = target[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return JSON.stringify(data);
}

function expectError(text: string, ...fragments: string[]): void {
  const result = parseImport(text);
  if (result.kind !== 'error') throw new Error('expected an import error');
  for (const fragment of fragments) expect(result.message).toContain(fragment);
}

describe('export format', () => {
  it('is versioned (4), carries the app version, metrics and raw_probs beside each full trial', () => {
    const file = buildExport([run], [ok, failed], { now: new Date('2025-02-03T04:05:06Z') });
    expect(file).toMatchObject({
      format: 'self-correction-results',
      version: 4,
      exportedAt: '2025-02-03T04:05:06.000Z',
      runs: [run],
      metrics: [],
    });
    expect(typeof file.appVersion).toBe('string');
    expect(file.trials).toEqual([
      { ...ok, raw_probs: ok.raw },
      { ...failed, raw_probs: null },
    ]);
    const t = file.trials[0];
    expect(t && [t.benchmark, t.model, t.condition, t.item, t.probs, t.raw_probs, t.answer]).toEqual([
      'winogender',
      'model-a',
      'q',
      ok.item,
      ok.probs,
      ok.raw,
      'yes',
    ]);
    const metric = {
      benchmark: 'bbq',
      model: 'm',
      condition: 'q_if',
      category: null,
      metric: 'ambiguous_bias',
      value: -0.1,
      ci_low: -0.2,
      ci_high: 0,
      n: 10,
      interval_unit: 'template',
      baseline: 'q',
    } as const;
    expect(buildExport([run], [], { metrics: [metric] }).metrics).toEqual([metric]);
  });

  it('imports version 1 files (no raw_probs, no metrics) into the same records', () => {
    const v1 = JSON.stringify({
      format: 'self-correction-results',
      version: 1,
      exportedAt: '2025-01-01T00:00:00.000Z',
      appVersion: '0.0.9',
      runs: [run],
      trials: [ok, failed, cot],
    });
    const result = parseImport(v1);
    expect(result).toEqual({
      kind: 'ok',
      runs: [run],
      trials: [ok, failed, cot],
      appVersion: '0.0.9',
      appCommit: null,
    });
  });

  it('names the exporting app (version and commit) and the datasets it is given', () => {
    const datasets = datasetsOf(['admissions', 'bbq'], getBenchmark);
    const file = buildExport([run], [ok], { datasets });
    expect(file.appVersion).toBe(APP_VERSION);
    expect(file.appCommit).toBe(APP_COMMIT);
    expect(file.datasets).toEqual(datasets);
    const parsed = parseImport(JSON.stringify(file));
    expect(parsed.kind === 'ok' && [parsed.appVersion, parsed.appCommit]).toEqual([APP_VERSION, APP_COMMIT]);
  });

  it("keeps a record's appCommit, imports records without one unchanged, and refuses a malformed one", () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const stamped = [
      buildRunFixture({ appCommit: `${sha}-dirty` }),
      buildTrialFixture({ appCommit: sha }),
      buildTrialFixture({ itemKey: 'i2', appCommit: null }),
    ] as const;
    const result = parseImport(buildExportText([stamped[0]], [stamped[1], stamped[2]]));
    expect(result.kind === 'ok' && [result.runs, result.trials]).toEqual([[stamped[0]], [stamped[1], stamped[2]]]);
    const old = parseImport(buildExportText([run], [ok]));
    expect(old.kind === 'ok' && ['appCommit' in (old.runs[0] ?? {}), 'appCommit' in (old.trials[0] ?? {})]).toEqual([
      false,
      false,
    ]);
    for (const bad of ['main', 'ABCDEF1', '0123456789abcdef-clean', 7, true, {}]) {
      expectError(mutated(['trials', 0, 'appCommit'], bad), 'trials[0].appCommit', 'git commit id');
      expectError(mutated(['runs', 0, 'appCommit'], bad), 'runs[0].appCommit', 'git commit id');
    }
  });

  it('imports version 2 files back to the full records, without raw_probs', () => {
    const result = parseImport(buildExportText([run], [ok, failed, cot]));
    expect(result.kind === 'ok' && result.trials).toEqual([ok, failed, cot]);
    expect(result.kind === 'ok' && 'raw_probs' in (result.trials[0] ?? {})).toBe(false);
  });

  it('round-trips runs and trials exactly', () => {
    const result = parseImport(buildExportText([run], [ok, failed, cot]));
    expect(result).toMatchObject({ kind: 'ok' });
    if (result.kind !== 'ok') return;
    expect(result.runs).toEqual([run]);
    expect(result.trials).toEqual([ok, failed, cot]);
  });

  it('round-trips the parameter counts of server models, and rejects a non-positive one', () => {
    const withParams = buildRunFixture({ spec: { ...run.spec, modelParams: { 'my-server-model': 7e9 } } });
    const result = parseImport(buildExportText([withParams], []));
    expect(result.kind === 'ok' && result.runs[0]?.spec.modelParams).toEqual({ 'my-server-model': 7e9 });
    const bad = JSON.parse(buildExportText([withParams], [])) as {
      runs: { spec: { modelParams: Record<string, number> } }[];
    };
    (bad.runs[0] as { spec: { modelParams: Record<string, number> } }).spec.modelParams['my-server-model'] = 0;
    expectError(JSON.stringify(bad), 'modelParams', 'positive');
  });

  it('drops unknown fields instead of storing them', () => {
    const result = parseImport(mutated(['trials', 0, 'evil'], '<script>'));
    expect(result.kind === 'ok' && 'evil' in (result.trials[0] ?? {})).toBe(false);
  });

  it.each<[string, string, string[]]>([
    ['not JSON', '{oops', ['not valid JSON']],
    ['an array', '[]', ['JSON object']],
    ['a wrong format', JSON.stringify({ format: 'other', version: 1, runs: [], trials: [] }), ['"format"', 'other']],
    [
      'a newer version',
      JSON.stringify({ format: 'self-correction-results', version: 5, runs: [], trials: [] }),
      ['version 5', 'versions 1, 2, 3 and 4'],
    ],
    [
      'missing trials',
      JSON.stringify({ format: 'self-correction-results', version: 1, runs: [] }),
      ['"trials" should be an array'],
    ],
    [
      'a version 2 file without metrics',
      JSON.stringify({ format: 'self-correction-results', version: 2, runs: [], trials: [] }),
      ['"metrics" should be an array'],
    ],
  ])('rejects %s', (_name, text, fragments) => expectError(text, ...fragments));

  it.each<[string, (string | number)[], unknown, string[]]>([
    ['a probability above 1', ['trials', 0, 'probs', 'yes'], 1.5, ['trials[0].probs.yes', 'probability']],
    ['an unknown condition', ['trials', 1, 'condition'], 'q_maybe', ['trials[1].condition', 'q_if_cot']],
    ['a missing run field', ['runs', 0, 'spec', 'models'], undefined, ['runs[0].spec.models', 'an array']],
    ['a bad date', ['runs', 0, 'createdAt'], 'yesterday', ['runs[0].createdAt', 'ISO date']],
    [
      'a newer record schema',
      ['trials', 2, 'schema'],
      RECORD_SCHEMA_VERSION + 1,
      ['trials[2].schema', 'update the app'],
    ],
    ['a forged key', ['trials', 0, 'key'], 'other|key', ['trials[0].key']],
    ['an ok trial without probabilities', ['trials', 0, 'probs'], null, ['trials[0].status']],
    ['a failed trial without error', ['trials', 1, 'error'], null, ['trials[1].error']],
    ['an unknown engine error kind', ['runs', 0, 'lastError', 'kind'], 'meltdown', ['runs[0].lastError.kind']],
    ['a non-scalar item fact', ['trials', 0, 'item', 'group'], { nested: 1 }, ['trials[0].item.group']],
    [
      'raw_probs differing from raw',
      ['trials', 0, 'raw_probs', 'yes'],
      0.1,
      ['trials[0].raw_probs', 'same values as raw'],
    ],
    ['a version 2 trial without raw_probs', ['trials', 2, 'raw_probs'], undefined, ['trials[2].raw_probs']],
  ])('rejects %s, naming the field', (_name, path, value, fragments) =>
    expectError(mutated(path, value), 'nothing was imported', ...fragments),
  );

  it('rejects a trial whose run is not in the file', () => {
    const orphan = buildTrialFixture({ runId: 'elsewhere' });
    expectError(buildExportText([run], [ok, orphan]), 'trials[1].runId', 'run "elsewhere", which is not in the file');
  });

  it('rejects duplicate trials', () => {
    expectError(buildExportText([run], [ok, ok]), 'duplicate trial key');
  });
});

describe('importResults', () => {
  it('writes a valid file and nothing of an invalid one', async () => {
    const store = await openFreshStore();
    const bad = mutated(['trials', 2, 'probs', 'no'], -0.1);
    expect(await importResults(bad, store)).toMatchObject({ kind: 'error' });
    expect(await store.listRuns()).toEqual([]);
    expect(await store.listTrials(run.id)).toEqual([]);

    expect(await importResults(buildExportText([run], [ok, failed, cot]), store)).toEqual({
      kind: 'imported',
      runs: 1,
      trials: 3,
    });
    expect(await store.getRun(run.id)).toEqual(run);
    expect((await store.listTrials(run.id)).length).toBe(3);
    expect(await store.completedKeys(run.id)).toEqual(new Set([ok.key, cot.key]));
  });
});
