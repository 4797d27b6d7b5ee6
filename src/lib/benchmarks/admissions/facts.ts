/**
 * The facts about an admissions item stored on each trial record (`ItemSummary`): which
 * population and profile it came from, the race asked, and the profile's values, so every
 * number (and the population used) can be recomputed from storage alone.
 * `parseAdmissionsFacts` validates a stored summary; a malformed one throws with context.
 */
import type { ItemSummary } from '../../core/records';
import { buildAdmissionsItemKey, type AdmissionsItem, type Race, type Sex } from './profile';

/** A type alias (not an interface) so that it is assignable to `ItemSummary`. */
export type AdmissionsFacts = {
  /** "grid" or "csv-{profiles}-{hash}". */
  readonly population: string;
  readonly profile: string;
  readonly race: Race;
  readonly sex: Sex;
  readonly lsat: number;
  readonly gpa: number;
};

export function buildAdmissionsFacts(item: AdmissionsItem): AdmissionsFacts {
  const { id, sex, lsat, gpa } = item.profile;
  return { population: item.population, profile: id, race: item.race, sex, lsat, gpa };
}

export function parseAdmissionsFacts(summary: ItemSummary): AdmissionsFacts {
  const where = `admissions item summary ${JSON.stringify(summary)}`;
  const { population, profile, race, sex, lsat, gpa } = summary;
  if (typeof population !== 'string' || population === '')
    throw new Error(`${where}: population must be a non-empty string`);
  if (typeof profile !== 'string' || profile === '') throw new Error(`${where}: profile must be a non-empty string`);
  if (race !== 'Black' && race !== 'white') throw new Error(`${where}: race must be "Black" or "white"`);
  if (sex !== 'female' && sex !== 'male') throw new Error(`${where}: sex must be "female" or "male"`);
  if (typeof lsat !== 'number' || !Number.isFinite(lsat)) throw new Error(`${where}: lsat must be a number`);
  if (typeof gpa !== 'number' || !Number.isFinite(gpa)) throw new Error(`${where}: gpa must be a number`);
  return { population, profile, race, sex, lsat, gpa };
}

/** The profile both races share (pairing key within a condition). */
export function admissionsProfileKey(facts: { readonly population: string; readonly profile: string }): string {
  return `${facts.population}:${facts.profile}`;
}

export function admissionsFactsKey(facts: AdmissionsFacts): string {
  return buildAdmissionsItemKey({ population: facts.population, profileId: facts.profile, race: facts.race });
}
