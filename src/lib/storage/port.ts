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
