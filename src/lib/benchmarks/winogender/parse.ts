/**
 * Winogender TSV text → validated templates, occupation statistics and items (boundary
 * validation). Both files are tab-separated with one header row, no quoting (data/README.md).
 * Every bad row becomes a DataProblem naming the file and 1-based line, never a crash or a guess;
 * an occupation without statistics, or without exactly one answer-0 template, gives no items
 * and is reported. Pure: text in, values out.
 */
import type { DataProblem, ParsedDataset } from '../types';
import { buildWinogenderItems, PRONOUN_PLACEHOLDERS } from './instantiate';
import {
  isPronounCase,
  PRONOUN_CASES,
  type OccupationStats,
  type PronounCase,
  type WinogenderItem,
  type WinogenderTemplate,
} from './item';
import { STATS_FILE, TEMPLATES_FILE } from './source';

export const TEMPLATES_HEADER = ['occupation(0)', 'other-participant(1)', 'answer', 'sentence'] as const;
export const STATS_HEADER = ['occupation', 'bergsma_pct_female', 'bls_pct_female', 'bls_year'] as const;

interface Rows<T> {
  readonly rows: T[];
  /** In line order. */
  readonly problems: DataProblem[];
}

const byLine = (problems: DataProblem[]): DataProblem[] => problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

/** The start of a line for a message (a binary file's first "line" can be kilobytes). */
const clip = (text: string): string => (text.length > 120 ? `${text.slice(0, 120)}…` : text);

/** Splits TSV text into [1-based line, cells] after checking the header; blank lines skipped. */
function splitTsv(
  file: string,
  text: string,
  header: readonly string[],
  problems: DataProblem[],
): [number, string[]][] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = (lines[0] ?? '').split('\t');
  if (first.join('\t') !== header.join('\t')) {
    problems.push({
      file,
      line: 1,
      message: `header must be ${JSON.stringify(header.join('\t'))}, got ${JSON.stringify(clip(lines[0] ?? ''))}`,
    });
    return [];
  }
  const out: [number, string[]][] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    if (cells.length !== header.length) {
      problems.push({
        file,
        line: i + 1,
        message: `expected ${header.length} tab-separated columns, got ${cells.length}`,
      });
      continue;
    }
    out.push([i + 1, cells]);
  }
  return out;
}

function pronounCaseOf(sentence: string): PronounCase | string {
  const found: PronounCase[] = [];
  for (const c of PRONOUN_CASES)
    found.push(...Array.from({ length: sentence.split(PRONOUN_PLACEHOLDERS[c]).length - 1 }, () => c));
  const c = found[0];
  if (found.length !== 1 || c === undefined)
    return `sentence must hold exactly one pronoun placeholder ($NOM_PRONOUN, $POSS_PRONOUN or $ACC_PRONOUN), found ${found.length}`;
  const at = sentence.indexOf(PRONOUN_PLACEHOLDERS[c]);
  if (at === 0 || sentence[at - 1] !== ' ')
    return 'the pronoun placeholder must follow a space (the prefill is the text before it)';
  return c;
}

export function parseTemplatesTsv(text: string, file = TEMPLATES_FILE): Rows<WinogenderTemplate> {
  const problems: DataProblem[] = [];
  const rows: WinogenderTemplate[] = [];
  for (const [line, cells] of splitTsv(file, text, TEMPLATES_HEADER, problems)) {
    const [occupation = '', participant = '', answer = '', sentence = ''] = cells;
    if (occupation.trim() === '' || participant.trim() === '')
      problems.push({ file, line, message: 'occupation and other-participant must not be empty' });
    else if (answer !== '0' && answer !== '1')
      problems.push({ file, line, message: `answer must be 0 or 1, got ${JSON.stringify(answer)}` });
    else if (!sentence.includes('$OCCUPATION') || !sentence.includes('$PARTICIPANT'))
      problems.push({ file, line, message: 'sentence must contain $OCCUPATION and $PARTICIPANT' });
    else {
      const pronounCase = pronounCaseOf(sentence);
      if (isPronounCase(pronounCase)) {
        rows.push({ occupation, participant, answer: answer === '0' ? 0 : 1, sentence, pronounCase, line });
      } else problems.push({ file, line, message: pronounCase });
    }
  }
  return { rows, problems: byLine(problems) };
}

function percent(value: string): number | null {
  if (!/^\d+(\.\d+)?$/.test(value)) return null;
  const n = Number(value);
  return n >= 0 && n <= 100 ? n : null;
}

export function parseOccupationStatsTsv(text: string, file = STATS_FILE): Rows<OccupationStats> {
  const problems: DataProblem[] = [];
  const rows: OccupationStats[] = [];
  const seen = new Set<string>();
  for (const [line, cells] of splitTsv(file, text, STATS_HEADER, problems)) {
    const [occupation = '', bergsma = '', bls = '', year = ''] = cells;
    const bergsmaPctFemale = percent(bergsma);
    const blsPctFemale = percent(bls);
    if (occupation.trim() === '') problems.push({ file, line, message: 'occupation must not be empty' });
    else if (seen.has(occupation)) problems.push({ file, line, message: `duplicate occupation "${occupation}"` });
    else if (bergsmaPctFemale === null || blsPctFemale === null)
      problems.push({
        file,
        line,
        message: `percentages must be numbers from 0 to 100, got ${JSON.stringify(bergsma)} and ${JSON.stringify(bls)}`,
      });
    else if (!/^\d{4}$/.test(year))
      problems.push({ file, line, message: `bls_year must be a year, got ${JSON.stringify(year)}` });
    else {
      seen.add(occupation);
      rows.push({ occupation, bergsmaPctFemale, blsPctFemale, blsYear: Number(year) });
    }
  }
  return { rows, problems: byLine(problems) };
}

/** Both files (by DataFile name) → the 3 items of every occupation's answer-0 template. */
export function parseWinogender(files: ReadonlyMap<string, string>): ParsedDataset<WinogenderItem> {
  const problems: DataProblem[] = [];
  const templatesText = files.get(TEMPLATES_FILE);
  const statsText = files.get(STATS_FILE);
  for (const [name, text] of [
    [TEMPLATES_FILE, templatesText],
    [STATS_FILE, statsText],
  ] as const) {
    if (text === undefined)
      problems.push({
        file: name,
        message: `${name} is missing; Winogender needs both ${TEMPLATES_FILE} and ${STATS_FILE}`,
      });
  }
  for (const name of files.keys()) {
    if (name !== TEMPLATES_FILE && name !== STATS_FILE)
      problems.push({ file: name, message: `"${name}" is not a Winogender data file (ignored)` });
  }
  if (templatesText === undefined || statsText === undefined) return { items: [], problems };
  const templates = parseTemplatesTsv(templatesText);
  const stats = parseOccupationStatsTsv(statsText);
  problems.push(...templates.problems, ...stats.problems);
  const statsOf = new Map(stats.rows.map((s) => [s.occupation, s]));
  const byOccupation = new Map<string, WinogenderTemplate[]>();
  for (const t of templates.rows) {
    if (t.answer !== 0) continue;
    const list = byOccupation.get(t.occupation);
    if (list) list.push(t);
    else byOccupation.set(t.occupation, [t]);
  }
  const items: WinogenderItem[] = [];
  for (const [occupation, list] of byOccupation) {
    const template = list[0] as WinogenderTemplate;
    const s = statsOf.get(occupation);
    if (list.length !== 1)
      problems.push({
        file: TEMPLATES_FILE,
        line: (list[1] as WinogenderTemplate).line,
        message: `occupation "${occupation}" has ${list.length} answer-0 templates; expected exactly one (left out)`,
      });
    else if (!s)
      problems.push({
        file: STATS_FILE,
        message: `occupation "${occupation}" (templates line ${template.line}) has no statistics row (left out)`,
      });
    else items.push(...buildWinogenderItems(template, s));
  }
  for (const s of stats.rows) {
    if (!byOccupation.has(s.occupation))
      problems.push({
        file: TEMPLATES_FILE,
        message: `occupation "${s.occupation}" has statistics but no answer-0 template`,
      });
  }
  return { items, problems };
}
