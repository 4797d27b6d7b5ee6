/**
 * An imported CSV of applicant profiles → a population (docs/method.md §3.3: columns sex, LSAT,
 * UGPA, other columns ignored), so the paper's exact LSAC population can be run. Pure and strict: the
 * first problem is returned with its 1-based line and reason, and a bad file yields no profiles.
 * - Headers are matched case-insensitively after trimming; quoted fields (RFC 4180) are read,
 *   so the LSAC `law_data.csv` (quoted race / region columns, unnamed index column) works as is.
 * - sex: 1 = female, 2 = male (LSAC law_data convention, as in Kusner et al. 2017's
 *   `law_school_classifiers.R`: `female <- sex == 1`, `male <- sex == 2`), or the words
 *   female / male (any case).
 * - LSAT must be a number from 0 to 180 and UGPA from 0 to 5 **[ours]** (plausibility only).
 */
import { parseCsvRecords } from '../../core/csv';
import { buildPopulationId, type Population, type Profile, type Sex } from './profile';

export type ProfilesCsvResult =
  | { readonly kind: 'ok'; readonly population: Population }
  | { readonly kind: 'error'; readonly line: number; readonly message: string };

export const REQUIRED_COLUMNS = ['sex', 'LSAT', 'UGPA'] as const;

function parseSex(value: string): Sex | null {
  const v = value.trim().toLowerCase();
  if (v === 'female') return 'female';
  if (v === 'male') return 'male';
  if (/^[+-]?\d+(\.0*)?$/.test(v)) {
    const n = Number(v);
    return n === 1 ? 'female' : n === 2 ? 'male' : null;
  }
  return null;
}

function parseNumber(value: string, low: number, high: number): number | null {
  const v = value.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= low && n <= high ? n : null;
}

/** The header's columns for a message, bounded (a binary file's "header" can be kilobytes). */
function describeHeader(cells: readonly string[]): string {
  const shown = cells
    .slice(0, 12)
    .map((c) => JSON.stringify(c.trim().length > 30 ? `${c.trim().slice(0, 30)}…` : c.trim()));
  return cells.length > shown.length ? `${shown.join(', ')} and ${cells.length - shown.length} more` : shown.join(', ');
}

export function parseProfilesCsv(text: string): ProfilesCsvResult {
  const records = parseCsvRecords(text);
  if (!Array.isArray(records)) return { kind: 'error', ...records };
  const header = records[0];
  if (!header)
    return {
      kind: 'error',
      line: 1,
      message: 'the file is empty (expected a header with the columns sex, LSAT, UGPA)',
    };
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const index: number[] = [];
  for (const column of REQUIRED_COLUMNS) {
    const found = names.flatMap((n, i) => (n === column.toLowerCase() ? [i] : []));
    if (found.length === 0)
      return {
        kind: 'error',
        line: header.line,
        message: `missing column "${column}" (need sex, LSAT, UGPA; found ${describeHeader(header.cells)})`,
      };
    if (found.length > 1)
      return { kind: 'error', line: header.line, message: `column "${column}" appears ${found.length} times` };
    index.push(found[0] as number);
  }
  const [iSex, iLsat, iGpa] = index as [number, number, number];
  const profiles: Omit<Profile, 'id'>[] = [];
  for (const record of records.slice(1)) {
    const { line, cells } = record;
    const width = Math.max(iSex, iLsat, iGpa) + 1;
    if (cells.length < width)
      return { kind: 'error', line, message: `expected at least ${width} columns, got ${cells.length}` };
    const [sexText, lsatText, gpaText] = [cells[iSex] as string, cells[iLsat] as string, cells[iGpa] as string];
    const sex = parseSex(sexText);
    if (sex === null)
      return {
        kind: 'error',
        line,
        message: `sex must be 1 (female), 2 (male), "female" or "male", got ${JSON.stringify(sexText)}`,
      };
    const lsat = parseNumber(lsatText, 0, 180);
    if (lsat === null)
      return { kind: 'error', line, message: `LSAT must be a number from 0 to 180, got ${JSON.stringify(lsatText)}` };
    const gpa = parseNumber(gpaText, 0, 5);
    if (gpa === null)
      return { kind: 'error', line, message: `UGPA must be a number from 0 to 5, got ${JSON.stringify(gpaText)}` };
    profiles.push({ sex, lsat, gpa });
  }
  if (profiles.length === 0)
    return { kind: 'error', line: header.line + 1, message: 'the file has a header but no profiles' };
  const id = buildPopulationId(profiles);
  return { kind: 'ok', population: { id, profiles: profiles.map((p, i) => ({ id: `r${i + 1}`, ...p })) } };
}
