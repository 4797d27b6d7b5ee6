/**
 * The IndexedDB adapter of the ResultStore port; the only importer of `idb`'s code. The database
 * is declared once as a DBSchema and upgraded by an `if (oldVersion < N)` ladder (schema.ts).
 * Every write is one transaction, so a run and its trials are never half-written (deleteRun,
 * putRecords), and every transaction writing a run's trials gives it a new revision, which keeps
 * the run's summary and cached rows (summaries.ts) from outliving its trials. Opened with idb's openDB so that a version bump never hangs a tab:
 * this tab lets go of the database the moment another tab asks for a newer version (idb's
 * `blocking`, the `versionchange` event) and from then on every call rejects with
 * StoreClosedError; opening reports `blocked` while older tabs hold on, and a database made by a
 * newer version of the app (VersionError) is an outcome, not a crash. The page hears of these
 * through the `onEvent` callback the composition root hands in.
 */
import { openDB, type IDBPTransaction } from 'idb';
import type { MetricRow, RunRecord, TrialRecord } from '../core/records';
import type { RunSummary, RunSummaryHead } from '../core/run-summary';
import { Connection } from './connection';
import type { ResultStore, StoreEvent } from './port';
import { DB_VERSION, DEFAULT_DB_NAME, upgrade, type CachedMetrics, type Db, type ResultsDB } from './schema';
import {
  bumpRevisions,
  forEachRunTrial,
  loadCachedMetrics,
  loadRunSummary,
  loadRunSummaryHead,
  rebuildRunSummary,
  saveCachedMetrics,
} from './summaries';

export { DB_VERSION, DEFAULT_DB_NAME } from './schema';
export { READ_PAGE } from './summaries';
export type { CachedMetrics } from './schema';

/** ResultStore plus what only a transactional store can do. */
export interface IdbResultStore extends ResultStore {
  /** Writes runs and trials in one transaction: all of them, or (on any error) none. */
  putRecords(runs: readonly RunRecord[], trials: readonly TrialRecord[]): Promise<void>;
  /**
   * The run's summary (every stored trial in columns, counts, provenance; core/run-summary.ts)
   * as of its trials now: the kept one while no trial of the run changed since, else built from
   * the trials and kept. With `rebuild: false`, null instead of building (a run still being
   * written, where a rebuild would be stale at once).
   */
  loadRunSummary(runId: string, options?: { readonly rebuild?: boolean }): Promise<RunSummary | null>;
  /** The head of the run's kept summary (counts, provenance; kilobytes) if it is current, else null. */
  loadRunSummaryHead(runId: string): Promise<RunSummaryHead | null>;
  /**
   * The run's trial records (as `listTrials`) and its summary built from them in the same read,
   * kept unless a trial changed meanwhile: opening a run whose summary is missing or stale
   * reads its trials once, not twice.
   */
  readRunWithSummary(runId: string): Promise<{ readonly trials: TrialRecord[]; readonly summary: RunSummary }>;
  /**
   * Metric rows kept for the run by `recipe` while no trial of the run changed since they were
   * computed; null when there are none. Reads no summary: a study of many runs gets each run's
   * rows for a few kilobytes.
   */
  loadRunMetrics(runId: string, recipe: string): Promise<MetricRow[] | null>;
  /** Keeps rows computed from the run's summary at `entry.revision`, unless its trials changed since; true when kept. */
  saveRunMetrics(entry: CachedMetrics): Promise<boolean>;
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
    let tx: IDBPTransaction<ResultsDB, ('trials' | 'revisions')[], 'readwrite'>;
    try {
      tx = connection.db.transaction(['trials', 'revisions'], 'readwrite');
    } catch (e) {
      fail(e); // closed meanwhile: StoreClosedError, nothing written
      return;
    }
    try {
      // Failures surface through tx.done.
      const trials = tx.objectStore('trials');
      for (const { trial } of writing) void trials.put(trial).catch(() => undefined);
      const revisions = bumpRevisions(
        tx.objectStore('revisions'),
        writing.map((w) => w.trial),
      );
      for (const r of revisions) void r.catch(() => undefined);
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

/** A run's trials in key order, in one read-only transaction (paged: `forEachRunTrial`). */
async function readRunTrials(db: Db, runId: string): Promise<TrialRecord[]> {
  const tx = db.transaction(['trials']);
  const out: TrialRecord[] = [];
  await forEachRunTrial(tx, runId, (t) => out.push(t));
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
        const tx = db.transaction(['runs', 'trials', 'revisions', 'summaries', 'columns', 'metrics'], 'readwrite');
        const keys = await tx.objectStore('trials').index('byRunId').getAllKeys(id);
        await Promise.all([
          tx.objectStore('runs').delete(id),
          ...keys.map((key) => tx.objectStore('trials').delete(key)),
          tx.objectStore('revisions').delete(id),
          tx.objectStore('summaries').delete(id),
          tx.objectStore('columns').delete(id),
          tx.objectStore('metrics').delete(id),
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
    loadRunSummary: (runId, options) => use((db) => loadRunSummary(db, runId, options?.rebuild ?? true)),
    loadRunSummaryHead: (runId) => use((db) => loadRunSummaryHead(db, runId)),
    readRunWithSummary: (runId) =>
      use(async (db) => {
        const trials: TrialRecord[] = [];
        const summary = await rebuildRunSummary(db, runId, (t) => trials.push(t));
        return { trials, summary };
      }),
    loadRunMetrics: (runId, recipe) => use((db) => loadCachedMetrics(db, runId, recipe)),
    saveRunMetrics: (entry) => use((db) => saveCachedMetrics(db, entry)),
    close: () => connection.shut(),
  };
}

async function putRecords(db: Db, runs: readonly RunRecord[], trials: readonly TrialRecord[]): Promise<void> {
  const tx = db.transaction(['runs', 'trials', 'revisions'], 'readwrite');
  const runStore = tx.objectStore('runs');
  const trialStore = tx.objectStore('trials');
  const requests: Promise<unknown>[] = [];
  try {
    for (const r of runs) requests.push(runStore.put(r));
    for (const t of trials) requests.push(trialStore.put(t));
    requests.push(...bumpRevisions(tx.objectStore('revisions'), trials));
  } catch (e) {
    // put() throws synchronously (e.g. DataCloneError) without aborting: abort, so nothing is written.
    tx.abort();
    await Promise.allSettled([...requests, tx.done]);
    throw e;
  }
  await Promise.all([...requests, tx.done]);
}
