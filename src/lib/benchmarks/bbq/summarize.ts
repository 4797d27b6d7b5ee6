/**
 * Stored BBQ trials → the rows the app shows (docs/method.md §3.1, §4, §6): per model × condition the
 * four BBQ metrics per category and for the two overalls (the single-axis categories as the
 * headline, category null; every file as "All 11 files"), the count of rows without a target,
 * the mean candidate mass, and paired contrasts of
 * every other condition vs `q` on the items both conditions answered (per category and pooled:
 * the four differences, then the four relative changes, `relative: true`), and the share of
 * answers per option letter (position.ts).
 * Failed trials (answer null) are left out; each row's `n` says how many items remain. Metric
 * intervals resample templates (category × question_index) within category, candidate mass
 * items (docs/method.md §6).
 * Bootstrap seeds are derived from the run seed and "model|condition" so every row is
 * reproducible on its own.
 */
import { CONDITIONS } from '../../core/conditions';
import type { ConditionId } from '../../core/ids';
import { bootstrapMean } from '../../stats/bootstrap';
import { deriveSeed } from '../../core/random';
import { groupByModelConditionItem, type ByModelConditionItem } from '../group';
import type { MetricRow, ScoredTrial } from '../../core/records';
import type { SummarizeOptions } from '../types';
import { bbqFactsKey, parseBbqFacts, type BbqFacts } from './facts';
import type { OptionIndex } from './item';
import { scoreBbqAnswers, scoreBbqPairedAnswers, type BbqMetricValue } from './metrics';
import { answerShareRows } from './position';
import { BBQ_CANDIDATE_IDS } from './prompt';

interface Answered {
  readonly facts: BbqFacts;
  readonly answer: OptionIndex;
  readonly mass: number | null;
}

function optionOf(trial: ScoredTrial): OptionIndex | null {
  if (trial.answer === null) return null;
  const i = (BBQ_CANDIDATE_IDS as readonly string[]).indexOf(trial.answer);
  if (i < 0)
    throw new Error(
      `bbq: trial answer "${trial.answer}" is not a BBQ candidate (model ${trial.model}, condition ${trial.condition})`,
    );
  return i as OptionIndex;
}

/** A stored summary equal to `b` on every field `parseBbqFacts` reads. */
function sameFacts(a: ScoredTrial['item'], b: ScoredTrial['item']): boolean {
  return (
    a.example_id === b.example_id &&
    a.source_category === b.source_category &&
    a.category === b.category &&
    a.question_index === b.question_index &&
    a.context_condition === b.context_condition &&
    a.question_polarity === b.question_polarity &&
    a.label === b.label &&
    a.unknown === b.unknown &&
    a.biased === b.biased
  );
}

function groupTrials(trials: readonly ScoredTrial[]): ByModelConditionItem<Answered> {
  // `parseBbqFacts` once per item, not once per trial: an item's trials (one per model ×
  // condition) carry equal summaries, and parsing is a pure function of the fields `sameFacts`
  // compares, so an equal summary has the same facts. Anything else is parsed (validated) afresh.
  const parsed = new Map<string, { summary: ScoredTrial['item']; facts: BbqFacts; key: string }>();
  return groupByModelConditionItem(trials, (trial) => {
    const answer = optionOf(trial);
    if (answer === null) return null;
    const id = `${String(trial.item.source_category)}:${String(trial.item.example_id)}`;
    let hit = parsed.get(id);
    if (!hit || !sameFacts(hit.summary, trial.item)) {
      const facts = parseBbqFacts(trial.item);
      hit = { summary: trial.item, facts, key: bbqFactsKey(facts) };
      parsed.set(id, hit);
    }
    return { key: hit.key, answer: { facts: hit.facts, answer, mass: trial.mass } };
  });
}

function toRows(
  values: readonly BbqMetricValue[],
  model: string,
  condition: ConditionId,
  baseline?: ConditionId,
): MetricRow[] {
  return values.map(({ relative, ...v }) => ({
    benchmark: 'bbq',
    model,
    condition,
    ...v,
    ...(baseline ? { baseline } : {}),
    ...(relative ? { relative } : {}),
  }));
}

/** Mean candidate mass over items; its interval resamples items (docs/method.md §6, [ours]). */
function massRow(
  model: string,
  condition: ConditionId,
  answered: readonly Answered[],
  options: SummarizeOptions,
): MetricRow {
  const masses = Float64Array.from(answered.flatMap((a) => (a.mass === null ? [] : [a.mass])));
  const b = bootstrapMean(masses, { ...options, seed: deriveSeed(options.seed, `${model}|${condition}|mass`) });
  return {
    benchmark: 'bbq',
    model,
    condition,
    category: null,
    metric: 'candidate_mass',
    value: b.value,
    ci_low: b.ci_low,
    ci_high: b.ci_high,
    n: b.n,
    interval_unit: 'item',
  };
}

export function summarizeBbq(trials: readonly ScoredTrial[], options: SummarizeOptions): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const [model, byCondition] of groupTrials(trials)) {
    for (const [condition, byItem] of byCondition) {
      const answered = [...byItem.values()];
      const seed = deriveSeed(options.seed, `${model}|${condition}`);
      rows.push(...toRows(scoreBbqAnswers(answered, { ...options, seed }), model, condition));
      rows.push(massRow(model, condition, answered, options));
      // Debiased answers (several option orders) have no letter of their own (docs/method.md §3.1).
      if ((options.optionOrders ?? 1) === 1) {
        rows.push(
          ...answerShareRows(
            model,
            condition,
            answered.map((a) => a.answer),
          ),
        );
      }
    }
    for (const [condition, byItem] of byCondition) {
      const base = CONDITIONS[condition].baseline;
      const baseline = base === null ? undefined : byCondition.get(base);
      if (base === null || !baseline) continue;
      const pairs = [...byItem].flatMap(([key, t]) => {
        const b = baseline.get(key);
        return b ? [{ facts: t.facts, baseline: b.answer, treatment: t.answer }] : [];
      });
      const seed = deriveSeed(options.seed, `${model}|${condition}-${base}`);
      rows.push(...toRows(scoreBbqPairedAnswers(pairs, { ...options, seed }), model, condition, base));
    }
  }
  return rows;
}
