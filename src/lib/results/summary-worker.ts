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
 *   the `ScoredTrial` fields that `Benchmark.summarize` receives), not reasoning texts or provenance,
 *   encoded in columns (`TrialBatch`, see summarizer.ts) and rebuilt here by `decodeTrials`.
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
import type { ItemSummary, RunRecord, TrialRecord } from '../core/records';
import type { BenchmarkId } from '../core/ids';
import { getBenchmark } from '../benchmarks/registry';
import { serveWorker, type WorkerScope } from '../core/worker-port';
import { RESAMPLES, summarizeRun } from './summarize';
import type { SummarizeRequest, SummaryResponse, SummaryTrial, TrialBatch } from './summarizer';

// The columns of `TrialBatch.ints` and the item value tags: summarizer.ts's F_* and V_* (not
// imported, so that this chunk holds no client code; the round-trip tests keep them in step).
const F_STATUS = 0;
const F_BENCHMARK = 1;
const F_MODEL = 2;
const F_CONDITION = 3;
const F_ANSWER = 4;
const F_ITEM = 5;
const F_SHAPE = 6;
const F_MASS_NULL = 7;
const F_SCORING = 8;
const FIELDS = 9;
const V_STRING = 0;
const V_NUMBER = 1;
const V_TRUE = 2;
const V_FALSE = 3;
const V_NULL = 4;

/** The tables batches refer to, as received so far (`TrialEncoder`'s counterpart). */
export interface DecodeTables {
  readonly strings: string[];
  readonly shapes: (readonly string[])[];
  readonly items: ItemSummary[];
}

export function emptyTables(): DecodeTables {
  return { strings: [], shapes: [], items: [] };
}

/**
 * An object with `keys` in order and the values `valueOf(j)`, as own data properties: plain
 * assignment, except that a "__proto__" key (which assignment would take for the prototype)
 * goes through Object.fromEntries.
 */
function objectOf<V>(keys: readonly string[], plain: boolean, valueOf: (j: number) => V): Record<string, V> {
  if (!plain) return Object.fromEntries(keys.map((k, j) => [k, valueOf(j)]));
  const out: Record<string, V> = {};
  for (let j = 0; j < keys.length; j++) out[keys[j] as string] = valueOf(j);
  return out;
}

/** Appends the batch's new table entries to `tables` and returns its trials (TrialEncoder's inverse). */
export function decodeTrials(batch: TrialBatch, tables: DecodeTables): SummaryTrial[] {
  for (const s of batch.strings) tables.strings.push(s);
  for (const s of batch.shapes) tables.shapes.push(s);
  const { strings, shapes, items } = tables;
  const plain = shapes.map((shape) => !shape.includes('__proto__'));
  const { itemShapes, itemTags, itemValues } = batch;
  let at = 0;
  let odd = 0;
  const value = (j: number): string | number | boolean | null => {
    const tag = itemTags[at + j];
    const v = itemValues[at + j] as number;
    return tag === V_STRING
      ? (strings[v] as string)
      : tag === V_NUMBER
        ? v
        : tag === V_TRUE
          ? true
          : tag === V_FALSE
            ? false
            : tag === V_NULL
              ? null
              : (undefined as unknown as null);
  };
  for (let i = 0; i < itemShapes.length; i++) {
    const shape = itemShapes[i] as number;
    if (shape < 0) {
      items.push(batch.oddItems[odd++] as ItemSummary);
      continue;
    }
    const keys = shapes[shape] as readonly string[];
    items.push(objectOf(keys, plain[shape] as boolean, value));
    at += keys.length;
  }
  const { ints, mass, probs, keys, keyEnds } = batch;
  const out = new Array<SummaryTrial>(batch.count);
  let p = 0;
  const prob = (j: number): number => probs[p + j] as number;
  let keyStart = 0;
  const scorings = new Map<number, SummaryTrial['scoring']>();
  const scoringOf = (index: number): SummaryTrial['scoring'] => {
    if (index < 0) return null;
    let scoring = scorings.get(index);
    if (scoring === undefined)
      scorings.set(index, (scoring = JSON.parse(strings[index] as string) as SummaryTrial['scoring']));
    return scoring;
  };
  for (let i = 0; i < batch.count; i++) {
    const o = i * FIELDS;
    const keyEnd = keyEnds[i] as number;
    const answer = ints[o + F_ANSWER] as number;
    const shape = ints[o + F_SHAPE] as number;
    let trialProbs: Record<string, number> | null = null;
    if (shape >= 0) {
      const ids = shapes[shape] as readonly string[];
      trialProbs = objectOf(ids, plain[shape] as boolean, prob);
      p += ids.length;
    }
    out[i] = {
      key: keys.slice(keyStart, keyEnd),
      status: strings[ints[o + F_STATUS] as number] as SummaryTrial['status'],
      benchmark: strings[ints[o + F_BENCHMARK] as number] as SummaryTrial['benchmark'],
      model: strings[ints[o + F_MODEL] as number] as string,
      condition: strings[ints[o + F_CONDITION] as number] as SummaryTrial['condition'],
      item: items[ints[o + F_ITEM] as number] as ItemSummary,
      answer: answer < 0 ? null : (strings[answer] as string),
      probs: trialProbs,
      mass: ints[o + F_MASS_NULL] === 1 ? null : (mass[i] as number),
      scoring: scoringOf(ints[o + F_SCORING] as number),
    };
    keyStart = keyEnd;
  }
  return out;
}

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
