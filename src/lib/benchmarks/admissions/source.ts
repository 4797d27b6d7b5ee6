/**
 * The admissions benchmark downloads nothing: its applicants are generated in code (the grid of
 * profile.ts) or imported by the user (csv.ts), and its prompts are the paper's Table 3. There is
 * no upstream repository, so `repo` and `commit` are "none" and `license` and `sourceUrl` null;
 * `origin` says where applicants and prompt text come from.
 * Invariant: `files` is empty, so the page never fetches data for it.
 */
import type { DatasetSource } from '../types';

/** Name under which an imported CSV may be handed to `parse` (see index.ts). */
export const PROFILES_FILE = 'profiles.csv';

export const ADMISSIONS_SOURCE: DatasetSource = {
  repo: 'none',
  commit: 'none',
  license: null,
  sourceUrl: null,
  origin:
    "no upstream dataset: the project's own applicant grid (162 profiles, generated in code) or the user's CSV; prompt from Ganguli, Askell et al. 2023, Table 3",
  files: [],
};
