/**
 * Law-school admissions (Ganguli, Askell et al. 2023 §3.2.4) as the app runs it: applicants,
 * prompts per condition and metrics. There is no downloaded data. Each benchmark object is bound
 * to one population: `admissions` (registered) to the 162-profile grid; the page builds another
 * with `buildAdmissionsBenchmark(population)` from an imported CSV (`parseProfilesCsv`). A CSV
 * can also be handed to `parse` as a file named "profiles.csv"; it then replaces the bound
 * population. Every trial stores its population id. See README.md beside this file.
 */
import { conditionsFor } from '../../core/conditions';
import type { Benchmark, DataProblem, ParsedDataset } from '../types';
import { parseProfilesCsv } from './csv';
import { admissionsFactsKey, buildAdmissionsFacts } from './facts';
import { ADMISSIONS_METRICS } from './metric-info';
import { buildAdmissionsItems, buildGridPopulation, type AdmissionsItem, type Population } from './profile';
import { buildAdmissionsPrompt } from './prompt';
import { ADMISSIONS_SOURCE, PROFILES_FILE } from './source';
import { summarizeAdmissions } from './summarize';

export const ADMISSIONS_VERSION = '1.0.0';

/** Items of the bound population, or of a "profiles.csv" in `files` (a bad CSV gives no items). */
function parseWith(population: Population, files: ReadonlyMap<string, string>): ParsedDataset<AdmissionsItem> {
  const problems: DataProblem[] = [];
  for (const name of files.keys()) {
    if (name !== PROFILES_FILE)
      problems.push({
        file: name,
        message: `"${name}" is not used by the admissions benchmark (only "${PROFILES_FILE}")`,
      });
  }
  const csv = files.get(PROFILES_FILE);
  if (csv === undefined) return { items: buildAdmissionsItems(population), problems };
  const parsed = parseProfilesCsv(csv);
  if (parsed.kind === 'error')
    return { items: [], problems: [...problems, { file: PROFILES_FILE, line: parsed.line, message: parsed.message }] };
  return { items: buildAdmissionsItems(parsed.population), problems };
}

export function buildAdmissionsBenchmark(population: Population = buildGridPopulation()): Benchmark<AdmissionsItem> {
  return {
    id: 'admissions',
    version: ADMISSIONS_VERSION,
    title:
      population.id === 'grid'
        ? 'Law-school admissions (race swap)'
        : `Law-school admissions (race swap), imported profiles ${population.id}`,
    conditions: conditionsFor('admissions'),
    metrics: ADMISSIONS_METRICS,
    source: ADMISSIONS_SOURCE,
    userFile: {
      name: PROFILES_FILE,
      label: 'applicant profiles (CSV with columns sex, LSAT, UGPA)',
      accept: '.csv,text/csv',
    },
    parse: (files) => parseWith(population, files),
    itemKey: (item) => admissionsFactsKey(buildAdmissionsFacts(item)),
    // A profile is sampled with both races (the paired design); samples are balanced by sex **[ours]**.
    unit: (item) => item.profile.id,
    stratum: (item) => item.profile.sex,
    describeItem: (item) => buildAdmissionsFacts(item),
    buildPrompt: buildAdmissionsPrompt,
    summarize: summarizeAdmissions,
  };
}

export const admissions: Benchmark<AdmissionsItem> = buildAdmissionsBenchmark();

export type { AdmissionsItem, Population, Profile, Race, Sex } from './profile';
export { buildGridPopulation, buildAdmissionsItems, formatGpa, formatLsat, GRID_LSAT, GRID_GPA } from './profile';
export { parseProfilesCsv, type ProfilesCsvResult } from './csv';
export { buildAdmissionsFacts, parseAdmissionsFacts, type AdmissionsFacts } from './facts';
export { scorePYes, pairProfiles, type ProfilePair } from './metrics';
export { PROFILES_FILE } from './source';
