import { describe, expect, it } from 'vitest';
import { buildExport, buildExportText, importResults, parseImport } from '../../../src/lib/storage/export';
import { RECORD_SCHEMA_VERSION } from '../../../src/lib/storage/types';
import { openFreshStore } from '../../doubles/fresh-store';
import { buildRunFixture, buildTrialFixture } from '../../doubles/records';

const run = buildRunFixture({ lastError: { kind: 'device_lost', message: 'GPU lost', detail: 'x' } });
const ok = buildTrialFixture();
const failed = buildTrialFixture({
  itemKey: 'i2', status: 'failed', raw: null, probs: null, mass: null, answer: null, scoring: null,
  error: { kind: 'server_error', message: 'HTTP 500' },
});
const cot = buildTrialFixture({
  condition: 'q_if_cot', generation: { temperature: 1, topP: 1, maxTokens: 256, samples: 2 }, reasoning: ['a', 'b'],
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
  it('is versioned and carries the app version', () => {
    const file = buildExport([run], [ok], { now: new Date('2025-02-03T04:05:06Z') });
    expect(file).toMatchObject({ format: 'self-correction-results', version: 1, exportedAt: '2025-02-03T04:05:06.000Z', runs: [run], trials: [ok] });
    expect(typeof file.appVersion).toBe('string');
    expect('metrics' in file).toBe(false);
  });

  it('round-trips runs and trials exactly', () => {
    const result = parseImport(buildExportText([run], [ok, failed, cot]));
    expect(result).toMatchObject({ kind: 'ok' });
    if (result.kind !== 'ok') return;
    expect(result.runs).toEqual([run]);
    expect(result.trials).toEqual([ok, failed, cot]);
  });

  it('drops unknown fields instead of storing them', () => {
    const result = parseImport(mutated(['trials', 0, 'evil'], '<script>'));
    expect(result.kind === 'ok' && 'evil' in (result.trials[0] ?? {})).toBe(false);
  });

  it.each<[string, string, string[]]>([
    ['not JSON', '{oops', ['not valid JSON']],
    ['an array', '[]', ['JSON object']],
    ['a wrong format', JSON.stringify({ format: 'other', version: 1, runs: [], trials: [] }), ['"format"', 'other']],
    ['a newer version', JSON.stringify({ format: 'self-correction-results', version: 2, runs: [], trials: [] }), ['version 2']],
    ['missing trials', JSON.stringify({ format: 'self-correction-results', version: 1, runs: [] }), ['"trials" should be an array']],
  ])('rejects %s', (_name, text, fragments) => expectError(text, ...fragments));

  it.each<[string, (string | number)[], unknown, string[]]>([
    ['a probability above 1', ['trials', 0, 'probs', 'yes'], 1.5, ['trials[0].probs.yes', 'probability']],
    ['an unknown condition', ['trials', 1, 'condition'], 'q_maybe', ['trials[1].condition', 'q_if_cot']],
    ['a missing run field', ['runs', 0, 'spec', 'models'], undefined, ['runs[0].spec.models', 'an array']],
    ['a bad date', ['runs', 0, 'createdAt'], 'yesterday', ['runs[0].createdAt', 'ISO date']],
    ['a newer record schema', ['trials', 2, 'schema'], RECORD_SCHEMA_VERSION + 1, ['trials[2].schema', 'update the app']],
    ['a forged key', ['trials', 0, 'key'], 'other|key', ['trials[0].key']],
    ['an ok trial without probabilities', ['trials', 0, 'probs'], null, ['trials[0].status']],
    ['a failed trial without error', ['trials', 1, 'error'], null, ['trials[1].error']],
    ['an unknown engine error kind', ['runs', 0, 'lastError', 'kind'], 'meltdown', ['runs[0].lastError.kind']],
    ['a non-scalar item fact', ['trials', 0, 'item', 'group'], { nested: 1 }, ['trials[0].item.group']],
  ])('rejects %s, naming the field', (_name, path, value, fragments) => expectError(mutated(path, value), 'nothing was imported', ...fragments));

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

    expect(await importResults(buildExportText([run], [ok, failed, cot]), store)).toEqual({ kind: 'imported', runs: 1, trials: 3 });
    expect(await store.getRun(run.id)).toEqual(run);
    expect((await store.listTrials(run.id)).length).toBe(3);
    expect(await store.completedKeys(run.id)).toEqual(new Set([ok.key, cot.key]));
  });
});
