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
 *   a promise gives never shows older numbers after newer ones. Requests about stored columns
 *   (`columns`, whose rows may be kept under their run) are the exception: each is computed on
 *   its own, after the requests before it and before those after it.
 * - Only changes cross: the client remembers which trial objects (by key and identity) the
 *   worker already holds for the current run and sends just new or replaced trials and removed
 *   keys; asking about another run resends from scratch. Trial records are immutable, so
 *   identity is change. Keys are unique within a run's trials (as storage guarantees).
 * - Trials cross as the fields the summary reads (`SummaryTrial`), in columns (`TrialBatch`,
 *   built by `TrialEncoder`, core/columns.ts): keys concatenated, numbers in typed arrays whose
 *   buffers are transferred, and strings, candidate lists and item summaries interned: each distinct one
 *   crosses once per run, however many trials share it (an item's summary is shared by its
 *   trials under every model × condition). The run crosses as its id and spec, once per request.
 *   Structured-cloning 175k trial objects cost ~0.6 s; the columns a fraction of that.
 *   The trial list is walked and sent CHUNK trials at a time with a macrotask in between:
 *   diffing and encoding 175k trials in one go would block the page for ~0.2 s; a chunk
 *   takes a few ms. Requests are sent one after another, never interleaved; the caller must not
 *   mutate a trials array after handing it over (pass a new array, as Library does).
 * - Benchmarks come from the registry inside the worker (`getBenchmark`); the inline
 *   summarizer takes `benchmarkOf` like `summarizeRun`.
 */
import type { Benchmark } from '../benchmarks/types';
import type { MetricRow, RunRecord, TrialRecord } from '../core/records';
import type { BenchmarkId } from '../core/ids';
import { getBenchmark } from '../benchmarks/registry';
import { batchBuffers, TrialEncoder, type TrialBatch } from '../core/columns';
import { decodeTrials, emptyTables } from '../core/columns-decode';
import { connectWorker, type Port } from '../core/worker-port';
import { RESAMPLES, summarizeRun } from './summarize';

/** What the summary reads of a run (summarizeRun reads `id` and `spec`): not its item keys. */
export type SummaryRun = Pick<RunRecord, 'id' | 'spec'>;

/**
 * `update` only applies its changes (the leading chunks of a large delta); `summarize` applies
 * its changes and asks for the rows. Both supersede any earlier request not yet computed.
 */
export interface SummarizeRequest {
  readonly type: 'summarize' | 'update';
  /** Increasing per client; the chunks of one request share its id. */
  readonly id: number;
  /** The run to summarise (`summarize` only; null on `update`). */
  readonly run: SummaryRun | null;
  /** Drop every trial (and table entry) the worker holds before applying this request's changes. */
  readonly reset: boolean;
  readonly upsert: TrialBatch;
  /**
   * Self-contained columns (stored run summaries, `RunSummary.columns`), each decoded with
   * tables of its own and added like `upsert`; only on requests that reset (`Summarizer.columns`).
   */
  readonly columns?: readonly TrialBatch[];
  readonly remove: readonly string[];
  /** Bootstrap resamples; default RESAMPLES (1,000). */
  readonly resamples?: number;
}

export type SummaryResponse =
  | {
      readonly type: 'result';
      readonly id: number;
      readonly rows: MetricRow[];
      readonly trials: number;
      readonly computeMs: number;
    }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

export interface ColumnsOptions {
  /** Transfer the parts' buffers to the worker instead of copying them. */
  readonly transfer?: boolean;
}

export interface Summarizer {
  (run: RunRecord, trials: readonly TrialRecord[]): Promise<MetricRow[]>;
  /**
   * The rows of `run` over the trials of stored run summaries' columns: one run's summary, or
   * several runs' together (a study). Each part crosses in a message of its own, copied, or with
   * `transfer` moved (no copy on the page; the parts' typed arrays are empty afterwards). Latest
   * request wins, as for trials.
   */
  columns(run: SummaryRun, parts: readonly TrialBatch[], options?: ColumnsOptions): Promise<MetricRow[]>;
  /**
   * What computes the rows of `run`, as a string that changes whenever the result could (the
   * code's identity, `SummarizerOptions.code`; resamples; the run's seed, benchmarks, models and
   * conditions), so rows can be kept against it; null where the code cannot be told apart (no
   * `code`: a development server, a build from uncommitted changes): rows are then not kept.
   */
  recipe(run: SummaryRun): string | null;
  /** Stops the worker; pending and later requests reject. */
  dispose(): void;
  /** Milliseconds the worker spent in summarizeRun for the last answer (null: inline or none yet). */
  readonly lastComputeMs: number | null;
}

export interface SummarizerOptions {
  readonly resamples?: number;
  /** Trials per message (default CHUNK). */
  readonly chunk?: number;
  /**
   * The summarising code's identity, e.g. the app version and source commit of a production
   * build from a clean tree (compose.ts); none: no recipe, rows are not kept.
   */
  readonly code?: string | null;
}

/** The `Summarizer.recipe` of `run` for summarising code `code` (null: none). */
export function metricsRecipe(code: string | null | undefined, resamples: number, run: SummaryRun): string | null {
  if (code === null || code === undefined) return null;
  const { seed, benchmarks, models, conditions } = run.spec;
  return JSON.stringify({ code, resamples, seed, benchmarks, models, conditions });
}

/** Trials per message: cloning one chunk stays far below a 50 ms long task. */
export const CHUNK = 8192;

/**
 * Resolves in a later task, letting the page render and handle input in between. A message to
 * self through a MessageChannel where there is one: nested setTimeout(0) is clamped to 4 ms,
 * which over the ~20 chunks of a large result would add ~0.1 s of idling.
 */
const nextTask = (): Promise<void> =>
  new Promise<void>((resolve) => {
    if (typeof MessageChannel === 'undefined') {
      setTimeout(resolve, 0);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close(); // (an open port would keep Node's event loop alive)
      resolve();
    };
    channel.port2.postMessage(null);
  });

/**
 * The transport under the client: a Worker (core/worker-port.ts), or an in-process stand-in in
 * tests. `post`'s transfer list: the batch's buffers, no longer used by the sender.
 */
export type SummaryPort = Port<SummarizeRequest, SummaryResponse>;

/** The worker client over any port (createSummarizer uses a module Worker). */
export function connectSummarizer(port: SummaryPort, options: SummarizerOptions = {}): Summarizer {
  let nextId = 1;
  let closed = false;
  let runId: string | null = null;
  /**
   * What the worker holds for `runId`: the trial objects sent (-> their keys), and objects
   * since replaced or removed until the next request sees they are gone. Keyed by identity, as
   * that is what tells a trial unchanged (and hashes far faster than 175k key strings).
   */
  const sent = new Map<TrialRecord, string>();
  /** The table entries the worker holds for `runId`. */
  const encoder = new TrialEncoder();
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
    encoder.reset();
    settleUpTo(Number.POSITIVE_INFINITY, { error: new Error(`summarizer: ${reason}`) });
  };
  port.listen((message) => {
    if (message.type === 'result') {
      lastComputeMs = message.computeMs;
      settleUpTo(message.id, { rows: message.rows });
    } else {
      settleUpTo(message.id, { error: new Error(`summarizer: ${message.message}`) });
    }
  }, failAll);

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
      encoder.reset();
      runId = run.id;
    }
    const post = (type: SummarizeRequest['type'], remove: string[]): void => {
      const { batch, transfer } = encoder.flush();
      const summaryRun: SummaryRun | null = type === 'summarize' ? { id: run.id, spec: run.spec } : null;
      port.post({ type, id, run: summaryRun, reset, upsert: batch, remove, ...resamples }, transfer);
      reset = false;
    };
    for (let start = 0; start < trials.length; start += chunk) {
      if (start > 0) {
        await nextTask();
        if (closed || era !== generation) return; // failed or disposed meanwhile: already rejected
      }
      const end = Math.min(trials.length, start + chunk);
      for (let i = start; i < end; i++) {
        const t = trials[i] as TrialRecord;
        if (!sent.has(t)) {
          encoder.add(t); // new, or replacing the trial of its key (the worker overwrites by key)
          sent.set(t, t.key);
        }
      }
      if (encoder.count >= chunk) post('update', []);
    }
    // Every object of `trials` is in `sent` now; more means some sent before are gone.
    const remove: string[] = [];
    if (sent.size > trials.length) {
      const current = new Set(trials);
      const gone: string[] = [];
      for (const [t, key] of sent) {
        if (!current.has(t)) {
          gone.push(key);
          sent.delete(t);
        }
      }
      // Gone keys with no new trial are removed; the others were replaced (and sent above).
      const keys = new Set(trials.map((t) => t.key));
      for (const key of gone) if (!keys.has(key)) remove.push(key);
    }
    post('summarize', remove);
  };

  /**
   * Sends stored columns: one message per part (the first resets the worker's mirror), a
   * macrotask between them. The worker's mirror then holds no trial this client knows by
   * identity, so the next request about trials starts afresh.
   */
  const sendColumns = async (
    id: number,
    run: SummaryRun,
    parts: readonly TrialBatch[],
    transfer: boolean,
  ): Promise<void> => {
    const resamples = options.resamples === undefined ? {} : { resamples: options.resamples };
    const era = generation;
    runId = null;
    sent.clear();
    encoder.reset();
    const empty = encoder.flush().batch;
    const last = Math.max(0, parts.length - 1);
    for (let i = 0; i <= last; i++) {
      if (i > 0) {
        await nextTask();
        if (closed || era !== generation) return;
      }
      const part = parts[i];
      port.post(
        {
          type: i === last ? 'summarize' : 'update',
          id,
          run: i === last ? { id: run.id, spec: run.spec } : null,
          reset: i === 0,
          upsert: empty,
          columns: part === undefined ? [] : [part],
          remove: [],
          ...resamples,
        },
        transfer && part !== undefined ? batchBuffers(part) : [],
      );
    }
  };

  /** Settles once every request queued so far is answered (answers come in order). */
  let answered: Promise<unknown> = Promise.resolve();
  /**
   * Queues a request. An `exclusive` one (stored columns) is sent only once every earlier request
   * is answered, and nothing after it is sent until it is: it is computed on its own, never
   * answered with another run's rows, and never answers an earlier request with its own.
   */
  const request = (send: (id: number) => Promise<void>, exclusive = false): Promise<MetricRow[]> => {
    if (closed) return Promise.reject(new Error('summarizer: disposed'));
    const id = nextId++;
    const result = new Promise<MetricRow[]>((resolve, reject) => pending.set(id, { resolve, reject }));
    const before = answered;
    answered = result.catch(() => undefined);
    sending = sending.then(async () => {
      if (exclusive) await before;
      if (closed || !pending.has(id)) return;
      try {
        await send(id);
      } catch (e) {
        failAll(`a request could not be sent (${e instanceof Error ? e.message : String(e)})`);
      }
      if (exclusive) await result.catch(() => undefined);
    });
    return result;
  };
  const summarize = (run: RunRecord, trials: readonly TrialRecord[]): Promise<MetricRow[]> =>
    request((id) => send(id, run, trials));
  return Object.defineProperties(summarize, {
    columns: {
      value: (run: SummaryRun, parts: readonly TrialBatch[], options: ColumnsOptions = {}) =>
        request((id) => sendColumns(id, run, parts, options.transfer ?? false), true),
    },
    recipe: { value: (run: SummaryRun) => metricsRecipe(options.code, options.resamples ?? RESAMPLES, run) },
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
export function createInlineSummarizer(
  options: SummarizerOptions & { readonly benchmarkOf?: (id: BenchmarkId) => Benchmark<unknown> | undefined } = {},
): Summarizer {
  const benchmarkOf = options.benchmarkOf ?? getBenchmark;
  let closed = false;
  const summarize = async (run: RunRecord, trials: readonly TrialRecord[]): Promise<MetricRow[]> => {
    if (closed) throw new Error('summarizer: disposed');
    return summarizeRun(run, trials, benchmarkOf, options.resamples ?? RESAMPLES);
  };
  const columns = async (run: SummaryRun, parts: readonly TrialBatch[]): Promise<MetricRow[]> => {
    if (closed) throw new Error('summarizer: disposed');
    const trials = parts.flatMap((part) => decodeTrials(part, emptyTables()));
    // summarizeRun reads only SummaryTrial's fields and the run's id and spec.
    return summarizeRun(
      run as RunRecord,
      trials as unknown as TrialRecord[],
      benchmarkOf,
      options.resamples ?? RESAMPLES,
    );
  };
  return Object.defineProperties(summarize, {
    columns: { value: columns },
    recipe: { value: (run: SummaryRun) => metricsRecipe(options.code, options.resamples ?? RESAMPLES, run) },
    dispose: { value: () => (closed = true) },
    lastComputeMs: { get: () => null },
  }) as Summarizer;
}

/** The summary worker where the platform has module workers, else the inline summarizer. */
export function createSummarizer(options: SummarizerOptions = {}): Summarizer {
  if (typeof Worker === 'undefined') return createInlineSummarizer(options);
  // (Inline: Vite bundles a worker only from `new Worker(new URL(…), …)` written as one expression.)
  const worker = new Worker(new URL('./summary-worker.ts', import.meta.url), { type: 'module' });
  const port = connectWorker<SummarizeRequest, SummaryResponse>(worker, {
    failed: 'the summary worker failed',
    unreadable: 'a summary message could not be deserialised',
  });
  return connectSummarizer(port, options);
}
