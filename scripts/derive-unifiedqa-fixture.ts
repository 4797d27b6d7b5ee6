// Regenerates test/fixtures/bbq/unifiedqa/<Category>.csv, the compact fixture of the official BBQ
// UnifiedQA predictions (nyu-mll/BBQ results/UnifiedQA/preds_<Category>.jsonl at the commit pinned
// in src/lib/benchmarks/bbq/source.ts) that test/cli/unifiedqa-reproduction.test.ts scores with
// `cli score bbq` against the paper's Figure 3 (docs/method.md §3.1, "Validation").
// UnifiedQA answers with a string; this turns each string into the option index exactly as the
// official analysis_scripts/BBQ_calculate_bias_score.R does (its clean-ups, then exact match on
// ans0..ans2, then the first two words of the answer_info text as a regex); a string that matches
// no option gets an empty cell (the R script drops the row). It also checks every other field of
// each row against data/bbq/data/<Category>.jsonl and writes the `answer_info` options that differ
// (the preds files predate upstream's 2022-04-03 fix of 36 Physical_appearance rows) to
// preds-answer-info.json. Not run by the tests.
// Usage: npx tsx scripts/derive-unifiedqa-fixture.ts <folder holding preds_<Category>.jsonl>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('../test/fixtures/bbq/unifiedqa/', import.meta.url));
const DATA = fileURLToPath(new URL('../data/bbq/data/', import.meta.url));
const CHECKED = ['question_index', 'question_polarity', 'context_condition', 'category', 'context', 'question'];
const OPTIONS = ['ans0', 'ans1', 'ans2'] as const;
const CATEGORIES = [
  'Age',
  'Disability_status',
  'Nationality',
  'Physical_appearance',
  'Religion',
  'Sexual_orientation',
] as const;
/** CSV column → field of the upstream file (the R script: race = format_race, arc = format_arc). */
const FORMATS = {
  race: 'unifiedqa-t5-11b_pred_race',
  arc: 'unifiedqa-t5-11b_pred_arc',
  qonly: 'unifiedqa-t5-11b_pred_qonly',
} as const;

interface PredRow {
  readonly example_id: number;
  readonly ans0: string;
  readonly ans1: string;
  readonly ans2: string;
  readonly answer_info: Readonly<Record<'ans0' | 'ans1' | 'ans2', readonly [string, string]>>;
  readonly [field: string]: unknown;
}

/** R's `word(text, 1, 2, sep = " ")`: the first two space-separated words, or null (R: NA). */
function firstTwoWords(text: string): string | null {
  const words = text.split(' ');
  return words.length >= 2 ? `${words[0]} ${words[1]}` : null;
}

/** The option index the R script gives a prediction string, or null (the R script drops the row). */
function optionOf(row: PredRow, prediction: string): 0 | 1 | 2 | null {
  const pred = prediction
    .replace(/pantsu$/, 'pantsuit')
    .replace(/\.$/, '')
    .replace(/o'brien/g, 'obrien');
  const answers = [row.ans0, row.ans1, row.ans2].map((a) => a.replace(/\}/g, '').replace(/\.$/, ''));
  const indices = [0, 1, 2] as const;
  for (const i of indices) if (pred.toLowerCase().trim() === (answers[i] ?? '').toLowerCase().trim()) return i;
  const texts = [row.answer_info.ans0[0], row.answer_info.ans1[0], row.answer_info.ans2[0]];
  for (const i of indices) {
    const words = firstTwoWords(texts[i] ?? '');
    if (words !== null && new RegExp(words.toLowerCase()).test(pred.toLowerCase())) return i;
  }
  return null;
}

type Differences = Record<string, Record<string, Partial<Record<(typeof OPTIONS)[number], readonly string[]>>>>;

/** Throws unless the preds row is the data/bbq row apart from answer_info; records those options. */
function compare(category: string, row: PredRow, data: Readonly<Record<string, unknown>>, out: Differences): void {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  for (const field of [...CHECKED, ...OPTIONS, 'label'])
    if (!same(row[field], data[field]))
      throw new Error(`${category} ${row.example_id}: ${field} differs from data/bbq`);
  const meta = (m: unknown): unknown => (m as Record<string, unknown> | undefined)?.stereotyped_groups;
  if (!same(meta(row.additional_metadata), meta(data.additional_metadata)))
    throw new Error(`${category} ${row.example_id}: stereotyped_groups differ from data/bbq`);
  const info = data.answer_info as PredRow['answer_info'];
  for (const option of OPTIONS)
    if (!same(row.answer_info[option], info[option])) {
      const rows = (out[category] ??= {});
      (rows[String(row.example_id)] ??= {})[option] = row.answer_info[option];
    }
}

function derive(folder: string): void {
  mkdirSync(OUT, { recursive: true });
  const differences: Differences = {};
  for (const category of CATEGORIES) {
    const rows = readFileSync(join(folder, `preds_${category}.jsonl`), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as PredRow)
      .sort((a, b) => a.example_id - b.example_id);
    const data = new Map(
      readFileSync(join(DATA, `${category}.jsonl`), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .map((row) => [row.example_id, row]),
    );
    if (data.size !== rows.length) throw new Error(`${category}: ${rows.length} predictions, ${data.size} items`);
    for (const row of rows) {
      const item = data.get(row.example_id);
      if (item === undefined) throw new Error(`${category} ${row.example_id}: not in data/bbq`);
      compare(category, row, item, differences);
    }
    const unmatched: string[] = [];
    const lines = rows.map((row) => {
      const cells = Object.entries(FORMATS).map(([format, field]) => {
        const value = row[field];
        if (typeof value !== 'string') throw new Error(`${category} ${row.example_id}: ${field} is not a string`);
        const option = optionOf(row, value);
        if (option === null) unmatched.push(`${format} ${row.example_id} ${JSON.stringify(value)}`);
        return option === null ? '' : String(option);
      });
      return [row.example_id, ...cells].join(',');
    });
    writeFileSync(join(OUT, `${category}.csv`), `example_id,${Object.keys(FORMATS).join(',')}\n${lines.join('\n')}\n`);
    console.log(`${category}: ${rows.length} rows; unmatched: ${unmatched.length ? unmatched.join('; ') : 'none'}`);
  }
  // One line per row: small and easy to read against the data.
  const blocks = Object.entries(differences).map(
    ([category, rows]) =>
      `  ${JSON.stringify(category)}: {\n${Object.entries(rows)
        .map(([id, options]) => `    ${JSON.stringify(id)}: ${JSON.stringify(options)}`)
        .join(',\n')}\n  }`,
  );
  writeFileSync(join(OUT, 'preds-answer-info.json'), `{\n${blocks.join(',\n')}\n}\n`);
  for (const [category, rows] of Object.entries(differences))
    console.log(`${category}: answer_info differs from data/bbq on ${Object.keys(rows).length} rows`);
}

const folder = process.argv[2];
if (folder === undefined) {
  console.error('usage: npx tsx scripts/derive-unifiedqa-fixture.ts <folder holding preds_<Category>.jsonl>');
  process.exit(2);
}
derive(folder);
