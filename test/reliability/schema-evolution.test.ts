/**
 * Guarantee: files and databases written by every earlier version still open in the current code
 * with identical records. The fixtures in test/fixtures/schema/ are committed, never regenerated
 * here (generate.ts writes them once and refuses to overwrite):
 * - export-v1.json … export-v4.json: results files of export format versions 1-4
 *   (version 3: trials of record schema 2 with `template` and `scoring.candidateTokens`;
 *   version 4: runs of record schema 3, one with `deviceChecks`);
 * - idb-v1.json, idb-v2.json, idb-v3.json: IndexedDB databases at DB_VERSION 1-3 (stores, key paths,
 *   indexes, records), created here with raw IndexedDB exactly as described, then opened with
 *   openResultStore; each run's summary is then built from its trials and gives the same rows.
 * When EXPORT_VERSION or DB_VERSION goes up: add export-v<N>.json / idb-v<N>.json (see
 * generate.ts), add N to the lists below, and leave the older fixtures untouched; the tests for
 * older versions then prove the migration.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getBenchmark } from '../../src/lib/benchmarks/registry';
import { summarizeRun } from '../../src/lib/results/summarize';
import { EXPORT_VERSION, importResults, parseImport, READABLE_VERSIONS } from '../../src/lib/storage/export';
import { DB_VERSION, openResultStore } from '../../src/lib/storage/idb';
import { decodeTrials, emptyTables } from '../../src/lib/core/columns-decode';
import type { CachedFile, RunRecord, TrialRecord } from '../../src/lib/core/records';

const DIR = resolve(__dirname, '../fixtures/schema');
const read = (name: string): string => readFileSync(resolve(DIR, name), 'utf8');

/** Export versions with a committed fixture; every readable version must have one. */
const EXPORT_FIXTURE_VERSIONS = [1, 2, 3, 4] as const;
/** DB versions with a committed fixture. */
const DB_FIXTURE_VERSIONS = [1, 2, 3] as const;

interface ExportFixture {
  readonly version: number;
  readonly runs: RunRecord[];
  readonly trials: (TrialRecord & { raw_probs?: unknown })[];
}

interface StoreFixture {
  /** null: out-of-line keys, and each record is `{ key, value }`. */
  readonly keyPath: string | null;
  readonly indexes: Readonly<Record<string, string>>;
  readonly records: Record<string, unknown>[];
}
interface DbFixture {
  readonly name: string;
  readonly version: number;
  readonly stores: Readonly<Record<string, StoreFixture>>;
}

/** The stored form of a file's trial: the record without the export-only alias. */
function withoutAlias(t: TrialRecord & { raw_probs?: unknown }): TrialRecord {
  const { raw_probs: _alias, ...record } = t;
  return record;
}

const byKey = <T extends { key: string }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => a.key.localeCompare(b.key));
const byId = <T extends { id: string }>(list: readonly T[]): T[] => [...list].sort((a, b) => a.id.localeCompare(b.id));

describe('export files of every version', () => {
  it('has a fixture for every version this app reads, the current one included', () => {
    expect([...READABLE_VERSIONS].sort()).toEqual([...EXPORT_FIXTURE_VERSIONS]);
    expect(READABLE_VERSIONS).toContain(EXPORT_VERSION);
  });

  for (const version of EXPORT_FIXTURE_VERSIONS) {
    it(`reads version ${version} into identical records, stores them and recomputes its results`, async () => {
      const text = read(`export-v${version}.json`);
      const fixture = JSON.parse(text) as ExportFixture;
      expect(fixture.version).toBe(version);
      expect(fixture.trials.every((t) => (version >= 2 ? 'raw_probs' in t : !('raw_probs' in t)))).toBe(true);
      // Version 3 trials say which template rendered them; older ones do not, and still import.
      expect(fixture.trials.every((t) => (version >= 3 ? t.template?.source === 'hf' : t.template === undefined))).toBe(
        true,
      );
      // Version 4 runs may carry device self-tests; older ones do not, and still import.
      expect(fixture.runs.some((r) => r.deviceChecks !== undefined)).toBe(version >= 4);
      const parsed = parseImport(text);
      if (parsed.kind !== 'error') {
        expect(parsed.runs).toEqual(fixture.runs);
        expect(parsed.trials).toEqual(fixture.trials.map(withoutAlias));
      } else expect.fail(parsed.message);

      const store = await openResultStore({ name: `export-v${version}` });
      await expect(importResults(text, store)).resolves.toEqual({
        kind: 'imported',
        runs: fixture.runs.length,
        trials: fixture.trials.length,
      });
      expect(byId(await store.listRuns())).toEqual(byId(fixture.runs));
      for (const run of fixture.runs) {
        const stored = await store.listTrials(run.id);
        expect(byKey(stored)).toEqual(byKey(fixture.trials.filter((t) => t.runId === run.id).map(withoutAlias)));
        expect(summarizeRun(run, stored, getBenchmark, 10).length).toBeGreaterThan(0);
      }
      store.close();
    });
  }
});

/** Creates the database described by a fixture with raw IndexedDB, as that version's code did. */
async function createFromFixture(factory: IDBFactory, fixture: DbFixture): Promise<void> {
  // From nothing: the fixtures share the app's database name, which an earlier test upgraded.
  await new Promise<void>((done, reject) => {
    const request = factory.deleteDatabase(fixture.name);
    request.onsuccess = () => done();
    request.onerror = () => reject(request.error ?? new Error('delete failed'));
  });
  const db = await new Promise<IDBDatabase>((resolveDb, reject) => {
    const request = factory.open(fixture.name, fixture.version);
    request.onupgradeneeded = () => {
      for (const [name, store] of Object.entries(fixture.stores)) {
        const os = request.result.createObjectStore(name, { keyPath: store.keyPath });
        for (const [index, keyPath] of Object.entries(store.indexes)) os.createIndex(index, keyPath);
      }
    };
    request.onsuccess = () => resolveDb(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
  await new Promise<void>((done, reject) => {
    const tx = db.transaction(Object.keys(fixture.stores), 'readwrite');
    for (const [name, store] of Object.entries(fixture.stores))
      for (const record of store.records)
        if (store.keyPath === null) tx.objectStore(name).put(record.value, record.key as IDBValidKey);
        else tx.objectStore(name).put(record);
    tx.oncomplete = () => done();
    tx.onerror = () => reject(tx.error ?? new Error('write failed'));
  });
  db.close();
}

describe('IndexedDB databases of every version', () => {
  it('has a fixture for the current DB version', () => {
    expect(DB_FIXTURE_VERSIONS).toContain(DB_VERSION);
  });

  for (const version of DB_FIXTURE_VERSIONS) {
    it(`opens a version ${version} database with the current store and reads every record back`, async () => {
      const fixture = JSON.parse(read(`idb-v${version}.json`)) as DbFixture;
      expect(fixture.version).toBe(version);
      // fake-indexeddb's global factory, which the adapter opens through (idb's openDB).
      const factory: IDBFactory = globalThis.indexedDB;
      await createFromFixture(factory, fixture);

      const store = await openResultStore({ name: fixture.name });
      const runs = (fixture.stores.runs?.records ?? []) as unknown as RunRecord[];
      const trials = (fixture.stores.trials?.records ?? []) as unknown as TrialRecord[];
      const files = (fixture.stores.files?.records ?? []) as unknown as CachedFile[];
      expect(runs.length).toBeGreaterThan(0);
      expect(trials.length).toBeGreaterThan(0);
      expect(files.length).toBeGreaterThan(0);
      expect(byId(await store.listRuns())).toEqual(byId(runs));
      for (const run of runs) {
        expect(await store.getRun(run.id)).toEqual(run);
        const own = trials.filter((t) => t.runId === run.id);
        expect(byKey(await store.listTrials(run.id))).toEqual(byKey(own));
        expect(await store.completedKeys(run.id)).toEqual(
          new Set(own.filter((t) => t.status === 'ok').map((t) => t.key)),
        );
      }
      for (const file of files) expect(await store.getFile(file.sha1)).toEqual(file);
      // Every run gets its summary, built from its trials: the same rows as the trials give.
      for (const run of runs) {
        const own = byKey(trials.filter((t) => t.runId === run.id));
        const summary = await store.loadRunSummary(run.id);
        if (summary === null) expect.fail('no summary');
        expect([summary.trials, summary.ok]).toEqual([own.length, own.filter((t) => t.status === 'ok').length]);
        const decoded = decodeTrials(summary.columns, emptyTables()) as unknown as TrialRecord[];
        expect(decoded.map((t) => t.key)).toEqual(own.map((t) => t.key));
        expect(summarizeRun(run, decoded, getBenchmark, 10)).toEqual(summarizeRun(run, own, getBenchmark, 10));
        // Rows kept for an older revision (the v2 fixture has some) are not served.
        expect(await store.loadRunMetrics(run.id, 'fixture')).toBeNull();
      }
      store.close();

      // The upgraded database has exactly the current stores and indexes.
      const db = await new Promise<IDBDatabase>((ok, reject) => {
        const request = factory.open(fixture.name);
        request.onsuccess = () => ok(request.result);
        request.onerror = () => reject(request.error ?? new Error('open failed'));
      });
      expect(db.version).toBe(DB_VERSION);
      expect([...db.objectStoreNames].sort()).toEqual([
        'columns',
        'files',
        'metrics',
        'revisions',
        'runs',
        'summaries',
        'trials',
      ]);
      expect([...db.transaction('trials').objectStore('trials').indexNames]).toEqual(['byRunId']);
      db.close();
    });
  }
});
