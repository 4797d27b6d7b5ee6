/**
 * A synthetic *complete* BBQ result for timing the statistics: 58,492 items × 3 conditions.
 * Only 6 of BBQ's 11 category files are local (11,956 items); the other 5 categories are made
 * by replicating local items round-robin with the missing category's name and new example ids,
 * in the upstream counts, so the result has the real item count, 11 source categories and 13
 * display categories (Gender_identity / Race_ethnicity split by question_index > 25, which the
 * replicated rows keep). Answers are hash-derived and deterministic. Metrics on this result mean
 * nothing; only its size and shape matter.
 */
import { bbq, type BbqItem } from '../src/lib/benchmarks/bbq';
import { buildDisplayCategory, type BbqCategory } from '../src/lib/benchmarks/bbq/item';
import type { ConditionId } from '../src/lib/core/ids';
import { DEFAULT_GENERATION } from '../src/lib/engine/types';
import { buildRunPlan } from '../src/lib/runner/plan';
import { createRun } from '../src/lib/runner/record';
import { hashString } from '../src/lib/core/random';
import {
  RECORD_SCHEMA_VERSION,
  trialKey,
  type RunRecord,
  type RunSpec,
  type TrialRecord,
} from '../src/lib/core/records';

/** Upstream row counts of the 5 categories not copied locally (nyu-mll/BBQ data/*.jsonl). */
export const MISSING_COUNTS: Readonly<Partial<Record<BbqCategory, number>>> = {
  Gender_identity: 5_672,
  Race_ethnicity: 6_880,
  Race_x_SES: 11_160,
  Race_x_gender: 15_960,
  SES: 6_864,
};
export const FULL_BBQ_ITEMS = 58_492;

export function completeBbq(local: readonly BbqItem[]): BbqItem[] {
  const present = new Set(local.map((i) => i.category));
  const out = [...local];
  let next = 0;
  for (const [category, count] of Object.entries(MISSING_COUNTS) as [BbqCategory, number][]) {
    if (present.has(category)) continue;
    for (let id = 0; id < count; id++) {
      const source = local[next++ % local.length] as BbqItem;
      out.push({
        ...source,
        category,
        displayCategory: buildDisplayCategory(category, source.questionIndex),
        exampleId: id,
      });
    }
  }
  return out;
}

export function benchSpec(
  conditions: readonly ConditionId[],
  sampleSize: number | 'all',
  model = 'bench-model',
): RunSpec {
  return {
    benchmarks: ['bbq'],
    models: [model],
    conditions,
    sampleSize,
    seed: 1,
    generation: DEFAULT_GENERATION,
    engine: { kind: 'webllm' },
  };
}

export function planBbqRun(
  items: readonly BbqItem[],
  conditions: readonly ConditionId[],
  sampleSize: number | 'all',
  id: string,
  model?: string,
): RunRecord {
  const spec = benchSpec(conditions, sampleSize, model);
  return createRun(spec, buildRunPlan(spec, [{ benchmark: bbq, items }]), { id, name: id });
}

/** One ok trial per item × condition of `run`, with hash-derived answers. */
export function synthesizeTrials(run: RunRecord, items: readonly BbqItem[]): TrialRecord[] {
  const model = run.spec.models[0] as string;
  const trials: TrialRecord[] = [];
  for (const item of items) {
    const itemKey = bbq.itemKey(item);
    const facts = bbq.describeItem(item);
    for (const condition of run.spec.conditions) {
      const h = hashString(`${condition}|${itemKey}`);
      // Mildly favour the biased option so bias scores are not all ~0.
      const w = [1 + (h % 7), 1 + ((h >>> 3) % 7), 1 + ((h >>> 6) % 7)];
      if (item.biased !== null) w[item.biased] = (w[item.biased] as number) + 2;
      const total = w[0]! + w[1]! + w[2]!;
      const probs = { a: w[0]! / total, b: w[1]! / total, c: w[2]! / total };
      const answer = (['a', 'b', 'c'] as const)[w.indexOf(Math.max(...w))] as string;
      trials.push({
        schema: RECORD_SCHEMA_VERSION,
        key: trialKey(run.id, model, 'bbq', condition, itemKey),
        runId: run.id,
        model,
        benchmark: 'bbq',
        benchmarkVersion: bbq.version,
        condition,
        itemKey,
        item: facts,
        promptHash: 'synthetic',
        engine: { kind: 'webllm', version: 'synthetic' },
        appVersion: run.appVersion,
        generation: null,
        seed: h,
        status: 'ok',
        raw: probs,
        probs,
        mass: 0.9,
        answer,
        scoring: { method: 'exact' },
        reasoning: [],
        error: null,
        startedAt: run.createdAt,
        durationMs: 0,
      });
    }
  }
  return trials;
}
