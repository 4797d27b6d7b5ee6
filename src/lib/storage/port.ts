/**
 * The port through which records are stored (docs/method.md §6: resumable runs). Adapters:
 * IndexedDB (browser, `idb`), fake-indexeddb in Node tests, a JSON file in the CLI. The records
 * themselves are core vocabulary (core/records.ts).
 */
import type { CachedFile, RunRecord, TrialRecord } from '../core/records';

export interface ResultStore {
  putRun(run: RunRecord): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  listRuns(): Promise<RunRecord[]>;
  /** Deletes a run and all its trials. */
  deleteRun(id: string): Promise<void>;
  /** Writes one trial (overwriting a failed attempt with the same key). */
  putTrial(trial: TrialRecord): Promise<void>;
  listTrials(runId: string): Promise<TrialRecord[]>;
  /** Keys of the run's trials with status `ok` (these are skipped on resume). */
  completedKeys(runId: string): Promise<Set<string>>;
  /** Keys of all the run's stored trials, without reading the records (cheap for large runs). */
  trialKeys(runId: string): Promise<Set<string>>;
  getFile(sha1: string): Promise<CachedFile | undefined>;
  putFile(file: CachedFile): Promise<void>;
}

/**
 * Why a store stopped serving reads and writes: another tab of the app asked for a newer database
 * version (this tab let go at once, so the upgrade never waits on it), or the browser closed the
 * connection abnormally (site data cleared, browser shutting down).
 */
export type StoreClosedReason = 'upgraded_elsewhere' | 'terminated';

/**
 * What a store tells the page about its connection, through the callback the composition root
 * hands in: `blocked` while opening waits for tabs holding an older version (it then goes on by
 * itself); `closed` once the store no longer serves calls.
 */
export type StoreEvent = { readonly kind: 'blocked' } | { readonly kind: 'closed'; readonly reason: StoreClosedReason };

/**
 * The rejection of every store call once its connection closed: an expected outcome, not a bug.
 * A refused write stored nothing (its transaction never started or was aborted whole).
 */
export class StoreClosedError extends Error {
  readonly reason: StoreClosedReason;
  constructor(reason: StoreClosedReason, options?: ErrorOptions) {
    super(
      reason === 'upgraded_elsewhere'
        ? 'The results database was closed because another tab opened a newer version of it.'
        : 'The browser closed the results database.',
      options,
    );
    this.name = 'StoreClosedError';
    this.reason = reason;
  }
}
