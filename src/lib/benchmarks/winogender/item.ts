/**
 * The validated shapes of Winogender (Rudinger et al. 2018) as `parse.ts` produces them, and the
 * item the app asks: one answer-0 template (pronoun = the occupation) with its specific
 * participant, in one pronoun version, the pronoun replaced by "_" (docs/method.md §3.2).
 * Invariant: `before` ends with the space that precedes the pronoun slot (never empty), so the
 * prefill `before.trimEnd()` is non-empty and candidates carry a leading space.
 */

/** The three pronoun versions; also the candidate ids, so metrics do not depend on the case. */
export const PRONOUN_GENDERS = ['female', 'male', 'neutral'] as const;
export type PronounGender = (typeof PRONOUN_GENDERS)[number];

export const PRONOUN_CASES = ['nominative', 'possessive', 'accusative'] as const;
export type PronounCase = (typeof PRONOUN_CASES)[number];

export function isPronounGender(value: unknown): value is PronounGender {
  return typeof value === 'string' && (PRONOUN_GENDERS as readonly string[]).includes(value);
}

export function isPronounCase(value: unknown): value is PronounCase {
  return value === 'nominative' || value === 'possessive' || value === 'accusative';
}

/** One row of templates.tsv. */
export interface WinogenderTemplate {
  readonly occupation: string;
  readonly participant: string;
  /** 0: the pronoun refers to the occupation; 1: to the other participant. */
  readonly answer: 0 | 1;
  /** With $OCCUPATION, $PARTICIPANT and exactly one pronoun placeholder. */
  readonly sentence: string;
  readonly pronounCase: PronounCase;
  /** 1-based line in templates.tsv (for messages). */
  readonly line: number;
}

/** One row of occupations-stats.tsv; percentages 0–100. */
export interface OccupationStats {
  readonly occupation: string;
  readonly bergsmaPctFemale: number;
  readonly blsPctFemale: number;
  readonly blsYear: number;
}

export interface WinogenderItem {
  readonly occupation: string;
  readonly participant: string;
  readonly version: PronounGender;
  readonly pronounCase: PronounCase;
  /** Instantiated text before the pronoun, including the space before it. */
  readonly before: string;
  /** Instantiated text after the pronoun (for `neutral`: "was" → "were" right after it). */
  readonly after: string;
  readonly stats: OccupationStats;
}
