/**
 * `trials FILE... [--format jsonl|csv] [--out FILE]`: every trial of the given results files as
 * one flat table (lib/study/flat.ts, the page's "Download trials" too): one row per trial with
 * its model's params, family and quantization, its item's fields as `item.<field>` columns and
 * its probabilities as `p.<candidate>` and `raw.<candidate>`. JSONL by default, CSV with
 * --format csv or an --out ending in .csv; stdout without --out. A file that cannot be read is
 * reported and skipped; exit 1 when no file can be read (2 for usage).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { formatInteger } from '../lib/core/format';
import type { RunRecord, TrialRecord } from '../lib/core/records';
import { parseImport } from '../lib/storage/export';
import { flatCsv, flatJsonl, flattenTrials } from '../lib/study/flat';
import { parseCommandArgs } from './args';
import type { Io } from './score';

export const TRIALS_USAGE = `usage: trials <results.json> [<results.json> ...] [--format jsonl|csv] [--out <file>] [-h|--help]
  Writes every trial as one flat row: run, model, params, family, quantization, benchmark,
  condition, item_key, status, answer, mass, the item's fields (item.<field>), the probabilities
  (p.<candidate> renormalised, raw.<candidate> as scored), then scoring, engine, template, app
  version, seed, timing, tokens, error and reasoning. JSONL by default (CSV with --format csv or an
  --out ending in .csv); stdout without --out.`;

const OPTIONS = { format: { type: 'string' }, out: { type: 'string' } } as const;

export function runTrials(argv: readonly string[], io: Io): number {
  const parsed = parseCommandArgs(argv, OPTIONS, true);
  if (parsed.kind === 'help') {
    io.out(`${TRIALS_USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'error') return usage(io, parsed.message);
  if (parsed.positionals.length === 0) return usage(io, 'give at least one results file');
  const { out } = parsed.values;
  const format = parsed.values.format ?? (out?.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
  if (format !== 'jsonl' && format !== 'csv') return usage(io, `--format must be jsonl or csv, got "${format}"`);
  const runs: RunRecord[] = [];
  const trials: TrialRecord[] = [];
  for (const name of parsed.positionals) {
    let text: string;
    try {
      text = readFileSync(name, 'utf8');
    } catch (e) {
      io.err(`${name}: skipped: cannot read it (${e instanceof Error ? e.message : String(e)})\n`);
      continue;
    }
    const file = parseImport(text);
    if (file.kind === 'error') {
      io.err(`${name}: skipped: ${file.message}\n`);
      continue;
    }
    runs.push(...file.runs);
    trials.push(...file.trials);
  }
  if (runs.length === 0) {
    io.err('error: no results file could be read\n');
    return 1;
  }
  const flat = flattenTrials(runs, trials);
  const text = format === 'csv' ? flatCsv(flat) : flatJsonl(flat);
  if (out === undefined) io.out(text);
  else {
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, out);
    io.err(`Wrote ${out}: ${formatInteger(flat.rows.length)} trials, ${formatInteger(flat.columns.length)} columns.\n`);
  }
  return 0;
}

function usage(io: Io, message: string): number {
  io.err(`error: ${message}\n${TRIALS_USAGE}\n`);
  return 2;
}
