/**
 * Trials as one flat table, for pandas, R or a spreadsheet (issue 14): one row per trial, its
 * run's model facts (params, family, quantization), the item's stored fields as `item.<field>`
 * columns, the renormalised candidate probabilities as `p.<candidate>` and the raw ones as
 * `raw.<candidate>`, then how it was scored and what ran it. Written as JSONL (one object per
 * line, every column present, null where empty; reasoning texts as an array) or CSV (`toCsv`,
 * reasoning as a JSON array). The page and `cli trials` both write through here. Pure.
 */
import { toCsv } from '../core/csv';
import { appCommitOf, type RunRecord, type TrialRecord } from '../core/records';
import { modelFactsOf, type ModelFacts } from '../engine/model-facts';
import { templateOf } from './stamp';

export type FlatValue = string | number | boolean | null | readonly string[];
export type FlatRow = Readonly<Record<string, FlatValue>>;

export interface FlatTrials {
  readonly columns: readonly string[];
  readonly rows: readonly FlatRow[];
}

const HEAD = [
  'run',
  'run_name',
  'key',
  'model',
  'params',
  'family',
  'quantization',
  'benchmark',
  'benchmark_version',
  'condition',
  'item_key',
  'status',
  'answer',
  'mass',
] as const;

const TAIL = [
  'scoring',
  'upper_bound',
  'first_token_only',
  'engine',
  'engine_version',
  'template',
  'app_version',
  'app_commit',
  'prompt_hash',
  'seed',
  'started_at',
  'duration_ms',
  'tokens_prompt',
  'tokens_cached',
  'tokens_completion',
  'error_kind',
  'error_message',
  'reasoning',
] as const;

/** Every trial of the given runs (trials of other runs are left out), in the order given. */
export function flattenTrials(runs: readonly RunRecord[], trials: readonly TrialRecord[]): FlatTrials {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const facts = new Map<string, ModelFacts>();
  const itemFields: string[] = [];
  const candidates: string[] = [];
  const seenItem = new Set<string>();
  const seenCandidate = new Set<string>();
  const rows: Record<string, FlatValue>[] = [];
  for (const t of trials) {
    const run = byId.get(t.runId);
    if (run === undefined) continue;
    const factKey = `${run.id}|${t.model}`;
    let f = facts.get(factKey);
    if (f === undefined) facts.set(factKey, (f = modelFactsOf(run.spec, t.model)));
    const row: Record<string, FlatValue> = {
      run: run.id,
      run_name: run.name,
      key: t.key,
      model: t.model,
      params: f.params,
      family: f.family,
      quantization: f.quantization,
      benchmark: t.benchmark,
      benchmark_version: t.benchmarkVersion,
      condition: t.condition,
      item_key: t.itemKey,
      status: t.status,
      answer: t.answer,
      mass: t.mass,
    };
    for (const [field, value] of Object.entries(t.item)) {
      const column = `item.${field}`;
      if (!seenItem.has(column)) {
        seenItem.add(column);
        itemFields.push(column);
      }
      row[column] = value;
    }
    for (const [prefix, probs] of [
      ['p.', t.probs],
      ['raw.', t.raw],
    ] as const) {
      if (probs === null) continue;
      for (const [candidate, value] of Object.entries(probs)) {
        if (!seenCandidate.has(candidate)) {
          seenCandidate.add(candidate);
          candidates.push(candidate);
        }
        row[`${prefix}${candidate}`] = value;
      }
    }
    Object.assign(row, {
      scoring: t.scoring?.method ?? null,
      upper_bound: t.scoring?.upperBound?.join(' ') ?? null,
      first_token_only: t.scoring?.firstTokenOnly?.join(' ') ?? null,
      engine: t.engine.kind,
      engine_version: t.engine.version,
      template: templateOf(t),
      app_version: t.appVersion,
      app_commit: appCommitOf(t),
      prompt_hash: t.promptHash,
      seed: t.seed,
      started_at: t.startedAt,
      duration_ms: t.durationMs,
      tokens_prompt: t.tokens?.prompt ?? null,
      tokens_cached: t.tokens?.cached ?? null,
      tokens_completion: t.tokens?.completion ?? null,
      error_kind: t.error?.kind ?? null,
      error_message: t.error?.message ?? null,
      reasoning: t.reasoning,
    });
    rows.push(row);
  }
  const columns = [
    ...HEAD,
    ...itemFields,
    ...candidates.map((c) => `p.${c}`),
    ...candidates.map((c) => `raw.${c}`),
    ...TAIL,
  ];
  return { columns, rows };
}

/** One JSON object per line, keys in column order, null where a trial has no value. */
export function flatJsonl(flat: FlatTrials): string {
  return flat.rows
    .map((row) => JSON.stringify(Object.fromEntries(flat.columns.map((c) => [c, row[c] ?? null]))))
    .map((line) => `${line}\n`)
    .join('');
}

/** CSV with the same columns; reasoning texts as a JSON array in one field. */
export function flatCsv(flat: FlatTrials): string {
  return toCsv(flat.rows as readonly Record<string, unknown>[], flat.columns);
}
