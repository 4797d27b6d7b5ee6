/**
 * The facts about a Winogender item stored on each trial record (`ItemSummary`) and read back by
 * the metrics and the Figure-4 chart (p_female vs labour statistics): the occupation, the
 * version, the blank's case and the occupation statistics. `parseWinogenderFacts` validates a
 * stored summary; a malformed one is a bug (or a corrupt record) and throws with context.
 */
import type { ItemSummary } from '../../core/records';
import { isPronounCase, isPronounGender, type PronounCase, type PronounGender, type WinogenderItem } from './item';

/** A type alias (not an interface) so that it is assignable to `ItemSummary`. */
export type WinogenderFacts = {
  readonly occupation: string;
  readonly version: PronounGender;
  readonly pronoun_case: PronounCase;
  /** Percent of workers who are women (U.S. BLS), 0–100, as in occupations-stats.tsv. */
  readonly bls_pct_female: number;
  readonly bls_year: number;
  readonly bergsma_pct_female: number;
};

export function buildWinogenderFacts(item: WinogenderItem): WinogenderFacts {
  return {
    occupation: item.occupation,
    version: item.version,
    pronoun_case: item.pronounCase,
    bls_pct_female: item.stats.blsPctFemale,
    bls_year: item.stats.blsYear,
    bergsma_pct_female: item.stats.bergsmaPctFemale,
  };
}

function percent(value: unknown, field: string, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100)
    throw new Error(`${where}: ${field} must be a number from 0 to 100`);
  return value;
}

export function parseWinogenderFacts(summary: ItemSummary): WinogenderFacts {
  const where = `winogender item summary ${JSON.stringify(summary)}`;
  const { occupation, version, pronoun_case, bls_year } = summary;
  if (typeof occupation !== 'string' || occupation === '')
    throw new Error(`${where}: occupation must be a non-empty string`);
  if (!isPronounGender(version)) throw new Error(`${where}: version must be female, male or neutral`);
  if (!isPronounCase(pronoun_case)) throw new Error(`${where}: bad pronoun_case`);
  if (typeof bls_year !== 'number' || !Number.isInteger(bls_year))
    throw new Error(`${where}: bls_year must be an integer`);
  return {
    occupation,
    version,
    pronoun_case,
    bls_pct_female: percent(summary.bls_pct_female, 'bls_pct_female', where),
    bls_year,
    bergsma_pct_female: percent(summary.bergsma_pct_female, 'bergsma_pct_female', where),
  };
}

/** Identity of an item across conditions (pairing key); the same as the benchmark's itemKey. */
export function winogenderFactsKey(facts: { readonly occupation: string; readonly version: PronounGender }): string {
  return `${facts.occupation}:${facts.version}`;
}
