/**
 * What is stored, and the port through which it is stored. A trial is written as soon as it
 * finishes, keyed so that each planned trial exists at most once (docs/method.md §6, issue 2 "resume").
 * Adapters: IndexedDB (browser, `idb`), fake-indexeddb in Node tests, a JSON file in the CLI.
 */
import type { BenchmarkId, ConditionId } from '../core/ids';
import type { EngineError, EngineInfo, GenerationSettings, ScoringMethod } from '../engine/types';
import type { ItemSummary, ScoredTrial } from '../benchmarks/types';

/** Bumped with every change to TrialRecord / RunRecord; migrations live in storage/. */
export const RECORD_SCHEMA_VERSION = 1;

/** Which engine a run uses, and how to reach it (never an API key). */
export type EngineSpec = { readonly kind: 'webllm' } | { readonly kind: 'openai'; readonly baseUrl: string };

export interface RunSpec {
  readonly benchmarks: readonly BenchmarkId[];
  /** Model ids, in the order they are run (web-llm catalogue ids or server model names). */
  readonly models: readonly string[];
  readonly conditions: readonly ConditionId[];
  /** Items per benchmark (seeded, stratified) or every item. */
  readonly sampleSize: number | 'all';
  readonly seed: number;
  readonly generation: GenerationSettings;
  readonly engine: EngineSpec;
  /** Parameter counts of models the catalogue does not know (server models), for size axes. */
  readonly modelParams?: Readonly<Record<string, number>>;
}

/**
 * The git commit of the app's source (full SHA-1, with `-dirty` when built with uncommitted
 * changes; core/version.ts), or null when it was unknown (built without git). Records made
 * before 0.2.0 have no such field: read it as null (`appCommitOf`).
 */
export type AppCommit = string | null;

export function appCommitOf(record: { readonly appCommit?: AppCommit }): AppCommit {
  return record.appCommit ?? null;
}

export type RunStatus = 'running' | 'paused' | 'cancelled' | 'done';

export interface RunRecord {
  readonly schema: number;
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly spec: RunSpec;
  readonly status: RunStatus;
  /** Item keys per benchmark, fixed when the run is planned, so a resume runs the same items. */
  readonly itemKeys: Readonly<Partial<Record<BenchmarkId, readonly string[]>>>;
  /** Benchmark versions the items were planned with. */
  readonly benchmarkVersions: Readonly<Partial<Record<BenchmarkId, string>>>;
  readonly plannedTrials: number;
  readonly appVersion: string;
  /** Source commit of the app that created the run (see AppCommit). */
  readonly appCommit?: AppCommit;
  /** Why the run last stopped, when it was not by the user's choice. */
  readonly lastError?: EngineError;
}

export interface TrialRecord extends ScoredTrial {
  readonly schema: number;
  /** `${runId}|${model}|${benchmark}|${condition}|${itemKey}`: unique per planned trial. */
  readonly key: string;
  readonly runId: string;
  readonly benchmark: BenchmarkId;
  readonly benchmarkVersion: string;
  readonly itemKey: string;
  readonly item: ItemSummary;
  /** Hash of everything that was sent to the model except generated reasoning. */
  readonly promptHash: string;
  readonly engine: EngineInfo;
  readonly appVersion: string;
  /** Source commit of the app that ran the trial (see AppCommit). */
  readonly appCommit?: AppCommit;
  /** Reasoning settings (CoT conditions only). */
  readonly generation: GenerationSettings | null;
  /** Per-item seed derived from the run seed and the item key (docs/method.md §5). */
  readonly seed: number;
  readonly status: 'ok' | 'failed';
  /** Candidate id -> raw probability (mean over reasoning samples for CoT). */
  readonly raw: Readonly<Record<string, number>> | null;
  readonly scoring: {
    readonly method: ScoringMethod;
    readonly firstTokenOnly?: readonly string[];
    readonly upperBound?: readonly string[];
  } | null;
  /** Reasoning texts, one per sample (CoT conditions), else empty. */
  readonly reasoning: readonly string[];
  readonly error: EngineError | null;
  readonly startedAt: string;
  readonly durationMs: number;
  /** Tokens the engine reported for this trial's requests (absent when it reported none). */
  readonly tokens?: TrialTokens;
}

/**
 * Token counts as the engine reported them, summed over a trial's requests (issue 7: model work
 * per trial). `prompt`: prompt tokens of every request (a reasoning condition's answer step
 * re-reads the question and the reasoning). `cached`: of those, the tokens the engine took from
 * its prefix cache rather than prefilling (always 0 for web-llm, whose requests start from an
 * empty cache; reported by some servers), so prompt − cached were prefilled. `completion`: tokens
 * generated as reasoning. Only on trials whose every request reported its prompt tokens; `cached`
 * and `completion` only when every request (every reasoning request) reported them.
 */
export interface TrialTokens {
  readonly prompt: number;
  readonly cached?: number;
  readonly completion?: number;
}

export function trialKey(runId: string, model: string, benchmark: BenchmarkId, condition: ConditionId, itemKey: string): string {
  return `${runId}|${model}|${benchmark}|${condition}|${itemKey}`;
}

/** A cached dataset file, verified against its blob SHA-1 before it was stored. */
export interface CachedFile {
  readonly sha1: string;
  readonly name: string;
  readonly text: string;
  readonly storedAt: string;
}

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
    super(reason === 'upgraded_elsewhere' ? 'The results database was closed because another tab opened a newer version of it.' : 'The browser closed the results database.', options);
    this.name = 'StoreClosedError';
    this.reason = reason;
  }
}
