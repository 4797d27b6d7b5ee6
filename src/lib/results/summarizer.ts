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
 * - Trials cross as the fields the summary reads (`SummaryTrial`), in columns (`TrialBatch`,
 *   built by `TrialEncoder`): keys concatenated, numbers in typed arrays whose buffers are
 *   transferred, and strings, candidate lists and item summaries interned: each distinct one
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
import type { ItemSummary, MetricRow, RunRecord, TrialRecord } from '../core/records';
import type { BenchmarkId } from '../core/ids';
import { getBenchmark } from '../benchmarks/registry';
import { connectWorker, type Port } from '../core/worker-port';
import { RESAMPLES, summarizeRun } from './summarize';

/** What the summary reads of a trial; everything else stays on the main thread. */
export type SummaryTrial = Pick<
  TrialRecord,
  'key' | 'status' | 'benchmark' | 'model' | 'condition' | 'item' | 'answer' | 'probs' | 'mass' | 'scoring'
>;

/** What the summary reads of a run (summarizeRun reads `id` and `spec`): not its item keys. */
export type SummaryRun = Pick<RunRecord, 'id' | 'spec'>;

/**
 * Trials in columns (see `TrialEncoder`): a batch's numbers travel in typed arrays whose buffers
 * are transferred, its strings once per connection. Tables (`strings`, `shapes`, items) grow
 * from batch to batch for as long as the receiver's mirror lives (until a `reset`): a batch
 * carries only the entries new since the previous one, and its trials refer to entries by their
 * index in the whole table.
 */
export interface TrialBatch {
  readonly count: number;
  /** New strings (statuses, benchmarks, models, conditions, answers, item values). */
  readonly strings: readonly string[];
  /** New key lists (of `probs`, of item summaries), in order. */
  readonly shapes: readonly (readonly string[])[];
  /**
   * New item summaries (consecutive trials of one item object share one entry), each as its
   * shape index and, per key of the shape, a value tag (`V_*`) and a value in `itemValues`
   * (the number, or the string's index). Shape -1: an item with a non-scalar value, sent as is
   * in `oddItems`.
   */
  readonly itemShapes: Int32Array;
  readonly itemTags: Uint8Array;
  readonly itemValues: Float64Array;
  readonly oddItems: readonly ItemSummary[];
  /** The trials' keys, concatenated; `keyEnds[i]` is where key i ends. */
  readonly keys: string;
  readonly keyEnds: Uint32Array;
  /** FIELDS ints per trial (see `F_*`): table indices, -1 for null. */
  readonly ints: Int32Array;
  /** Each trial's mass (0 where null; `F_MASS_NULL` says which). */
  readonly mass: Float64Array;
  /** The probabilities of every trial with probs, in order, as many as its shape's ids. */
  readonly probs: Float64Array;
}

/** Columns of `TrialBatch.ints`. */
export const F_STATUS = 0;
export const F_BENCHMARK = 1;
export const F_MODEL = 2;
export const F_CONDITION = 3;
/** String index of the answer, -1 when null. */
export const F_ANSWER = 4;
/** Index in the item table. */
export const F_ITEM = 5;
/** Shape index of probs, -1 when null. */
export const F_SHAPE = 6;
/** 1 when mass is null. */
export const F_MASS_NULL = 7;
/** String index of the trial's `scoring` as JSON (a run has a few distinct ones), -1 when null. */
export const F_SCORING = 8;
export const FIELDS = 9;

/** Tags of item values (`TrialBatch.itemTags`). */
export const V_STRING = 0;
export const V_NUMBER = 1;
export const V_TRUE = 2;
export const V_FALSE = 3;
export const V_NULL = 4;
export const V_UNDEFINED = 5;

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

export function toSummaryTrial(t: SummaryTrial): SummaryTrial {
  return {
    key: t.key,
    status: t.status,
    benchmark: t.benchmark,
    model: t.model,
    condition: t.condition,
    item: t.item,
    answer: t.answer,
    probs: t.probs,
    mass: t.mass,
    scoring: t.scoring,
  };
}

/** A growable typed array. */
class Column<T extends Uint8Array | Int32Array | Uint32Array | Float64Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (length: number) => T,
  ) {}
  /** Room for `more` values after `length`. */
  reserve(more: number): T {
    if (this.length + more > this.data.length) {
      const grown = this.make(Math.max(this.data.length * 2, this.length + more));
      grown.set(this.data);
      this.data = grown;
    }
    return this.data;
  }
  /** A copy of the values (a fresh buffer, to transfer); empties the column. */
  take(): T {
    const out = this.data.slice(0, this.length) as T;
    this.length = 0;
    return out;
  }
}

/**
 * Builds `TrialBatch`es on the sending side, remembering the table entries already sent so each
 * string and key list crosses once per mirror, and an item summary once for consecutive trials
 * sharing it. `decodeTrials` (summary-worker.ts) is its inverse: decoding every batch in order
 * gives trials deep-equal to `toSummaryTrial` of the trials added, with the same key orders.
 * Per trial it does a few map lookups and typed-array writes and allocates nothing but the key's
 * share of one concatenated string: far cheaper than structured-cloning the trial objects.
 */
export class TrialEncoder {
  private readonly stringIndex = new Map<string, number>();
  private readonly shapeIndex = new Map<string, number>();
  private readonly shapeKeys: (readonly string[])[] = [];
  private itemCount = 0;
  private lastItem: ItemSummary | null = null;
  private lastItemIndex = -1;
  private lastProbsShape = -1;
  private lastItemShape = -1;
  /** The strings of the previous trial of this batch, by F_* column (see `add`). */
  private lastStrings: (string | undefined)[] = [];
  // The pending batch.
  private newStrings: string[] = [];
  private newShapes: (readonly string[])[] = [];
  private oddItems: ItemSummary[] = [];
  private keys = '';
  private readonly keyEnds = new Column(new Uint32Array(1024), (l) => new Uint32Array(l));
  private readonly ints = new Column(new Int32Array(1024 * FIELDS), (l) => new Int32Array(l));
  private readonly mass = new Column(new Float64Array(1024), (l) => new Float64Array(l));
  private readonly probs = new Column(new Float64Array(4096), (l) => new Float64Array(l));
  private readonly itemShapes = new Column(new Int32Array(1024), (l) => new Int32Array(l));
  private readonly itemTags = new Column(new Uint8Array(8192), (l) => new Uint8Array(l));
  private readonly itemValues = new Column(new Float64Array(8192), (l) => new Float64Array(l));

  /** Trials added since the last `flush`. */
  get count(): number {
    return this.mass.length;
  }

  /** Forgets every table entry (the receiver's mirror was reset) and any pending trials. */
  reset(): void {
    this.stringIndex.clear();
    this.shapeIndex.clear();
    this.shapeKeys.length = 0;
    this.itemCount = 0;
    this.lastItem = null;
    this.lastItemIndex = -1;
    this.lastProbsShape = -1;
    this.lastItemShape = -1;
    this.flush();
  }

  private string(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.stringIndex.size;
      this.stringIndex.set(s, i);
      this.newStrings.push(s);
    }
    return i;
  }

  /** The shape index of `o`'s own keys in order (`last`: the index to try first). */
  private shape(o: object, last: number): number {
    const keys = last >= 0 ? this.shapeKeys[last] : undefined;
    if (keys !== undefined) {
      // The same keys in the same order as `last` (no array allocated)?
      let j = 0;
      let same = true;
      for (const k in o) {
        if (!Object.hasOwn(o, k)) continue;
        if (k !== keys[j++]) {
          same = false;
          break;
        }
      }
      if (same && j === keys.length) return last;
    }
    const own = Object.keys(o);
    const id = JSON.stringify(own);
    let i = this.shapeIndex.get(id);
    if (i === undefined) {
      i = this.shapeKeys.length;
      this.shapeIndex.set(id, i);
      this.shapeKeys.push(own);
      this.newShapes.push(own);
    }
    return i;
  }

  private item(item: ItemSummary): number {
    if (item === this.lastItem) return this.lastItemIndex;
    const shape = this.shape(item, this.lastItemShape);
    this.lastItemShape = shape;
    const keys = this.shapeKeys[shape] as readonly string[];
    const tags = this.itemTags.reserve(keys.length);
    const values = this.itemValues.reserve(keys.length);
    let at = this.itemTags.length;
    let odd = false;
    for (const k of keys) {
      const v: unknown = item[k];
      if (typeof v === 'string') {
        tags[at] = V_STRING;
        values[at] = this.string(v);
      } else if (typeof v === 'number') {
        tags[at] = V_NUMBER;
        values[at] = v;
      } else if (v === true || v === false) tags[at] = v ? V_TRUE : V_FALSE;
      else if (v === null) tags[at] = V_NULL;
      else if (v === undefined) tags[at] = V_UNDEFINED;
      else {
        odd = true;
        break;
      }
      at++;
    }
    const shapes = this.itemShapes.reserve(1);
    if (odd) {
      shapes[this.itemShapes.length++] = -1;
      this.oddItems.push(item);
    } else {
      shapes[this.itemShapes.length++] = shape;
      this.itemTags.length = at;
      this.itemValues.length = at;
    }
    this.lastItem = item;
    this.lastItemIndex = this.itemCount++;
    return this.lastItemIndex;
  }

  add(t: SummaryTrial): void {
    const n = this.mass.length;
    this.keys += t.key;
    this.keyEnds.reserve(1)[n] = this.keys.length;
    this.keyEnds.length = n + 1;
    const ints = this.ints.reserve(FIELDS);
    const o = this.ints.length;
    // Consecutive trials mostly repeat these strings: compare with the last before hashing.
    const last = this.lastStrings;
    const status = t.status === last[F_STATUS] ? (ints[o - FIELDS + F_STATUS] as number) : this.string(t.status);
    const benchmark =
      t.benchmark === last[F_BENCHMARK] ? (ints[o - FIELDS + F_BENCHMARK] as number) : this.string(t.benchmark);
    const model = t.model === last[F_MODEL] ? (ints[o - FIELDS + F_MODEL] as number) : this.string(t.model);
    const condition =
      t.condition === last[F_CONDITION] ? (ints[o - FIELDS + F_CONDITION] as number) : this.string(t.condition);
    const answer =
      t.answer === null
        ? -1
        : t.answer === last[F_ANSWER]
          ? (ints[o - FIELDS + F_ANSWER] as number)
          : this.string(t.answer);
    ints[o + F_STATUS] = status;
    ints[o + F_BENCHMARK] = benchmark;
    ints[o + F_MODEL] = model;
    ints[o + F_CONDITION] = condition;
    ints[o + F_ANSWER] = answer;
    last[F_STATUS] = t.status;
    last[F_BENCHMARK] = t.benchmark;
    last[F_MODEL] = t.model;
    last[F_CONDITION] = t.condition;
    if (t.answer !== null) last[F_ANSWER] = t.answer;
    else last[F_ANSWER] = undefined;
    ints[o + F_ITEM] = this.item(t.item);
    if (t.probs === null) ints[o + F_SHAPE] = -1;
    else {
      const shape = this.shape(t.probs, this.lastProbsShape);
      this.lastProbsShape = shape;
      ints[o + F_SHAPE] = shape;
      const keys = this.shapeKeys[shape] as readonly string[];
      const probs = this.probs.reserve(keys.length);
      let p = this.probs.length;
      for (const k of keys) probs[p++] = t.probs[k] as number;
      this.probs.length = p;
    }
    ints[o + F_MASS_NULL] = t.mass === null ? 1 : 0;
    ints[o + F_SCORING] = t.scoring === null ? -1 : this.string(JSON.stringify(t.scoring));
    this.ints.length = o + FIELDS;
    this.mass.reserve(1)[n] = t.mass ?? 0;
    this.mass.length = n + 1;
  }

  /** The pending trials as a batch (its buffers are fresh, to transfer), and starts a new one. */
  flush(): { batch: TrialBatch; transfer: ArrayBuffer[] } {
    const batch: TrialBatch = {
      count: this.mass.length,
      strings: this.newStrings,
      shapes: this.newShapes,
      itemShapes: this.itemShapes.take(),
      itemTags: this.itemTags.take(),
      itemValues: this.itemValues.take(),
      oddItems: this.oddItems,
      keys: this.keys,
      keyEnds: this.keyEnds.take(),
      ints: this.ints.take(),
      mass: this.mass.take(),
      probs: this.probs.take(),
    };
    this.newStrings = [];
    this.newShapes = [];
    this.oddItems = [];
    this.keys = '';
    this.lastStrings = [];
    const transfer = [
      batch.itemShapes,
      batch.itemTags,
      batch.itemValues,
      batch.keyEnds,
      batch.ints,
      batch.mass,
      batch.probs,
    ].map((a) => a.buffer as ArrayBuffer);
    return { batch, transfer };
  }
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
export function createInlineSummarizer(
  options: SummarizerOptions & { readonly benchmarkOf?: (id: BenchmarkId) => Benchmark<unknown> | undefined } = {},
): Summarizer {
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
  const port = connectWorker<SummarizeRequest, SummaryResponse>(worker, {
    failed: 'the summary worker failed',
    unreadable: 'a summary message could not be deserialised',
  });
  return connectSummarizer(port, options);
}
