/**
 * Off-main-thread statistics: the summary worker's entry and its message handler. The client
 * and the message types are in `summarizer.ts` (imported here as types only, so the worker
 * chunk holds no client code and the main chunk no handler). Node tests drive
 * `createSummaryHandler` directly with structured-cloned messages.
 *
 * Protocol (every message is structured-clone friendly: plain objects, arrays, strings, numbers,
 * typed arrays):
 * - The worker keeps a mirror of the trials of one run (the run last asked about). A request
 *   carries only the difference from what the worker already holds: `reset` (start from empty,
 *   e.g. another run), `upsert` (new or replaced trials, by key) and `remove` (keys gone). So a
 *   run streaming in sends each trial once, not the whole list every second.
 * - Trials cross as `SummaryTrial`: the fields `summarizeRun` reads (status, key, benchmark and
 *   the `ScoredTrial` fields that `Benchmark.summarize` receives), not reasoning texts or
 *   provenance, encoded in columns (`TrialBatch`, core/columns.ts) and rebuilt here by
 *   `decodeTrials` (core/columns-decode.ts).
 *   The tables a batch refers to (strings, candidate lists, item summaries) live as long as the
 *   mirror: a `reset` clears them with it.
 * - A large delta arrives as `update` chunks followed by one `summarize` (same id).
 * - Latest request wins: deltas are applied as each message arrives, but the (synchronous,
 *   possibly seconds-long) computation is deferred to a fresh task and then runs only for the
 *   newest request seen. Requests overtaken by a newer one get no answer of their own; the
 *   answer to the newer one (`result`/`error` with its id) answers them too (the client
 *   resolves every pending request with an id ≤ the answered id).
 * - Benchmarks are looked up in the registry (`getBenchmark`): functions cannot cross a worker.
 */
import type { Benchmark } from '../benchmarks/types';
import type { RunRecord, TrialRecord } from '../core/records';
import type { BenchmarkId } from '../core/ids';
import { getBenchmark } from '../benchmarks/registry';
import { serveWorker, type WorkerScope } from '../core/worker-port';
import { decodeTrials, emptyTables } from '../core/columns-decode';
import type { SummaryTrial } from '../core/columns';
import { RESAMPLES, summarizeRun } from './summarize';
import type { SummarizeRequest, SummaryResponse } from './summarizer';

export interface SummaryHandlerOptions {
  readonly post: (message: SummaryResponse) => void;
  /** Runs `task` in a later task (worker: setTimeout 0), so queued messages are seen first. */
  readonly defer?: (task: () => void) => void;
  readonly benchmarkOf?: (id: BenchmarkId) => Benchmark<unknown> | undefined;
  readonly now?: () => number;
}

export interface SummaryHandler {
  handle(message: SummarizeRequest): void;
  /** Trials currently mirrored (for tests). */
  readonly size: number;
}

export function createSummaryHandler(options: SummaryHandlerOptions): SummaryHandler {
  const defer = options.defer ?? ((task) => setTimeout(task, 0));
  const benchmarkOf = options.benchmarkOf ?? getBenchmark;
  const now = options.now ?? (() => performance.now());
  // The mirror: `byKey`, plus `fresh`, the trials of the request that reset it (`freshId`),
  // appended without hashing their keys: they are all new and distinct (keys are unique within
  // a request). They join `byKey` when a later request changes anything. summarizeRun sorts by
  // key, so the order the trials are handed over in does not matter.
  const byKey = new Map<string, SummaryTrial>();
  let fresh: SummaryTrial[] = [];
  let freshId = -1;
  const fold = (): void => {
    for (const t of fresh) byKey.set(t.key, t);
    fresh = [];
    freshId = -1;
  };
  let tables = emptyTables();
  let latest: SummarizeRequest | null = null;
  let scheduled = false;

  const compute = (): void => {
    scheduled = false;
    const request = latest;
    latest = null;
    if (request === null) return;
    const start = now();
    try {
      // summarizeRun reads only SummaryTrial's fields (Benchmark.summarize takes ScoredTrial) and
      // the run's id and spec.
      const run = request.run as unknown as RunRecord;
      const trials = byKey.size === 0 ? fresh : [...byKey.values(), ...fresh];
      const rows = summarizeRun(run, trials as unknown as TrialRecord[], benchmarkOf, request.resamples ?? RESAMPLES);
      options.post({ type: 'result', id: request.id, rows, trials: trials.length, computeMs: now() - start });
    } catch (e) {
      options.post({ type: 'error', id: request.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  };

  return {
    handle(message) {
      if (message.type !== 'summarize' && message.type !== 'update') return;
      if (message.reset) {
        byKey.clear();
        fresh = [];
        freshId = message.id;
        tables = emptyTables();
      }
      const upsert = decodeTrials(message.upsert, tables);
      // Stored columns carry their own tables.
      for (const part of message.columns ?? []) for (const t of decodeTrials(part, emptyTables())) upsert.push(t);
      if (message.id === freshId) {
        for (const t of upsert) fresh.push(t);
      } else {
        if (fresh.length > 0 && (upsert.length > 0 || message.remove.length > 0)) fold();
        for (const key of message.remove) byKey.delete(key);
        for (const t of upsert) byKey.set(t.key, t);
      }
      // An earlier request not computed yet is superseded; its answer will be this one's.
      latest = message.type === 'summarize' && message.run !== null ? message : null;
      if (latest === null) return;
      if (!scheduled) {
        scheduled = true;
        defer(compute);
      }
    },
    get size() {
      return byKey.size + fresh.length;
    },
  };
}

// Worker entry: only when loaded as a dedicated worker (not when imported by Node tests).
declare const WorkerGlobalScope: unknown;
if (
  typeof WorkerGlobalScope !== 'undefined' &&
  typeof self !== 'undefined' &&
  typeof (self as { postMessage?: unknown }).postMessage === 'function'
) {
  serveWorker<SummarizeRequest, SummaryResponse>(self as unknown as WorkerScope, (post) => {
    const handler = createSummaryHandler({ post: (message) => post(message) });
    return (message) => handler.handle(message);
  });
}
