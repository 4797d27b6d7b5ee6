/**
 * Guarantee (issue 6, bad imports): a malformed or truncated results file never crashes the
 * import and never changes stored data. 1,500 seeded malformed files (truncated at random byte
 * and character offsets, required fields deleted, wrong types, NaN / Infinity / 1e999 as text,
 * wrong formats and versions, "__proto__" keys, deeply nested junk, duplicated records and keys,
 * broken cross-record references, binary and empty files) are imported into a real store over
 * fake-indexeddb that already holds runs and trials. Each attempt must return
 * {kind: 'error', message} with a short message (naming the field for field-level damage), and
 * the store's runs and trials must be byte-identical afterwards. Files that are harmless but not
 * pristine (unknown keys such as "__proto__" on records, huge integers) may import; then they
 * must not pollute Object.prototype, their results must still be computable, and they are
 * removed again. The pristine files (versions 1 and 2) import as controls.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBenchmark } from '../../src/lib/benchmarks/registry';
import { summarizeRun } from '../../src/lib/results/summarize';
import { buildExportText, importResults } from '../../src/lib/storage/export';
import { openResultStore, type IdbResultStore } from '../../src/lib/storage/idb';
import type { RunRecord, TrialRecord } from '../../src/lib/core/records';
import {
  clone,
  deleteAt,
  Fuzz,
  getAt,
  MARK,
  nested,
  numberPaths,
  pathName,
  replaceMark,
  setAt,
  type Json,
  type Path,
} from './fuzz';
import { buildRun, buildTrials } from './records';

const ATTEMPTS = 1500;
const SEED = 20230215;

// ---- the store, with valid data already in it ------------------------------------------------

// fake-indexeddb's global factory: the adapter opens through it (idb's openDB), and so does `raw`.
const factory: IDBFactory = globalThis.indexedDB;
let store: IdbResultStore;
let raw: IDBDatabase;

function getAll(name: 'runs' | 'trials'): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const request = raw.transaction(name).objectStore(name).getAll();
    request.onsuccess = () => resolve(request.result as unknown[]);
    request.onerror = () => reject(request.error ?? new Error('getAll failed'));
  });
}

/** Every run and trial as stored (key order), serialised. */
async function snapshot(): Promise<string> {
  return JSON.stringify([await getAll('runs'), await getAll('trials')]);
}

beforeAll(async () => {
  store = await openResultStore({ name: 'fuzz' });
  const a = buildRun({ id: 'stored-a', name: 'stored A' });
  const b = buildRun({ id: 'stored-b', name: 'stored B', status: 'paused', lastErrorMessage: 'stopped' });
  await store.putRecords([a, b], [...buildTrials(a), ...buildTrials(b)]);
  raw = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open('fuzz');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
});
afterAll(() => {
  raw.close();
  store.close();
});

// ---- the pristine files --------------------------------------------------------------------------

// Made by an app that knew its source commit (the run, most trials) or did not (null on some).
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const RUN: RunRecord = {
  ...buildRun({ id: 'imported-run', name: 'Größe — 日本語 😀 run', status: 'paused', lastErrorMessage: 'stopped ✓' }),
  appCommit: `${COMMIT}-dirty`,
};
const TRIALS: TrialRecord[] = buildTrials(RUN, { reasoning: 'Erst denken: “naïve” 🤔 — dann antworten.' }).map(
  (t, i) => ({ ...t, appCommit: i % 3 === 0 ? null : COMMIT }),
);
const V2 = JSON.parse(buildExportText([RUN], TRIALS)) as { [key: string]: Json };
const V1: { [key: string]: Json } = {
  format: 'self-correction-results',
  version: 1,
  exportedAt: '2025-01-01T00:00:00.000Z',
  appVersion: '0.0.9',
  runs: V2.runs ?? [],
  trials: clone(V1Trials()),
};
function V1Trials(): Json {
  return (V2.trials as { [key: string]: Json }[]).map(({ raw_probs: _alias, ...t }) => t);
}

// ---- field kinds and values that are wrong for them ------------------------------------------------

const BAD: Readonly<Record<string, readonly Json[]>> = {
  str: [null, 0, true, [], {}],
  date: ['not a date', '', null, 5],
  int: [-1, 0.5, '3', null, true],
  int1: [0, -1, 1.5, '1', null],
  num: ['1', null, true, [], {}],
  prob: [1.5, -0.01, '0.5', null],
  enum: ['bogus', '', 0, null],
  obj: [null, 1, 'x', []],
  strings: [null, 'x', {}, [1], [null]],
  enums: [null, 'bbq', ['nope'], [1]],
  sampleSize: [0, -1, 1.5, 'some', null],
  modelParams: [null, 1, 'x', [], { m: -1 }, { m: 0 }, { m: '7' }],
  modelInfo: [
    null,
    1,
    'x',
    [],
    { m: 1 },
    { m: { params: -1 } },
    { m: { params: '7B' } },
    { m: { family: 3 } },
    { m: { hfId: [] } },
    { m: { quantization: null } },
  ],
  perBenchmarkStrings: [null, [], { nope: [] }, { bbq: 'x' }],
  perBenchmarkStr: [null, [], { nope: 'x' }, { bbq: 1 }],
  engineError: [null, 'x', [], { kind: 'bogus', message: 'm' }, { kind: 'unknown' }],
  item: [null, 1, [], { x: {} }, { x: [1] }],
  nullableObj: [1, 'x', []],
  nullableProbs: [1, 'x', [], { a: 2 }, { a: -1 }],
  nullableNum: ['1', true, [], {}],
  nullableStr: [1, true, [], {}],
  nullableScoring: [1, 'x', [], { method: 'bogus' }],
  nullableError: [1, 'x', [], { kind: 'bogus', message: 'm' }],
  nullableCommit: [1, true, [], {}, '', 'main', 'ABCDEF1', '0123456789abcdef-clean', 'abc'],
  tokens: [
    null,
    1,
    'x',
    [],
    {},
    { prompt: -1 },
    { prompt: 1.5 },
    { prompt: '3' },
    { prompt: 3, completion: -2 },
    { prompt: 3, completion: 'x' },
    { prompt: 3, cached: 4 },
    { prompt: 3, cached: -1 },
  ],
};

/** [relative path, kind, required] for run and trial fields (optional ones may be deleted harmlessly). */
const RUN_FIELDS: readonly [Path, string, boolean][] = [
  [['schema'], 'int1', true],
  [['id'], 'str', true],
  [['name'], 'str', true],
  [['createdAt'], 'date', true],
  [['updatedAt'], 'date', true],
  [['spec'], 'obj', true],
  [['spec', 'benchmarks'], 'enums', true],
  [['spec', 'models'], 'strings', true],
  [['spec', 'conditions'], 'enums', true],
  [['spec', 'sampleSize'], 'sampleSize', true],
  [['spec', 'seed'], 'int', true],
  [['spec', 'generation'], 'obj', true],
  [['spec', 'generation', 'temperature'], 'num', true],
  [['spec', 'generation', 'topP'], 'prob', true],
  [['spec', 'generation', 'maxTokens'], 'int1', true],
  [['spec', 'generation', 'samples'], 'int1', true],
  [['spec', 'engine'], 'obj', true],
  [['spec', 'engine', 'kind'], 'enum', true],
  [['spec', 'engine', 'baseUrl'], 'str', true],
  [['spec', 'modelParams'], 'modelParams', false],
  [['spec', 'modelInfo'], 'modelInfo', false],
  [['status'], 'enum', true],
  [['itemKeys'], 'perBenchmarkStrings', true],
  [['benchmarkVersions'], 'perBenchmarkStr', true],
  [['plannedTrials'], 'int', true],
  [['appVersion'], 'str', true],
  [['appCommit'], 'nullableCommit', false],
  [['lastError'], 'engineError', false],
  [['device'], 'str', false],
];
const TRIAL_FIELDS: readonly [Path, string, boolean][] = [
  [['schema'], 'int1', true],
  [['key'], 'str', true],
  [['runId'], 'str', true],
  [['model'], 'str', true],
  [['benchmark'], 'enum', true],
  [['benchmarkVersion'], 'str', true],
  [['condition'], 'enum', true],
  [['itemKey'], 'str', true],
  [['item'], 'item', true],
  [['promptHash'], 'str', true],
  [['engine'], 'obj', true],
  [['engine', 'kind'], 'enum', true],
  [['engine', 'version'], 'str', true],
  [['appVersion'], 'str', true],
  [['appCommit'], 'nullableCommit', false],
  [['generation'], 'nullableObj', true],
  [['seed'], 'int', true],
  [['status'], 'enum', true],
  [['raw'], 'nullableProbs', true],
  [['probs'], 'nullableProbs', true],
  [['mass'], 'nullableNum', true],
  [['answer'], 'nullableStr', true],
  [['scoring'], 'nullableScoring', true],
  [['reasoning'], 'strings', true],
  [['error'], 'nullableError', true],
  [['startedAt'], 'date', true],
  [['durationMs'], 'num', true],
  [['tokens'], 'tokens', false],
];

// ---- the generator -------------------------------------------------------------------------------

interface Case {
  readonly label: string;
  readonly text: string;
  /** 'error': must be refused. 'either': may import (harmless), else refused. */
  readonly expect: 'error' | 'either';
  /** A field path the message must name. */
  readonly names?: string;
}

function recordField(
  f: Fuzz,
  file: { [key: string]: Json },
  version: number,
): { path: Path; kind: string; required: boolean } {
  if (f.chance(0.3)) {
    const [rel, kind, required] = f.pick(RUN_FIELDS);
    return { path: ['runs', 0, ...rel], kind, required };
  }
  const i = f.int(0, (file.trials as Json[]).length - 1);
  const fields =
    version >= 2 ? [...TRIAL_FIELDS, [['raw_probs'], 'nullableProbs', true] as [Path, string, boolean]] : TRIAL_FIELDS;
  const [rel, kind, required] = f.pick(fields);
  return { path: ['trials', i, ...rel], kind, required };
}

const KINDS = 16;

function generate(f: Fuzz): Case & { readonly kind: number } {
  const kind = f.int(0, KINDS - 1);
  return { ...generateKind(f, kind), kind };
}

function generateKind(f: Fuzz, kind: number): Case {
  const version = f.chance(0.5) ? 2 : 1;
  const base = version === 2 ? V2 : V1;
  const file = clone(base);
  const text = () => JSON.stringify(file, null, f.chance(0.5) ? 1 : 0);
  switch (kind) {
    case 0:
      return { label: 'truncated (characters)', text: f.truncate(text()), expect: 'error' };
    case 1:
      return { label: 'truncated (UTF-8 bytes)', text: f.truncateBytes(text()), expect: 'error' };
    case 2:
    case 3: {
      const field = recordField(f, file, version);
      if (!field.required)
        return {
          label: `optional ${pathName(field.path)} deleted`,
          text: (deleteAt(file, field.path), text()),
          expect: 'either',
        };
      deleteAt(file, field.path);
      return { label: `${pathName(field.path)} deleted`, text: text(), expect: 'error', names: pathName(field.path) };
    }
    case 4:
    case 5:
    case 6: {
      const field = recordField(f, file, version);
      const bad = f.pick(BAD[field.kind] ?? []);
      setAt(file, field.path, clone(bad));
      return {
        label: `${pathName(field.path)} = ${JSON.stringify(bad)}`,
        text: text(),
        expect: 'error',
        names: pathName(field.path),
      };
    }
    case 7: {
      const paths = numberPaths(file).filter((p) => p[0] === 'runs' || p[0] === 'trials' || p[0] === 'version');
      const path = f.pick(paths);
      setAt(file, path, MARK);
      const literal = f.pick(['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '0x10', '.5', '+1', '01']);
      // 1e999 / -1e999 parse (to ±Infinity); the others are not JSON at all.
      return {
        label: `${pathName(path)} = ${literal} (as text)`,
        text: replaceMark(text(), literal),
        expect: 'error',
        ...(literal.endsWith('e999') && path[0] !== 'version' ? { names: pathName(path) } : {}),
      };
    }
    case 8: {
      const what = f.int(0, 3);
      if (what === 0) file.version = f.pick<Json>([0, 5, 99, '2', 2.5, null, -1, true, [2], {}, 1e308]);
      else if (what === 1)
        file.format = f.pick<Json>(['self-correction-result', 'SELF-CORRECTION-RESULTS', '', null, 1, [], {}]);
      else if (what === 2)
        delete file[f.pick(['format', 'version', 'runs', 'trials', ...(version >= 2 ? ['metrics'] : [])])];
      else file[f.pick(['runs', 'trials', ...(version >= 2 ? ['metrics'] : [])])] = f.pick<Json>([null, {}, 'x', 1]);
      return { label: 'wrong format, version or top-level shape', text: text(), expect: 'error' };
    }
    case 9: {
      // "__proto__" as a key of a string-keyed map (probs, raw, item, modelParams, raw_probs): refused.
      const i = f.int(0, (file.trials as Json[]).length - 1);
      const dicts: Path[] = [
        ['trials', i, 'item'],
        ['runs', 0, 'spec', 'modelParams'],
        ...(getAt(file, ['trials', i, 'probs']) !== null
          ? ([
              ['trials', i, 'probs'],
              ['trials', i, 'raw'],
            ] as Path[])
          : []),
      ];
      const path = f.pick(dicts);
      setAt(file, [...path, MARK], f.pick<Json>([0.5, 1, 'x', { polluted: true }]));
      return {
        label: `"__proto__" key in ${pathName(path)}`,
        text: replaceMark(text(), '"__proto__"'),
        expect: 'error',
        names: pathName(path),
      };
    }
    case 10: {
      // "__proto__" / "constructor" / "prototype" on records or the top level: unknown keys, dropped.
      const key = f.pick(['"__proto__"', '"constructor"', '"prototype"']);
      const path: Path = f.pick<Path>([
        [],
        ['runs', 0],
        ['runs', 0, 'spec'],
        ['trials', f.int(0, 5)],
        ['trials', 0, 'engine'],
      ]);
      setAt(file, [...path, MARK], { polluted: true, toString: 'x' });
      return {
        label: `${key} key on ${pathName(path) || 'the top level'}`,
        text: replaceMark(text(), key),
        expect: 'either',
      };
    }
    case 11: {
      const field = recordField(f, file, version);
      setAt(file, field.path, MARK);
      const depth = f.pick([50, 1000, 20_000, 200_000]);
      return {
        label: `${pathName(field.path)} = ${depth} nested arrays`,
        text: replaceMark(text(), nested(depth)),
        expect: 'error',
      };
    }
    case 12: {
      const what = f.int(0, 4);
      if (what === 0) return { label: 'binary', text: f.binaryText(4000), expect: 'error' };
      if (what === 1)
        return { label: 'empty or blank', text: f.pick(['', ' ', '\n', '\uFEFF', '\u0000']), expect: 'error' };
      if (what === 2)
        return {
          label: 'other JSON',
          text: f.pick(['null', '[]', '42', '"text"', 'true', '{}', '[{"format":"self-correction-results"}]']),
          expect: 'error',
        };
      if (what === 3)
        return { label: 'garbage appended', text: text() + f.pick(['x', '}', ',', '{}', '\u0000']), expect: 'error' };
      return { label: 'garbage prepended', text: f.pick(['x', '[', ',', '\u0000']) + text(), expect: 'error' };
    }
    case 13: {
      const runs = file.runs as Json[];
      const trials = file.trials as Json[];
      if (f.chance(0.5)) runs.push(clone(runs[0] ?? null));
      else trials.splice(f.int(0, trials.length), 0, clone(trials[f.int(0, trials.length - 1)] ?? null));
      return { label: 'duplicated record', text: text(), expect: 'error' };
    }
    case 14: {
      // A duplicated JSON key whose last (winning) value is wrong.
      const field = recordField(f, file, version);
      if (!field.required) return generateKind(f, 4);
      const last = field.path[field.path.length - 1] as string;
      setAt(file, field.path, MARK);
      const bad = f.pick(BAD[field.kind] ?? []);
      const good = JSON.stringify(getAt(base, field.path));
      return {
        label: `${pathName(field.path)} given twice`,
        text: replaceMark(text(), `${good}, ${JSON.stringify(last)}: ${JSON.stringify(bad)}`),
        expect: 'error',
        names: pathName(field.path),
      };
    }
    default: {
      const i = f.int(0, (file.trials as Json[]).length - 1);
      const what = f.int(0, 4);
      if (what === 0) setAt(file, ['trials', i, 'runId'], 'another-run');
      else if (what === 1) setAt(file, ['trials', i, 'key'], `${String(getAt(file, ['trials', i, 'key']))}x`);
      else if (what === 2)
        setAt(file, ['trials', i, 'answer'], f.pick(['toString', '__proto__', 'constructor', 'zzz']));
      else if (what === 3) setAt(file, ['runs', 0, 'schema'], 99);
      else {
        setAt(file, ['trials', i, 'status'], getAt(file, ['trials', i, 'status']) === 'ok' ? 'failed' : 'ok');
      }
      return { label: 'inconsistent record', text: text(), expect: 'error' };
    }
  }
}

// ---- the tests -----------------------------------------------------------------------------------

async function removeImported(): Promise<void> {
  await store.deleteRun(RUN.id);
}

describe('importing malformed results files', () => {
  it('imports the pristine version 1 and 2 files (controls)', async () => {
    const before = await snapshot();
    for (const file of [V1, V2]) {
      await expect(importResults(JSON.stringify(file), store)).resolves.toEqual({
        kind: 'imported',
        runs: 1,
        trials: TRIALS.length,
      });
      expect(await store.getRun(RUN.id)).toEqual(RUN);
      await removeImported();
      expect(await snapshot()).toBe(before);
    }
  });

  it(`refuses ${ATTEMPTS} seeded malformed files with a message, never throwing, and changes nothing stored`, async () => {
    const f = new Fuzz(SEED);
    const initial = await snapshot();
    const counts = new Array<number>(KINDS).fill(0);
    let accepted = 0;
    for (let n = 0; n < ATTEMPTS; n++) {
      const c = generate(f);
      counts[c.kind] = (counts[c.kind] ?? 0) + 1;
      const where = `attempt ${n}: ${c.label}`;
      let outcome: Awaited<ReturnType<typeof importResults>>;
      try {
        outcome = await importResults(c.text, store);
      } catch (e) {
        throw new Error(`${where}: importResults threw ${String(e)}`, { cause: e });
      }
      if (outcome.kind === 'error') {
        expect(typeof outcome.message, where).toBe('string');
        expect(outcome.message.length, where).toBeGreaterThan(10);
        expect(outcome.message.length, where).toBeLessThan(1000);
        if (c.names !== undefined) expect(outcome.message, where).toContain(c.names);
        // Per-attempt check of the store: cheap enough here (~1 ms).
        expect(await snapshot(), where).toBe(initial);
      } else {
        expect(c.expect, `${where}: imported, but should have been refused`).toBe('either');
        accepted += 1;
        expect(({} as Record<string, unknown>).polluted, where).toBeUndefined();
        const run = await store.getRun(RUN.id);
        expect(run, where).toBeDefined();
        if (run) expect(() => summarizeRun(run, [], getBenchmark, 1), where).not.toThrow();
        const trials = await store.listTrials(RUN.id);
        expect(
          trials.every((t) => !Object.hasOwn(t, 'polluted') && !Object.hasOwn(t, 'constructor')),
          where,
        ).toBe(true);
        await removeImported();
        expect(await snapshot(), where).toBe(initial);
      }
    }
    expect(await snapshot()).toBe(initial);
    expect(accepted).toBeLessThan(ATTEMPTS / 10);
    expect(Math.min(...counts), 'every kind of damage was generated').toBeGreaterThan(50);
  }, 60_000);
});
