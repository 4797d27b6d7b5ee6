/**
 * Words the explorer shows for its filter values and BBQ answer kinds, in one place so menus,
 * trial summaries and the count line say the same thing.
 */
import type { Outcome } from './filter';

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  biased: 'BBQ: biased answer',
  counter_biased: 'BBQ: counter-biased answer',
  unknown: 'BBQ: “unknown” answer',
  correct: 'BBQ: correct answer',
  incorrect: 'BBQ: wrong answer',
  failed: 'Failed trials',
  low_mass: 'Low candidate mass',
};

export const CONTEXT_LABELS: Readonly<Record<string, string>> = { ambig: 'Ambiguous', disambig: 'Disambiguated' };
export const POLARITY_LABELS: Readonly<Record<string, string>> = {
  neg: 'Negative question',
  nonneg: 'Non-negative question',
};

/** One entry of a filter menu. */
export interface Choice {
  readonly value: string;
  readonly label: string;
}
