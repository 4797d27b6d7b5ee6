/**
 * The results database's shape and its migration ladder, for the IndexedDB adapter (idb.ts) and
 * the run summaries it keeps (summaries.ts). Upgraded by an `if (oldVersion < N)` ladder: never
 * edit a rung, add one. A rung only adds stores or indexes, so an older database keeps every
 * record it had.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { CachedFile, MetricRow, RunRecord, TrialRecord } from '../core/records';
import type { TrialBatch } from '../core/columns';
import type { RunSummaryHead } from '../core/run-summary';

/** Bumped with every change of stores or indexes below (not of record fields: see RECORD_SCHEMA_VERSION). */
export const DB_VERSION = 3;
export const DEFAULT_DB_NAME = 'self-correction-results';

/** Metric rows computed from a run's summary, kept until its trials or the computation change. */
export interface CachedMetrics {
  readonly runId: string;
  /** The trial revision of the summary the rows were computed from. */
  readonly revision: string;
  /** What computed them (the summariser's code and settings): other code recomputes. */
  readonly recipe: string;
  readonly rows: readonly MetricRow[];
}

/** A run summary's columns as kept, beside its head (same run, same revision). */
export interface KeptColumns {
  readonly runId: string;
  readonly revision: string;
  readonly columns: TrialBatch;
}

export interface ResultsDB extends DBSchema {
  runs: { key: string; value: RunRecord };
  trials: { key: string; value: TrialRecord; indexes: { byRunId: string } };
  files: { key: string; value: CachedFile };
  /** Version 2: run id → its trial revision, a fresh token with every write of its trials. */
  revisions: { key: string; value: string };
  /**
   * Version 2: run id → its summary (core/run-summary.ts); from version 3 only its head (counts,
   * provenance), the columns being kept apart.
   */
  summaries: { key: string; value: RunSummaryHead };
  /** Version 3: run id → its summary's columns, written with its head. */
  columns: { key: string; value: KeptColumns };
  /** Version 2: run id → metric rows computed from its summary. */
  metrics: { key: string; value: CachedMetrics };
}

export type Db = IDBPDatabase<ResultsDB>;
export type UpgradeTx = IDBPTransaction<ResultsDB, StoreNames<ResultsDB>[], 'versionchange'>;

/** The migration ladder. `oldVersion` is 0 for a new database. */
export function upgrade(db: Db, oldVersion: number, _newVersion: number | null, tx: UpgradeTx): void {
  if (oldVersion < 1) {
    db.createObjectStore('runs', { keyPath: 'id' });
    const trials = db.createObjectStore('trials', { keyPath: 'key' });
    trials.createIndex('byRunId', 'runId');
    db.createObjectStore('files', { keyPath: 'sha1' });
  }
  if (oldVersion < 2) {
    // Derived records only: runs of version 1 have no revision (read as '') and get their
    // summary on first use.
    db.createObjectStore('revisions');
    db.createObjectStore('summaries', { keyPath: 'runId' });
    db.createObjectStore('metrics', { keyPath: 'runId' });
  }
  if (oldVersion < 3) {
    // A summary's columns move to a store of their own, so its head reads in kilobytes. Version-2
    // summaries (columns inside) are derived records: dropped, and rebuilt from the trials on use.
    db.createObjectStore('columns', { keyPath: 'runId' });
    if (oldVersion >= 2) void tx.objectStore('summaries').clear();
  }
}
