/**
 * Stored admissions trials → the rows the app shows (docs/method.md §3.3, §4, §6): per model × condition
 * discrimination, p_yes per race and candidate mass (category null), and paired contrasts of
 * every other condition vs `q` on the profiles both conditions answered with both races: the
 * three differences, then the three relative changes (`relative: true`) from the same resamples.
 * Failed trials (answer or probs null) are left out; `n` counts profiles (items for mass).
 * Bootstrap seeds are derived from the run seed and "model|condition|metric".
 */
import { CONDITIONS } from '../../core/conditions';
import type { ConditionId } from '../../core/ids';
import { bootstrap, meanAt, type BootstrapSummary } from '../../stats/bootstrap';
import { deriveSeed } from '../../core/random';
import { groupByModelConditionItem, type ByModelConditionItem } from '../group';
import type { MetricRow, ScoredTrial } from '../../core/records';
import type { SummarizeOptions } from '../types';
import { admissionsFactsKey, parseAdmissionsFacts } from './facts';
import {
  ADMISSIONS_PAIR_METRICS,
  pairProfiles,
  scoreAdmissionsContrast,
  scoreAdmissionsMetric,
  type AdmissionsAnswer,
} from './metrics';

interface Answered extends AdmissionsAnswer {
  readonly mass: number | null;
}

function groupTrials(trials: readonly ScoredTrial[]): ByModelConditionItem<Answered> {
  return groupByModelConditionItem(trials, (trial) => {
    if (trial.answer === null || trial.probs === null) return null;
    const facts = parseAdmissionsFacts(trial.item);
    return { key: admissionsFactsKey(facts), answer: { facts, probs: trial.probs, mass: trial.mass } };
  });
}

function row(
  model: string,
  condition: ConditionId,
  metric: string,
  b: BootstrapSummary,
  baseline?: ConditionId,
  relative = false,
): MetricRow {
  return {
    benchmark: 'admissions',
    model,
    condition,
    category: null,
    metric,
    value: b.value,
    ci_low: b.ci_low,
    ci_high: b.ci_high,
    n: b.n,
    interval_unit: metric === 'candidate_mass' ? 'item' : 'profile', // docs/method.md §6
    ...(baseline ? { baseline } : {}),
    ...(relative ? { relative: true as const } : {}),
  };
}

export function summarizeAdmissions(trials: readonly ScoredTrial[], options: SummarizeOptions): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const [model, byCondition] of groupTrials(trials)) {
    const pairsOf = new Map<ConditionId, ReturnType<typeof pairProfiles>>();
    for (const [condition, byItem] of byCondition) {
      const answered = [...byItem.values()];
      const pairs = pairProfiles(answered);
      pairsOf.set(condition, pairs);
      const seed = (metric: string): SummarizeOptions => ({
        ...options,
        seed: deriveSeed(options.seed, `${model}|${condition}|${metric}`),
      });
      for (const metric of ADMISSIONS_PAIR_METRICS)
        rows.push(row(model, condition, metric, scoreAdmissionsMetric(pairs, metric, seed(metric))));
      const masses = Float64Array.from(answered.flatMap((a) => (a.mass === null ? [] : [a.mass])));
      rows.push(
        row(model, condition, 'candidate_mass', bootstrap(masses.length, meanAt(masses), seed('candidate_mass'))),
      );
    }
    for (const [condition, pairs] of pairsOf) {
      const base = CONDITIONS[condition].baseline;
      const baseline = base === null ? undefined : pairsOf.get(base);
      if (base === null || !baseline) continue;
      const seed = (metric: string): SummarizeOptions => ({
        ...options,
        seed: deriveSeed(options.seed, `${model}|${condition}-${base}|${metric}`),
      });
      const contrasts = ADMISSIONS_PAIR_METRICS.map(
        (metric) => [metric, scoreAdmissionsContrast(baseline, pairs, metric, seed(metric))] as const,
      );
      for (const [metric, c] of contrasts) rows.push(row(model, condition, metric, c.difference, base));
      for (const [metric, c] of contrasts) rows.push(row(model, condition, metric, c.relative, base, true));
    }
  }
  return rows;
}
