/**
 * A run's metrics computed off the main thread: `createSummarizer()` returns a function with the
 * shape of `summarizeRun` (run, trials → rows) that runs it in a module Web Worker
 * (`summary-worker.ts`), so bootstrapping a large result never blocks the page.
 * `createInlineSummarizer()` is the same function computed in-process (Node, tests, CLI, or a
 * browser without workers); both give the same rows, since both call `summarizeRun`.
 *
 * Semantics of the worker client:
 * - Latest request wins. Requests are answered in order; a request overtaken by a newer one
 *   while the worker was busy is not computed on its own: its promise resolves with the rows
 *   of the newer request that superseded it (metrics of a superset of its trials when trials
 *   only accumulate), or rejects with that request's error. So a caller that assigns whatever
 *   a promise gives never shows older numbers after newer ones.
 * - Only changes cross: the client remembers which trial objects (by key and identity) the
 *   worker already holds for the current run and sends just new or replaced trials and removed
 *   keys; asking about another run resends from scratch. Trial records are immutable, so
 *   identity is change. Keys are unique within a run's trials (as storage guarantees).
 * - Trials are sent as `SummaryTrial` (the fields the summary reads), plain structured-clone data.
 *   The trial list is walked and sent CHUNK trials at a time with a macrotask in between:
 *   diffing and cloning 175k trials in one go would block the page for ~0.2-0.4 s; a chunk
 *   takes a few ms. Requests are sent one after another, never interleaved; the caller must not
 *   mutate a trials array after handing it over (pass a new array, as Library does).
 * - Benchmarks come from the registry inside the worker (`getBenchmark`); the inline
 *   summarizer takes `benchmarkOf` like `summarizeRun`.
 */
import type { Benchmark, MetricRow } from '../benchmarks/types';
import type { BenchmarkId } from '../core/ids';
import { getBenchmark } from '../benchmarks/registry';
import { RESAMPLES, summarizeRun } from '../runner/summary';
import type { RunRecord, TrialRecord } from '../storage/types';

/** What the summary reads of a trial; everything else stays on the main thread. */
export type SummaryTrial = Pick<TrialRecord, 'key' | 'status' | 'benchmark' | 'model' | 'condition' | 'item' | 'answer' | 'probs' | 'mass'>;

/**
 * `update` only applies its changes (the leading chunks of a large delta); `summarize` applies
 * its changes and asks for the rows. Both supersede any earlier request not yet computed.
 */
export interface SummarizeRequest {
  readonly type: 'summarize' | 'update';
  /** Increasing per client; the chunks of one request share its id. */
  readonly id: number;
  readonly run: RunRecord;
  /** Drop every trial the worker holds before applying this request's changes. */
  readonly reset: boolean;
  readonly upsert: readonly SummaryTrial[];
  readonly remove: readonly string[];
  /** Bootstrap resamples; default RESAMPLES (1,000). */
  readonly resamples?: number;
}

export type SummaryResponse =
  | { readonly type: 'result'; readonly id: number; readonly rows: MetricRow[]; readonly trials: number; readonly computeMs: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

export function toSummaryTrial(t: SummaryTrial): SummaryTrial {
  return { key: t.key, status: t.status, benchmark: t.benchmark, model: t.model, condition: t.condition, item: t.item, answer: t.answer, probs: t.probs, mass: t.mass };
}

export interface Summarizer {
  (run: RunRecord, trials: readonly TrialRecord[]): Promise<MetricRow[]>;
  /** Stops the worker; pending and later requests reject. */
  dispose(): void;
  /** Milliseconds the worker spent in summarizeRun for the last answer (null: inline or none yet). */
  readonly lastComputeMs: number | null;
}

export interface SummarizerOptions {
  readonly resamples?: number;
  /** Trials per message (default CHUNK). */
  readonly chunk?: number;
}

/** Trials per message: cloning one chunk stays far below a 50 ms long task. */
export const CHUNK = 8192;

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The transport under the client: a Worker, or an in-process stand-in in tests. */
export interface SummaryPort {
  post(message: SummarizeRequest): void;
  /** Registers the receiver of responses, and of transport failures (worker crashed). */
  listen(onMessage: (message: SummaryResponse) => void, onFailure: (reason: string) => void): void;
  close(): void;
}

/** The worker client over any port (createSummarizer uses a module Worker). */
export function connectSummarizer(port: SummaryPort, options: SummarizerOptions = {}): Summarizer {
  let nextId = 1;
  let closed = false;
  let runId: string | null = null;
  /** What the worker holds for `runId`: key -> the trial object sent. */
  const sent = new Map<string, TrialRecord>();
  const pending = new Map<number, { resolve: (rows: MetricRow[]) => void; reject: (e: Error) => void }>();
  let lastComputeMs: number | null = null;
  /** The chunks of earlier requests still being sent. */
  let sending: Promise<void> = Promise.resolve();

  const settleUpTo = (id: number, outcome: { rows: MetricRow[] } | { error: Error }): void => {
    for (const [pid, p] of pending) {
      if (pid > id) continue;
      pending.delete(pid);
      if ('rows' in outcome) p.resolve(outcome.rows);
      else p.reject(outcome.error);
    }
  };
  /** Bumped by each failure: a request being sent when it happens stops sending. */
  let generation = 0;
  const failAll = (reason: string): void => {
    generation++;
    runId = null; // the worker's mirror is unknown now: resend everything next time
    sent.clear();
    settleUpTo(Number.POSITIVE_INFINITY, { error: new Error(`summarizer: ${reason}`) });
  };
  port.listen(
    (message) => {
      if (message.type === 'result') {
        lastComputeMs = message.computeMs;
        settleUpTo(message.id, { rows: message.rows });
      } else {
        settleUpTo(message.id, { error: new Error(`summarizer: ${message.message}`) });
      }
    },
    failAll,
  );

  /**
   * Sends one request: walks `trials` CHUNK at a time (a macrotask between chunks), posting
   * new or replaced trials as `update` messages, then a `summarize` with the rest, the removed
   * keys and the run. Runs inside the `sending` queue, so `sent` and `runId` change in order.
   */
  const send = async (id: number, run: RunRecord, trials: readonly TrialRecord[]): Promise<void> => {
    const chunk = Math.max(1, options.chunk ?? CHUNK);
    const resamples = options.resamples === undefined ? {} : { resamples: options.resamples };
    const era = generation;
    let reset = run.id !== runId;
    if (reset) {
      sent.clear();
      runId = run.id;
    }
    const before = sent.size;
    let present = 0;
    let upsert: SummaryTrial[] = [];
    const post = (type: SummarizeRequest['type'], remove: string[]): void => {
      port.post({ type, id, run, reset, upsert, remove, ...resamples });
      reset = false;
      upsert = [];
    };
    for (let start = 0; start < trials.length; start += chunk) {
      if (start > 0) {
        await nextTask();
        if (closed || era !== generation) return; // failed or disposed meanwhile: already rejected
      }
      const end = Math.min(trials.length, start + chunk);
      for (let i = start; i < end; i++) {
        const t = trials[i] as TrialRecord;
        const previous = sent.get(t.key);
        if (previous !== undefined) present++;
        if (previous !== t) {
          upsert.push(toSummaryTrial(t));
          sent.set(t.key, t);
        }
      }
      if (upsert.length >= chunk) post('update', []);
    }
    const remove: string[] = [];
    if (present !== before) {
      const keys = new Set(trials.map((t) => t.key));
      for (const key of sent.keys()) {
        if (!keys.has(key)) {
          remove.push(key);
          sent.delete(key);
        }
      }
    }
    post('summarize', remove);
  };

  const summarize = (run: RunRecord, trials: readonly TrialRecord[]): Promise<MetricRow[]> => {
    if (closed) return Promise.reject(new Error('summarizer: disposed'));
    const id = nextId++;
    const result = new Promise<MetricRow[]>((resolve, reject) => pending.set(id, { resolve, reject }));
    sending = sending.then(async () => {
      if (closed || !pending.has(id)) return;
      try {
        await send(id, run, trials);
      } catch (e) {
        failAll(`a request could not be sent (${e instanceof Error ? e.message : String(e)})`);
      }
    });
    return result;
  };
  return Object.defineProperties(summarize, {
    dispose: {
      value: () => {
        if (closed) return;
        closed = true;
        port.close();
        failAll('disposed');
      },
    },
    lastComputeMs: { get: () => lastComputeMs },
  }) as Summarizer;
}

/** summarizeRun in this thread, behind the same interface. */
export function createInlineSummarizer(options: SummarizerOptions & { readonly benchmarkOf?: (id: BenchmarkId) => Benchmark<unknown> | undefined } = {}): Summarizer {
  const benchmarkOf = options.benchmarkOf ?? getBenchmark;
  let closed = false;
  const summarize = async (run: RunRecord, trials: readonly TrialRecord[]): Promise<MetricRow[]> => {
    if (closed) throw new Error('summarizer: disposed');
    return summarizeRun(run, trials, benchmarkOf, options.resamples ?? RESAMPLES);
  };
  return Object.defineProperties(summarize, {
    dispose: { value: () => (closed = true) },
    lastComputeMs: { get: () => null },
  }) as Summarizer;
}

/** The summary worker where the platform has module workers, else the inline summarizer. */
export function createSummarizer(options: SummarizerOptions = {}): Summarizer {
  if (typeof Worker === 'undefined') return createInlineSummarizer(options);
  const worker = new Worker(new URL('./summary-worker.ts', import.meta.url), { type: 'module' });
  return connectSummarizer(
    {
      post: (message) => worker.postMessage(message),
      listen: (onMessage, onFailure) => {
        worker.onmessage = (event: MessageEvent<SummaryResponse>) => onMessage(event.data);
        worker.onerror = (event: ErrorEvent) => {
          event.preventDefault();
          onFailure(event.message || 'the summary worker failed');
        };
        worker.onmessageerror = () => onFailure('a summary message could not be deserialised');
      },
      close: () => worker.terminate(),
    },
    options,
  );
}
