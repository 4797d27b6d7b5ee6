/**
 * Stored Winogender trials → the rows the app shows (docs/method.md §3.2, §4, §6): per model × condition
 * ρ, mean p_neutral and candidate mass (category null), one `p_female` row per occupation
 * (category = occupation, for the p_female-vs-statistics chart), and paired contrasts of every
 * other condition vs `q` on the items both conditions answered: for ρ and mean p_neutral the
 * difference, then the relative change (`relative: true`) from the same resamples.
 * Failed trials (answer or probs null) are left out; `n` counts occupations (items for mass).
 * Bootstrap seeds are derived from the run seed and "model|condition|metric".
 */
import { CONDITIONS } from '../../core/conditions';
import type { ConditionId } from '../../core/ids';
import { bootstrap, meanAt, type BootstrapSummary } from '../../stats/bootstrap';
import { deriveSeed } from '../../core/random';
import { groupByModelConditionItem, type ByModelConditionItem } from '../group';
import type { MetricRow, ScoredTrial } from '../../core/records';
import type { SummarizeOptions } from '../types';
import { parseWinogenderFacts, winogenderFactsKey } from './facts';
import {
  scoreMeanNeutral,
  scoreMeanNeutralContrast,
  scoreOccupations,
  scoreRho,
  scoreRhoContrast,
  type OccupationScore,
  type WinogenderAnswer,
} from './metrics';

interface Answered extends WinogenderAnswer {
  readonly mass: number | null;
}

function groupTrials(trials: readonly ScoredTrial[]): ByModelConditionItem<Answered> {
  return groupByModelConditionItem(trials, (trial) => {
    if (trial.answer === null || trial.probs === null) return null;
    const facts = parseWinogenderFacts(trial.item);
    return { key: winogenderFactsKey(facts), answer: { facts, probs: trial.probs, mass: trial.mass } };
  });
}

function row(
  model: string,
  condition: ConditionId,
  metric: string,
  b: Pick<BootstrapSummary, 'value' | 'ci_low' | 'ci_high' | 'n'>,
  category: string | null = null,
  baseline?: ConditionId,
  relative = false,
): MetricRow {
  return {
    benchmark: 'winogender',
    model,
    condition,
    category,
    metric,
    value: b.value,
    ci_low: b.ci_low,
    ci_high: b.ci_high,
    n: b.n,
    // Candidate mass resamples items; p_female per occupation has no interval (docs/method.md §6).
    interval_unit: metric === 'candidate_mass' ? 'item' : metric === 'p_female' ? null : 'occupation',
    ...(baseline ? { baseline } : {}),
    ...(relative ? { relative: true as const } : {}),
  };
}

function conditionRows(
  model: string,
  condition: ConditionId,
  answered: readonly Answered[],
  options: SummarizeOptions,
): MetricRow[] {
  const scores = scoreOccupations(answered);
  const seed = (metric: string): SummarizeOptions => ({
    ...options,
    seed: deriveSeed(options.seed, `${model}|${condition}|${metric}`),
  });
  const masses = Float64Array.from(answered.flatMap((a) => (a.mass === null ? [] : [a.mass])));
  return [
    row(model, condition, 'pearson_rho', scoreRho(scores, seed('pearson_rho'))),
    row(model, condition, 'mean_p_neutral', scoreMeanNeutral(scores, seed('mean_p_neutral'))),
    row(model, condition, 'candidate_mass', bootstrap(masses.length, meanAt(masses), seed('candidate_mass'))),
    ...scores.map((s) =>
      row(model, condition, 'p_female', { value: s.pFemale, ci_low: null, ci_high: null, n: s.versions }, s.occupation),
    ),
  ];
}

export function summarizeWinogender(trials: readonly ScoredTrial[], options: SummarizeOptions): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const [model, byCondition] of groupTrials(trials)) {
    for (const [condition, byItem] of byCondition)
      rows.push(...conditionRows(model, condition, [...byItem.values()], options));
    for (const [condition, byItem] of byCondition) {
      const against = CONDITIONS[condition].baseline;
      const baseline = against === null ? undefined : byCondition.get(against);
      if (against === null || !baseline) continue;
      // Paired design: the same items (occupation × version) under both conditions.
      const shared = [...byItem.keys()].filter((key) => baseline.has(key));
      const base = scoreOccupations(shared.map((key) => baseline.get(key) as Answered));
      const treat = scoreOccupations(shared.map((key) => byItem.get(key) as Answered));
      const seed = (metric: string): SummarizeOptions => ({
        ...options,
        seed: deriveSeed(options.seed, `${model}|${condition}-${against}|${metric}`),
      });
      const rho = scoreRhoContrast(base, treat, seed('pearson_rho'));
      const neutral = scoreMeanNeutralContrast(base, treat, seed('mean_p_neutral'));
      rows.push(row(model, condition, 'pearson_rho', rho.difference, null, against));
      rows.push(row(model, condition, 'mean_p_neutral', neutral.difference, null, against));
      rows.push(row(model, condition, 'pearson_rho', rho.relative, null, against, true));
      rows.push(row(model, condition, 'mean_p_neutral', neutral.relative, null, against, true));
    }
  }
  return rows;
}

/** Per model × condition, each occupation's p_female / p_male / p_neutral beside its BLS share: the data of the p_female-vs-statistics chart (paper Fig. 4). */
export function scoreWinogenderOccupations(
  trials: readonly ScoredTrial[],
): { model: string; condition: ConditionId; occupations: OccupationScore[] }[] {
  return [...groupTrials(trials)].flatMap(([model, byCondition]) =>
    [...byCondition].map(([condition, byItem]) => ({
      model,
      condition,
      occupations: scoreOccupations([...byItem.values()]),
    })),
  );
}
