/**
 * Stored BBQ trials → the rows the app shows (METHOD §3.1, §4, §6): per model × condition the
 * four BBQ metrics per category and pooled, the mean candidate mass, and paired contrasts of
 * every other condition vs `q` on the items both conditions answered.
 * Failed trials (answer null) are left out; each row's `n` says how many items remain.
 * Bootstrap seeds are derived from the run seed and "model|condition" so every row is
 * reproducible on its own.
 */
import type { ConditionId } from '../../core/ids';
import { bootstrap, meanAt } from '../../stats/bootstrap';
import { deriveSeed } from '../../stats/random';
import type { MetricRow, ScoredTrial, SummarizeOptions } from '../types';
import { bbqFactsKey, parseBbqFacts, type BbqFacts } from './facts';
import type { OptionIndex } from './item';
import { scoreBbqAnswers, scoreBbqPairedAnswers, type BbqMetricValue } from './metrics';
import { BBQ_CANDIDATE_IDS } from './prompt';

interface Answered {
  readonly facts: BbqFacts;
  readonly answer: OptionIndex;
  readonly mass: number | null;
}

function optionOf(trial: ScoredTrial): OptionIndex | null {
  if (trial.answer === null) return null;
  const i = (BBQ_CANDIDATE_IDS as readonly string[]).indexOf(trial.answer);
  if (i < 0) throw new Error(`bbq: trial answer "${trial.answer}" is not a BBQ candidate (model ${trial.model}, condition ${trial.condition})`);
  return i as OptionIndex;
}

/** model → condition → item key → answer, keeping the conditions' first-seen order. */
function groupTrials(trials: readonly ScoredTrial[]): Map<string, Map<ConditionId, Map<string, Answered>>> {
  const byModel = new Map<string, Map<ConditionId, Map<string, Answered>>>();
  for (const trial of trials) {
    const answer = optionOf(trial);
    if (answer === null) continue;
    const facts = parseBbqFacts(trial.item);
    let byCondition = byModel.get(trial.model);
    if (!byCondition) byModel.set(trial.model, (byCondition = new Map()));
    let byItem = byCondition.get(trial.condition);
    if (!byItem) byCondition.set(trial.condition, (byItem = new Map()));
    byItem.set(bbqFactsKey(facts), { facts, answer, mass: trial.mass });
  }
  return byModel;
}

function toRows(values: readonly BbqMetricValue[], model: string, condition: ConditionId, baseline?: ConditionId): MetricRow[] {
  return values.map((v) => ({ benchmark: 'bbq', model, condition, ...v, ...(baseline ? { baseline } : {}) }));
}

function massRow(model: string, condition: ConditionId, answered: readonly Answered[], options: SummarizeOptions): MetricRow {
  const masses = Float64Array.from(answered.flatMap((a) => (a.mass === null ? [] : [a.mass])));
  const b = bootstrap(masses.length, meanAt(masses), { ...options, seed: deriveSeed(options.seed, `${model}|${condition}|mass`) });
  return { benchmark: 'bbq', model, condition, category: null, metric: 'candidate_mass', value: b.value, ci_low: b.ci_low, ci_high: b.ci_high, n: b.n };
}

export function summarizeBbq(trials: readonly ScoredTrial[], options: SummarizeOptions): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const [model, byCondition] of groupTrials(trials)) {
    for (const [condition, byItem] of byCondition) {
      const answered = [...byItem.values()];
      const seed = deriveSeed(options.seed, `${model}|${condition}`);
      rows.push(...toRows(scoreBbqAnswers(answered, { ...options, seed }), model, condition));
      rows.push(massRow(model, condition, answered, options));
    }
    const baseline = byCondition.get('q');
    if (!baseline) continue;
    for (const [condition, byItem] of byCondition) {
      if (condition === 'q') continue;
      const pairs = [...byItem].flatMap(([key, t]) => {
        const b = baseline.get(key);
        return b ? [{ facts: t.facts, baseline: b.answer, treatment: t.answer }] : [];
      });
      const seed = deriveSeed(options.seed, `${model}|${condition}-q`);
      rows.push(...toRows(scoreBbqPairedAnswers(pairs, { ...options, seed }), model, condition, 'q'));
    }
  }
  return rows;
}
