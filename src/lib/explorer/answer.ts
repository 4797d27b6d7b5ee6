/**
 * One row per answer candidate of a stored trial: renormalised and raw probability, whether it
 * was chosen, its role for BBQ (correct / biased / unknown option, from the stored facts), and
 * the scoring flags (first token only, upper bound). Pure, so the table only draws.
 */
import type { Candidate } from '../engine/types';
import type { TrialRecord } from '../core/records';
import { optionLetter } from './filter';

export type CandidateRole = 'correct' | 'biased' | 'unknown';

export interface CandidateRow {
  readonly id: string;
  /** Scored continuations, when the prompt could be rebuilt. */
  readonly texts: readonly string[] | null;
  readonly prob: number | null;
  readonly raw: number | null;
  readonly chosen: boolean;
  readonly roles: readonly CandidateRole[];
  readonly firstTokenOnly: boolean;
  readonly upperBound: boolean;
}

type Stored = Pick<TrialRecord, 'item' | 'probs' | 'raw' | 'answer' | 'scoring'>;

/** Rows in the plan's candidate order, else in the stored order. */
export function candidateRows(trial: Stored, candidates: readonly Candidate[] | null): CandidateRow[] {
  const ids = candidates?.map((c) => c.id) ?? [
    ...new Set([...Object.keys(trial.probs ?? {}), ...Object.keys(trial.raw ?? {})]),
  ];
  const roleOf: [CandidateRole, string | null][] = [
    ['correct', optionLetter(trial.item.label)],
    ['biased', optionLetter(trial.item.biased)],
    ['unknown', optionLetter(trial.item.unknown)],
  ];
  return ids.map((id) => ({
    id,
    texts: candidates?.find((c) => c.id === id)?.texts ?? null,
    prob: trial.probs?.[id] ?? null,
    raw: trial.raw?.[id] ?? null,
    chosen: trial.answer === id,
    roles: roleOf.filter(([, letter]) => letter === id).map(([role]) => role),
    firstTokenOnly: trial.scoring?.firstTokenOnly?.includes(id) ?? false,
    upperBound: trial.scoring?.upperBound?.includes(id) ?? false,
  }));
}
