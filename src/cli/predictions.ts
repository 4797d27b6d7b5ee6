/**
 * External or saved BBQ predictions, one JSON object per line:
 *   {"category": "Age", "example_id": 12, "answer": 0|1|2}
 * or with `"probs": [p0, p1, p2]` instead of `answer` (argmax; ties go to the earlier option,
 * as in benchmarks/choose.ts). `category` is the file category; a "(names)" display category is
 * accepted too. Pure: a line becomes a prediction or a message.
 */
import { isBbqCategory, type BbqCategory, type OptionIndex } from '../lib/benchmarks/bbq/item';

export interface Prediction {
  readonly category: BbqCategory;
  readonly exampleId: number;
  readonly answer: OptionIndex;
}

export type PredictionResult =
  { readonly kind: 'ok'; readonly prediction: Prediction } | { readonly kind: 'error'; readonly message: string };

function argmax(probs: unknown): OptionIndex | string {
  if (!Array.isArray(probs) || probs.length !== 3) return '"probs" must be an array of 3 numbers';
  let best: OptionIndex = 0;
  for (const i of [0, 1, 2] as const) {
    const p: unknown = probs[i];
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0)
      return `"probs"[${i}] must be a finite non-negative number, got ${JSON.stringify(p)}`;
    if (p > (probs[best] as number)) best = i;
  }
  // No probability on any option is no answer (docs/method.md §4), never option 0.
  if ((probs as number[]).every((p) => p === 0)) return '"probs" are all 0: no answer';
  return best;
}

export function parsePredictionLine(text: string): PredictionResult {
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch (error) {
    return { kind: 'error', message: `invalid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row))
    return { kind: 'error', message: 'not a JSON object' };
  const { category, example_id, answer, probs } = row as Record<string, unknown>;
  const stem = typeof category === 'string' ? category.replace(/ \(names\)$/, '') : category;
  if (!isBbqCategory(stem)) return { kind: 'error', message: `unknown category ${JSON.stringify(category)}` };
  if (typeof example_id !== 'number' || !Number.isInteger(example_id))
    return { kind: 'error', message: `"example_id" must be an integer, got ${JSON.stringify(example_id)}` };
  if (answer !== undefined && probs !== undefined)
    return { kind: 'error', message: 'give either "answer" or "probs", not both' };
  if (answer !== undefined) {
    if (answer !== 0 && answer !== 1 && answer !== 2)
      return { kind: 'error', message: `"answer" must be 0, 1 or 2, got ${JSON.stringify(answer)}` };
    return { kind: 'ok', prediction: { category: stem, exampleId: example_id, answer } };
  }
  if (probs === undefined) return { kind: 'error', message: 'needs "answer" or "probs"' };
  const chosen = argmax(probs);
  if (typeof chosen === 'string') return { kind: 'error', message: chosen };
  return { kind: 'ok', prediction: { category: stem, exampleId: example_id, answer: chosen } };
}
