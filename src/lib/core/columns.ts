/**
 * A run's trials in columns: the fields the metrics read of each trial (`SummaryTrial`: status,
 * key, benchmark and the `ScoredTrial` fields `Benchmark.summarize` receives; not reasoning
 * texts or provenance), with numbers in typed arrays and strings, candidate lists and item
 * summaries interned. Two uses: what crosses to the summary worker (results/summarizer.ts; the
 * buffers are transferred, each string crosses once), and the per-run summary the store keeps
 * (storage: `RunSummary`), so opening a run of 175k trials reads megabytes of columns instead of
 * every trial record. `TrialEncoder` builds them; `decodeTrials` (columns-decode.ts) is its inverse.
 */
import type { ItemSummary, TrialRecord } from './records';

/** What the summary reads of a trial; everything else stays on the main thread. */
export type SummaryTrial = Pick<
  TrialRecord,
  'key' | 'status' | 'benchmark' | 'model' | 'condition' | 'item' | 'answer' | 'probs' | 'mass' | 'scoring'
>;

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

/** The buffers of a batch's typed arrays, to transfer (each array has a buffer of its own). */
export function batchBuffers(batch: TrialBatch): ArrayBuffer[] {
  return [batch.itemShapes, batch.itemTags, batch.itemValues, batch.keyEnds, batch.ints, batch.mass, batch.probs].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** The same own keys in the same order with the same values (Object.is), as an item entry would decode. */
function sameItem(a: ItemSummary, b: ItemSummary): boolean {
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (k !== other[i] || !Object.is(a[k], b[k])) return false;
  }
  return true;
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
    this.named.clear();
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

  /** Item entries by the name callers gave their item (`add`'s `itemName`). */
  private readonly named = new Map<string, { readonly item: ItemSummary; readonly index: number }>();

  private item(item: ItemSummary, name: string | undefined): number {
    if (item === this.lastItem) return this.lastItemIndex;
    if (name !== undefined) {
      const entry = this.named.get(name);
      if (entry !== undefined && sameItem(entry.item, item)) {
        this.lastItem = item;
        this.lastItemIndex = entry.index;
        return entry.index;
      }
    }
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
    if (name !== undefined) this.named.set(name, { item, index: this.lastItemIndex });
    return this.lastItemIndex;
  }

  /**
   * Adds a trial. `itemName` names its item (e.g. benchmark and item key): a trial whose item
   * summary equals that of an earlier trial of the same name shares its entry, as consecutive
   * trials of one item object do. Trials read from storage each have their own item object;
   * named, a run's item table holds each item once rather than once per model × condition.
   */
  add(t: SummaryTrial, itemName?: string): void {
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
    ints[o + F_ITEM] = this.item(t.item, itemName);
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
    return { batch, transfer: batchBuffers(batch) };
  }
}
