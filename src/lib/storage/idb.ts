/**
 * The IndexedDB adapter of the ResultStore port; the only importer of `idb`. The database is
 * declared once as a DBSchema and upgraded by an `if (oldVersion < N)` ladder: never edit a
 * rung, add one. Every write is one transaction, so a run and its trials are never half-written
 * (deleteRun, putRecords). Opened with idb's openDB so that a version bump never hangs a tab:
 * this tab lets go of the database the moment another tab asks for a newer version (idb's
 * `blocking`, the `versionchange` event) and from then on every call rejects with
 * StoreClosedError; opening reports `blocked` while older tabs hold on, and a database made by a
 * newer version of the app (VersionError) is an outcome, not a crash. The page hears of these
 * through the `onEvent` callback the composition root hands in.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { CachedFile, RunRecord, TrialRecord } from '../core/records';
import { Connection } from './connection';
import type { ResultStore, StoreEvent } from './port';

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
function upgrade(db: Db, oldVersion: number, _newVersion: number | null, _tx: UpgradeTx): void {
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
  /** DB_VERSION, except in tests that play a later release of the app opening the same database. */
  readonly version?: number;
  /** News of the connection for the page: `blocked` while opening waits, `closed` later. */
  readonly onEvent?: (event: StoreEvent) => void;
}

/** Opening's outcome: the store, or a database made by a newer version of the app (left as it is). */
export type StoreOpening =
  | { readonly kind: 'open'; readonly store: IdbResultStore }
  | { readonly kind: 'newer_version'; readonly detail: string };

/**
 * Opens (creating or upgrading) the results database. Throws only where IndexedDB itself is
 * unusable (some private windows); the page says so.
 */
export async function connectResultStore(options: OpenResultStoreOptions = {}): Promise<StoreOpening> {
  if (globalThis.indexedDB === undefined)
    throw new Error('connectResultStore: IndexedDB is not available in this environment');
  const onEvent = options.onEvent ?? (() => undefined);
  const connection = new Connection<Db>(onEvent);
  try {
    const db = await openDB<ResultsDB>(options.name ?? DEFAULT_DB_NAME, options.version ?? DB_VERSION, {
      upgrade,
      // A tab holding an older version has not let go (an app build from before this handling):
      // the open waits, and goes on by itself once that tab closes.
      blocked: () => onEvent({ kind: 'blocked' }),
      // Another tab wants a newer version: let go at once, so its upgrade never waits on this tab.
      blocking: () => connection.lose('upgraded_elsewhere'),
      terminated: () => connection.lose('terminated'),
    });
    return { kind: 'open', store: buildStore(connection.attach(db)) };
  } catch (e) {
    if (e instanceof DOMException && e.name === 'VersionError') return { kind: 'newer_version', detail: e.message };
    throw e;
  }
}

/** The store, or an Error when the database cannot be opened as this version (tests, tools). */
export async function openResultStore(options: OpenResultStoreOptions = {}): Promise<IdbResultStore> {
  const opening = await connectResultStore(options);
  if (opening.kind === 'newer_version')
    throw new Error(`openResultStore: the database was made by a newer version of the app (${opening.detail})`);
  return opening.store;
}

/**
 * Trial writes issued in the same task share one transaction (committed in the next task); each
 * write still resolves only when its transaction has committed, and a failed transaction rejects
 * every write in it (nothing half-written). One transaction per trial would cap a fast engine at
 * a few hundred trials per second.
 */
function coalescedTrialWrites(connection: Connection<Db>): (trial: TrialRecord) => Promise<void> {
  let batch: { trial: TrialRecord; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const flush = (): void => {
    const writing = batch;
    batch = [];
    const fail = (e: unknown): void => writing.forEach((w) => w.reject(connection.explain(e)));
    let tx: IDBPTransaction<ResultsDB, ['trials'], 'readwrite'>;
    try {
      tx = connection.db.transaction('trials', 'readwrite');
    } catch (e) {
      fail(e); // closed meanwhile: StoreClosedError, nothing written
      return;
    }
    try {
      for (const { trial } of writing) void tx.store.put(trial).catch(() => undefined); // failures surface through tx.done
    } catch (e) {
      // put() throws synchronously (e.g. DataCloneError) without aborting: abort, so nothing is written.
      tx.abort();
      void tx.done.catch(() => undefined);
      fail(e);
      return;
    }
    tx.done.then(() => writing.forEach((w) => w.resolve()), fail);
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

function buildStore(connection: Connection<Db>): IdbResultStore {
  const use = <T>(work: (db: Db) => Promise<T>): Promise<T> => connection.use(work);
  return {
    putRun: (run) =>
      use(async (db) => {
        await db.put('runs', run);
      }),
    getRun: (id) => use((db) => db.get('runs', id)),
    listRuns: () => use(async (db) => (await db.getAll('runs')).sort((a, b) => b.createdAt.localeCompare(a.createdAt))),
    deleteRun: (id) =>
      use(async (db) => {
        const tx = db.transaction(['runs', 'trials'], 'readwrite');
        const keys = await tx.objectStore('trials').index('byRunId').getAllKeys(id);
        await Promise.all([
          tx.objectStore('runs').delete(id),
          ...keys.map((key) => tx.objectStore('trials').delete(key)),
          tx.done,
        ]);
      }),
    putTrial: coalescedTrialWrites(connection),
    listTrials: (runId) => use((db) => readRunTrials(db, runId)),
    trialKeys: (runId) => use(async (db) => new Set(await db.getAllKeysFromIndex('trials', 'byRunId', runId))),
    completedKeys: (runId) =>
      use(async (db) => {
        const trials = await readRunTrials(db, runId);
        return new Set(trials.filter((t) => t.status === 'ok').map((t) => t.key));
      }),
    getFile: (sha1) => use((db) => db.get('files', sha1)),
    putFile: (file) =>
      use(async (db) => {
        await db.put('files', file);
      }),
    putRecords: (runs, trials) => use((db) => putRecords(db, runs, trials)),
    close: () => connection.shut(),
  };
}

async function putRecords(db: Db, runs: readonly RunRecord[], trials: readonly TrialRecord[]): Promise<void> {
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
}
