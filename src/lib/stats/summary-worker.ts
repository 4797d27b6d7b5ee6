/**
 * Off-main-thread statistics: the summary worker's entry and its message handler. The client
 * and the message types are in `summarizer.ts` (imported here as types only, so the worker
 * chunk holds no client code and the main chunk no handler). Node tests drive
 * `createSummaryHandler` directly with structured-cloned messages.
 *
 * Protocol (every message is structured-clone friendly: plain objects, arrays, strings, numbers):
 * - The worker keeps a mirror of the trials of one run (the run last asked about). A request
 *   carries only the difference from what the worker already holds: `reset` (start from empty,
 *   e.g. another run), `upsert` (new or replaced trials, by key) and `remove` (keys gone). So a
 *   run streaming in sends each trial once, not the whole list every second.
 * - Trials cross as `SummaryTrial`: the fields `summarizeRun` reads (status, key, benchmark and
 *   the `ScoredTrial` fields that `Benchmark.summarize` receives), not reasoning texts or provenance.
 * - A large delta arrives as `update` chunks followed by one `summarize` (same id).
 * - Latest request wins: deltas are applied as each message arrives, but the (synchronous,
 *   possibly seconds-long) computation is deferred to a fresh task and then runs only for the
 *   newest request seen. Requests overtaken by a newer one get no answer of their own; the
 *   answer to the newer one (`result`/`error` with its id) answers them too (the client
 *   resolves every pending request with an id ≤ the answered id).
 * - Benchmarks are looked up in the registry (`getBenchmark`): functions cannot cross a worker.
 */
import type { Benchmark } from '../benchmarks/types';
import type { BenchmarkId } from '../core/ids';
import { getBenchmark } from '../benchmarks/registry';
import { RESAMPLES, summarizeRun } from '../runner/summary';
import type { TrialRecord } from '../storage/types';
import type { SummarizeRequest, SummaryResponse, SummaryTrial } from './summarizer';

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
  const trials = new Map<string, SummaryTrial>();
  let latest: SummarizeRequest | null = null;
  let scheduled = false;

  const compute = (): void => {
    scheduled = false;
    const request = latest;
    latest = null;
    if (request === null) return;
    const start = now();
    try {
      // summarizeRun reads only SummaryTrial's fields (Benchmark.summarize takes ScoredTrial).
      const rows = summarizeRun(request.run, [...trials.values()] as unknown as TrialRecord[], benchmarkOf, request.resamples ?? RESAMPLES);
      options.post({ type: 'result', id: request.id, rows, trials: trials.size, computeMs: now() - start });
    } catch (e) {
      options.post({ type: 'error', id: request.id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  };

  return {
    handle(message) {
      if (message.type !== 'summarize' && message.type !== 'update') return;
      if (message.reset) trials.clear();
      for (const key of message.remove) trials.delete(key);
      for (const t of message.upsert) trials.set(t.key, t);
      // An earlier request not computed yet is superseded; its answer will be this one's.
      latest = message.type === 'summarize' ? message : null;
      if (latest === null) return;
      if (!scheduled) {
        scheduled = true;
        defer(compute);
      }
    },
    get size() {
      return trials.size;
    },
  };
}

// Worker entry: only when loaded as a dedicated worker (not when imported by Node tests).
declare const WorkerGlobalScope: unknown;
if (typeof WorkerGlobalScope !== 'undefined' && typeof self !== 'undefined' && typeof (self as { postMessage?: unknown }).postMessage === 'function') {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  const handler = createSummaryHandler({ post: (message) => scope.postMessage(message) });
  scope.onmessage = (event: MessageEvent<SummarizeRequest>) => handler.handle(event.data);
}
