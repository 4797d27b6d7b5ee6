/**
 * The runner: executes a planned run against an engine, storing each trial the moment it is
 * done, emitting RunEvents. Resumable: calling it again on the same run skips trials already
 * stored with status ok (failed ones are retried and overwritten), so every planned trial ends up
 * stored exactly once. Abortable: pause (RunControl or AbortSignal) interrupts the request in
 * flight and stores nothing for it; cancel does the same and marks the run cancelled. Fatal
 * engine failures and load failures pause the run with `lastError`. A store that closed under it
 * (another tab upgraded the database) pauses it too, with nothing written: the stored run still
 * reads "running", which the page offers to resume. It sees only the types of engine and
 * storage; the adapters are handed in.
 */
import { EngineFailure, type Engine, type EngineError } from '../engine/types';
import { StoreClosedError } from '../storage/port';
import type { ResultStore } from '../storage/port';
import type { RunRecord, TrialRecord } from '../core/records';
import type { RunEvent } from './events';
import { buildTrialList, type BenchmarkInput } from './plan';
import { withStatus } from './record';
import { executeTrial } from './trial';

export type StopRequest = 'pause' | 'cancel';

/** Pause or cancel a run from the page. Cancel wins over an earlier pause. */
export class RunControl {
  #stop: StopRequest | null = null;
  readonly #listeners = new Set<() => void>();

  get stop(): StopRequest | null {
    return this.#stop;
  }
  pause(): void {
    this.#request('pause');
  }
  cancel(): void {
    this.#request('cancel');
  }
  /** Calls `listener` on each stop request; returns the unsubscribe function. */
  onStop(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  #request(stop: StopRequest): void {
    if (this.#stop === 'cancel') return;
    this.#stop = stop;
    for (const listener of [...this.#listeners]) listener();
  }
}

export interface RunEvaluationOptions {
  readonly run: RunRecord;
  readonly benchmarks: readonly BenchmarkInput[];
  readonly engine: Engine;
  readonly store: ResultStore;
  readonly onEvent?: (event: RunEvent) => void;
  readonly control?: RunControl;
  /** Aborting this signal pauses the run, like `control.pause()`. */
  readonly signal?: AbortSignal;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
  /** Trials in flight at once (servers batch concurrent requests); default 1. */
  readonly concurrency?: number;
}

export type RunOutcome =
  | { readonly kind: 'done'; readonly run: RunRecord; readonly failed: number }
  /** `store_closed`: the store closed (StoreClosedError), so nothing more was written, not even `run`'s status. */
  | {
      readonly kind: 'paused';
      readonly run: RunRecord;
      readonly reason: 'user' | 'error' | 'store_closed';
      readonly error?: EngineError;
    }
  | { readonly kind: 'cancelled'; readonly run: RunRecord };

/** Runs in progress in this page, to catch a double start (a bug). */
const active = new Set<string>();

export async function runEvaluation(options: RunEvaluationOptions): Promise<RunOutcome> {
  const { run, store, engine } = options;
  if (active.has(run.id)) throw new Error(`runEvaluation: run "${run.id}" is already running`);
  active.add(run.id);
  const control = options.control ?? new RunControl();
  const onAbort = () => control.pause();
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) control.pause();
  const unsubscribe = control.onStop(() => engine.interrupt());
  try {
    return await execute(options, control);
  } catch (e) {
    // The store closed under the run (at a write, a read, or recording a pause): expected, and
    // nothing can be written any more; trials stored before stay, the rest run on resume.
    if (e instanceof StoreClosedError) {
      options.onEvent?.({ type: 'paused', reason: 'store_closed' });
      return { kind: 'paused', run, reason: 'store_closed' };
    }
    // A bug (in a benchmark, the store or the engine's data): record why the run stopped, then rethrow.
    const error: EngineError = {
      kind: 'unknown',
      message: 'The run stopped on an internal error.',
      detail: e instanceof Error ? (e.stack ?? e.message) : String(e),
    };
    await store.putRun(withStatus(run, 'paused', error));
    options.onEvent?.({ type: 'paused', reason: 'error', error });
    throw e;
  } finally {
    unsubscribe();
    options.signal?.removeEventListener('abort', onAbort);
    active.delete(run.id);
  }
}

async function execute(options: RunEvaluationOptions, control: RunControl): Promise<RunOutcome> {
  const { store, engine } = options;
  const emit = options.onEvent ?? (() => undefined);
  const now = options.now ?? Date.now;
  let run = options.run;

  const finish = async (status: 'paused' | 'cancelled', error?: EngineError): Promise<RunOutcome> => {
    run = withStatus(run, status, error, new Date(now()));
    await store.putRun(run);
    if (status === 'cancelled') {
      emit({ type: 'cancelled' });
      return { kind: 'cancelled', run };
    }
    emit(error === undefined ? { type: 'paused', reason: 'user' } : { type: 'paused', reason: 'error', error });
    return error === undefined
      ? { kind: 'paused', run, reason: 'user' }
      : { kind: 'paused', run, reason: 'error', error };
  };
  const stopped = () => finish(control.stop === 'cancel' ? 'cancelled' : 'paused');

  const list = buildTrialList(run, options.benchmarks);
  if (list.kind === 'error') return finish('paused', { kind: 'unknown', message: list.message });
  const completed = await store.completedKeys(run.id);
  const done = new Set(list.trials.filter((t) => completed.has(t.key)).map((t) => t.key));
  run = withStatus(run, 'running', undefined, new Date(now()));
  await store.putRun(run);
  emit({ type: 'started', runId: run.id, planned: list.trials.length, done: done.size });

  let loaded = false;
  let failed = 0;
  for (const model of run.spec.models) {
    const remaining = list.trials.filter((t) => t.model === model && !completed.has(t.key));
    if (remaining.length === 0) continue;
    if (control.stop !== null) return stopped();
    if (loaded) await engine.unload();
    const loadStart = now();
    try {
      await engine.load(model, (progress) => emit({ type: 'model_loading', model, progress }));
    } catch (e) {
      if (control.stop !== null) return stopped();
      const error = e instanceof EngineFailure ? e.error : unknownLoadError(e);
      return finish('paused', error);
    }
    loaded = true;
    emit({ type: 'model_ready', model, loadMs: now() - loadStart });

    // Up to `concurrency` trials in flight; the first reason to stop ends every worker after
    // its current trial (a pause also interrupts the requests in flight).
    const halt: { reason: Halt | null } = { reason: null };
    let next = 0;
    // Writes in flight: the next trial starts while the store commits (it groups writes into
    // transactions); a trial counts as stored, and is announced, only once its write committed.
    const writes = new Set<Promise<void>>();
    const storeTrial = (trial: TrialRecord, key: string): Promise<void> => {
      const write = store.putTrial(trial).then(
        () => {
          done.add(key);
          emit({ type: 'trial_stored', trial, done: done.size, planned: list.trials.length });
        },
        (e: unknown) => {
          // A refused write is one aborted transaction: nothing half-written.
          halt.reason ??= isQuotaError(e)
            ? { kind: 'fatal', error: storageFull(e) }
            : e instanceof StoreClosedError
              ? { kind: 'closed', error: e }
              : { kind: 'bug', error: e };
        },
      );
      writes.add(write);
      void write.finally(() => writes.delete(write));
      return writes.size >= WRITES_IN_FLIGHT ? Promise.race(writes) : Promise.resolve();
    };
    const worker = async (): Promise<void> => {
      while (halt.reason === null && control.stop === null && next < remaining.length) {
        const planned = remaining[next++] as (typeof remaining)[number];
        emit({
          type: 'trial_started',
          model,
          benchmark: planned.benchmark.id,
          condition: planned.condition,
          itemKey: planned.itemKey,
        });
        try {
          const outcome = await executeTrial({ run, engine, stopRequested: () => control.stop !== null, now }, planned);
          if (outcome.kind === 'stopped') return;
          if (outcome.kind === 'fatal') {
            halt.reason ??= { kind: 'fatal', error: outcome.error };
            return;
          }
          if (outcome.trial.status === 'failed') failed += 1;
          await storeTrial(outcome.trial, planned.key);
        } catch (e) {
          halt.reason ??= { kind: 'bug', error: e };
          return;
        }
      }
    };
    const workers = Math.max(1, Math.min(options.concurrency ?? 1, remaining.length));
    await Promise.all(Array.from({ length: workers }, worker));
    await Promise.all([...writes]);
    const { reason } = halt;
    if (reason?.kind === 'bug' || reason?.kind === 'closed') throw reason.error; // runEvaluation records or reports it
    if (control.stop !== null) return stopped();
    if (reason?.kind === 'fatal') return finish('paused', reason.error);
  }

  // Every planned trial is stored (keys only: reading 100k records would block the page). Trials
  // that failed before this execution were all retried in it, so `failed` counts this execution's.
  const storedKeys = await store.trialKeys(run.id);
  const stored = list.trials.filter((t) => storedKeys.has(t.key)).length;
  if (stored !== list.trials.length)
    throw new Error(`run "${run.id}" finished with ${stored} of ${list.trials.length} planned trials stored`);
  run = withStatus(run, 'done', undefined, new Date(now()));
  await store.putRun(run);
  emit({ type: 'finished', failed });
  return { kind: 'done', run, failed };
}

/** Trial writes that may be committing while later trials run. */
const WRITES_IN_FLIGHT = 64;

/** Why the workers of one model stopped early (a pause is read from the RunControl). */
type Halt =
  | { readonly kind: 'fatal'; readonly error: EngineError }
  | { readonly kind: 'closed'; readonly error: StoreClosedError }
  | { readonly kind: 'bug'; readonly error: unknown };

/** IndexedDB reports a full quota as a QuotaExceededError (sometimes wrapped in an AbortError). */
function isQuotaError(e: unknown): boolean {
  const name =
    e instanceof Error || (typeof e === 'object' && e !== null && 'name' in e)
      ? String((e as { name: unknown }).name)
      : '';
  return name === 'QuotaExceededError' || /quota/i.test(e instanceof Error ? e.message : String(e));
}

function storageFull(e: unknown): EngineError {
  return {
    kind: 'storage_full',
    message:
      "This browser's storage is full, so the last result could not be saved. Delete old runs or cached models, then resume: finished trials are kept and nothing was half-written.",
    detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
  };
}

function unknownLoadError(e: unknown): EngineError {
  return {
    kind: 'unknown',
    message: 'The model could not be loaded.',
    detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
  };
}
