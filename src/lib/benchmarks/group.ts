/**
 * Answered trials by model, then condition, then item key — the shape every benchmark's
 * summarize works from (paired contrasts match items across conditions of one model). Keeps
 * first-seen order; a later trial of the same key replaces an earlier one.
 */
import type { ConditionId } from '../core/ids';
import type { ScoredTrial } from '../core/records';

export type ByModelConditionItem<Answer> = Map<string, Map<ConditionId, Map<string, Answer>>>;

/** `read` gives a trial's item key and answer, or null to leave it out (e.g. failed). */
export function groupByModelConditionItem<Answer>(
  trials: readonly ScoredTrial[],
  read: (trial: ScoredTrial) => { readonly key: string; readonly answer: Answer } | null,
): ByModelConditionItem<Answer> {
  const byModel: ByModelConditionItem<Answer> = new Map();
  for (const trial of trials) {
    const entry = read(trial);
    if (entry === null) continue;
    let byCondition = byModel.get(trial.model);
    if (!byCondition) byModel.set(trial.model, (byCondition = new Map()));
    let byItem = byCondition.get(trial.condition);
    if (!byItem) byCondition.set(trial.condition, (byItem = new Map()));
    byItem.set(entry.key, entry.answer);
  }
  return byModel;
}
