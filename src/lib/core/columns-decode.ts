/**
 * Columns back to trials: `decodeTrials` is `TrialEncoder`'s inverse (columns.ts). The summary
 * worker decodes what the page sends; a stored run summary decodes with fresh tables
 * (`decodeTrials(summary.columns, emptyTables())`) into the `ScoredTrial`s that
 * `Benchmark.summarize` takes (with key, status and benchmark, as `summarizeRun` reads them).
 */
import type { ItemSummary } from './records';
import {
  F_ANSWER,
  F_BENCHMARK,
  F_CONDITION,
  F_ITEM,
  F_MASS_NULL,
  F_MODEL,
  F_SCORING,
  F_SHAPE,
  F_STATUS,
  FIELDS,
  V_FALSE,
  V_NULL,
  V_NUMBER,
  V_STRING,
  V_TRUE,
  type SummaryTrial,
  type TrialBatch,
} from './columns';

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
