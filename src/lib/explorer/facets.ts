/**
 * The choices the explorer's filter menus offer: the values that actually occur in the run's
 * stored trials (one pass, no copies), so a menu never offers a filter that matches nothing.
 * Groupings are read generically from the ItemSummary fields of `GROUP_FIELDS`.
 */
import { BENCHMARK_IDS, CONDITION_IDS, type BenchmarkId, type ConditionId } from '../core/ids';
import type { TrialRecord } from '../core/records';
import { GROUP_FIELDS, type Context, type Polarity } from './filter';

export interface GroupOptions {
  /** The ItemSummary field ("category", "occupation", "race", "sex"). */
  readonly field: string;
  readonly values: readonly string[];
}

export interface Facets {
  readonly models: readonly string[];
  readonly benchmarks: readonly BenchmarkId[];
  readonly conditions: readonly ConditionId[];
  readonly groups: readonly GroupOptions[];
  readonly occupations: readonly string[];
  readonly contexts: readonly Context[];
  readonly polarities: readonly Polarity[];
}

/** Labels of the grouping fields, for the category menu's option groups. */
export const GROUP_LABELS: Readonly<Record<string, string>> = {
  category: 'BBQ category',
  occupation: 'Occupation',
  race: 'Race',
  sex: 'Sex',
};

const sorted = (values: Iterable<string>): string[] => [...values].sort((a, b) => a.localeCompare(b));

/** Values in the trials of `runId`; item groupings only of `benchmark` when one is chosen. */
export function buildFacets(
  trials: readonly TrialRecord[],
  runId: string | null,
  benchmark: BenchmarkId | null,
): Facets {
  const models = new Set<string>();
  const benchmarks = new Set<string>();
  const conditions = new Set<string>();
  const groups = new Map<string, Set<string>>(GROUP_FIELDS.map((f) => [f, new Set<string>()]));
  const contexts = new Set<string>();
  const polarities = new Set<string>();
  for (const t of trials) {
    if (t.runId !== runId) continue;
    models.add(t.model);
    benchmarks.add(t.benchmark);
    conditions.add(t.condition);
    if (benchmark !== null && t.benchmark !== benchmark) continue;
    for (const f of GROUP_FIELDS) {
      const v = t.item[f];
      if (typeof v === 'string') groups.get(f)?.add(v);
    }
    if (typeof t.item.context_condition === 'string') contexts.add(t.item.context_condition);
    if (typeof t.item.question_polarity === 'string') polarities.add(t.item.question_polarity);
  }
  return {
    models: sorted(models),
    benchmarks: BENCHMARK_IDS.filter((b) => benchmarks.has(b)),
    conditions: CONDITION_IDS.filter((c) => conditions.has(c)),
    groups: [...groups].filter(([, v]) => v.size > 0).map(([field, v]) => ({ field, values: sorted(v) })),
    occupations: sorted(groups.get('occupation') ?? []),
    contexts: (['ambig', 'disambig'] as const).filter((c) => contexts.has(c)),
    polarities: (['neg', 'nonneg'] as const).filter((p) => polarities.has(p)),
  };
}
