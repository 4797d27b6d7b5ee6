/**
 * The IndexedDB adapter of the ResultStore port; the only importer of `idb`. The database is
 * declared once as a DBSchema and upgraded by an `if (oldVersion < N)` ladder: never edit a
 * rung, add one. Every write is one transaction, so a run and its trials are never half-written
 * (deleteRun, putRecords). The IDBFactory is injectable so tests get a fresh fake-indexeddb.
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { CachedFile, RunRecord, TrialRecord } from '../core/records';
import type { ResultStore } from './port';

/** Bumped with every change of stores or indexes below (not of record fields: see RECORD_SCHEMA_VERSION). */
export const DB_VERSION = 1;
export const DEFAULT_DB_NAME = 'self-correction-results';

interface ResultsDB extends DBSchema {
  runs: { key: string; value: RunRecord };
  trials: { key: string; value: TrialRecord; indexes: { byRunId: string } };
  files: { key: string; value: CachedFile };
}

type Db = IDBPDatabase<ResultsDB>;
type UpgradeTx = IDBPTransaction<ResultsDB, StoreNames<ResultsDB>[], 'versionchange'>;

/** The migration ladder. `oldVersion` is 0 for a new database. */
function upgrade(db: Db, oldVersion: number, _tx: UpgradeTx): void {
  if (oldVersion < 1) {
    db.createObjectStore('runs', { keyPath: 'id' });
    const trials = db.createObjectStore('trials', { keyPath: 'key' });
    trials.createIndex('byRunId', 'runId');
    db.createObjectStore('files', { keyPath: 'sha1' });
  }
}

/** ResultStore plus what only a transactional store can do. */
export interface IdbResultStore extends ResultStore {
  /** Writes runs and trials in one transaction: all of them, or (on any error) none. */
  putRecords(runs: readonly RunRecord[], trials: readonly TrialRecord[]): Promise<void>;
  close(): void;
}

export interface OpenResultStoreOptions {
  readonly name?: string;
  /** Defaults to the global `indexedDB`. */
  readonly indexedDB?: IDBFactory;
}

function openDatabase(factory: IDBFactory, name: string): Promise<Db> {
  const request = factory.open(name, DB_VERSION);
  request.addEventListener('upgradeneeded', (event) => {
    // `wrap` is idb's untyped bridge; the schema above is the one these stores are created with.
    upgrade(wrap(request.result) as unknown as Db, event.oldVersion, wrap(request.transaction as IDBTransaction) as unknown as UpgradeTx);
  });
  return wrap(request) as unknown as Promise<Db>;
}

export async function openResultStore(options: OpenResultStoreOptions = {}): Promise<IdbResultStore> {
  const factory = options.indexedDB ?? globalThis.indexedDB;
  if (factory === undefined) throw new Error('openResultStore: IndexedDB is not available in this environment');
  const db = await openDatabase(factory, options.name ?? DEFAULT_DB_NAME);
  return buildStore(db);
}

/**
 * Trial writes issued in the same task share one transaction (committed in the next task); each
 * write still resolves only when its transaction has committed, and a failed transaction rejects
 * every write in it (nothing half-written). One transaction per trial would cap a fast engine at
 * a few hundred trials per second.
 */
function coalescedTrialWrites(db: Db): (trial: TrialRecord) => Promise<void> {
  let batch: { trial: TrialRecord; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const flush = (): void => {
    const writing = batch;
    batch = [];
    const tx = db.transaction('trials', 'readwrite');
    try {
      for (const { trial } of writing) void tx.store.put(trial).catch(() => undefined); // failures surface through tx.done
    } catch (e) {
      // put() throws synchronously (e.g. DataCloneError) without aborting: abort, so nothing is written.
      tx.abort();
      void tx.done.catch(() => undefined);
      writing.forEach((w) => w.reject(e));
      return;
    }
    tx.done.then(
      () => writing.forEach((w) => w.resolve()),
      (e: unknown) => writing.forEach((w) => w.reject(e)),
    );
  };
  return (trial) =>
    new Promise<void>((resolve, reject) => {
      if (batch.length === 0) setTimeout(flush, 0);
      batch.push({ trial, resolve, reject });
    });
}

/** Trials read per request by `readRunTrials`: a few milliseconds of deserialising each. */
export const READ_PAGE = 2_000;

/**
 * A run's trials in key order, READ_PAGE at a time in one read-only transaction. The browser
 * deserialises a request's records in the task that delivers them: one getAll of a complete BBQ
 * run (175k trials) froze the page for 1.5 s; pages keep each task short. Every trial key starts
 * with `${runId}|` (trialKey), so a page is a range of primary keys from `${runId}|` up to
 * `${runId}}` ('}' follows '|'); a run whose id extends this one's with "|…" shares the range,
 * hence the runId check.
 */
async function readRunTrials(db: Db, runId: string): Promise<TrialRecord[]> {
  const tx = db.transaction('trials');
  const end = `${runId}}`;
  const out: TrialRecord[] = [];
  let range = IDBKeyRange.bound(`${runId}|`, end, false, true);
  for (;;) {
    const page = await tx.store.getAll(range, READ_PAGE);
    for (const t of page) if (t.runId === runId) out.push(t);
    const last = page[page.length - 1];
    if (page.length < READ_PAGE || last === undefined) break;
    range = IDBKeyRange.bound(last.key, end, true, true);
  }
  await tx.done;
  return out;
}

function buildStore(db: Db): IdbResultStore {
  const putTrial = coalescedTrialWrites(db);
  return {
    async putRun(run) {
      await db.put('runs', run);
    },
    getRun: (id) => db.get('runs', id),
    listRuns: async () => (await db.getAll('runs')).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    async deleteRun(id) {
      const tx = db.transaction(['runs', 'trials'], 'readwrite');
      const keys = await tx.objectStore('trials').index('byRunId').getAllKeys(id);
      await Promise.all([tx.objectStore('runs').delete(id), ...keys.map((key) => tx.objectStore('trials').delete(key)), tx.done]);
    },
    putTrial,
    listTrials: (runId) => readRunTrials(db, runId),
    trialKeys: async (runId) => new Set(await db.getAllKeysFromIndex('trials', 'byRunId', runId)),
    async completedKeys(runId) {
      const trials = await readRunTrials(db, runId);
      return new Set(trials.filter((t) => t.status === 'ok').map((t) => t.key));
    },
    getFile: (sha1) => db.get('files', sha1),
    async putFile(file) {
      await db.put('files', file);
    },
    async putRecords(runs, trials) {
      const tx = db.transaction(['runs', 'trials'], 'readwrite');
      const runStore = tx.objectStore('runs');
      const trialStore = tx.objectStore('trials');
      const requests: Promise<unknown>[] = [];
      try {
        for (const r of runs) requests.push(runStore.put(r));
        for (const t of trials) requests.push(trialStore.put(t));
      } catch (e) {
        // put() throws synchronously (e.g. DataCloneError) without aborting: abort, so nothing is written.
        tx.abort();
        await Promise.allSettled([...requests, tx.done]);
        throw e;
      }
      await Promise.all([...requests, tx.done]);
    },
    close: () => db.close(),
  };
}
