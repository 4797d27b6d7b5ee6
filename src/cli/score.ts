/**
 * `score bbq --data <folder> --predictions <file.jsonl> [--seed 0] [--resamples 1000]`:
 * re-scores saved or external BBQ predictions with the app's own metrics and prints
 * `{"metrics": [...]}` to stdout. Lines naming no known item, or malformed, are reported on
 * stderr with their line number and skipped; the exit code is then 1 (after printing).
 */
import { readFileSync } from 'node:fs';
import { buildBbqFacts } from '../lib/benchmarks/bbq/facts';
import { parseBbq } from '../lib/benchmarks/bbq/parse';
import type { BbqItem } from '../lib/benchmarks/bbq/item';
import { scoreBbqAnswers, type BbqAnswer } from '../lib/benchmarks/bbq/metrics';
import { parseCommandArgs, parseIntegerOption } from './args';
import { loadBbqFolder } from './loadData';
import { parsePredictionLine } from './predictions';

export const SCORE_USAGE = `usage: score bbq --data <folder of BBQ .jsonl files> --predictions <file.jsonl> [--seed 0] [--resamples 1000] [-h|--help]
  Each prediction line: {"category": "Age", "example_id": 0, "answer": 0|1|2}
  or {"category": ..., "example_id": ..., "probs": [p0, p1, p2]} (argmax).`;

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const OPTIONS = {
  data: { type: 'string' },
  predictions: { type: 'string' },
  seed: { type: 'string' },
  resamples: { type: 'string' },
} as const;

/** Runs the subcommand; returns the process exit code. */
export function runScore(argv: readonly string[], io: Io): number {
  const parsed = parseCommandArgs(argv, OPTIONS, true);
  if (parsed.kind === 'help') {
    io.out(`${SCORE_USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'error') return usage(io, parsed.message);
  const { positionals, values } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'bbq')
    return usage(io, `expected the benchmark "bbq", got ${positionals.length ? positionals.join(' ') : 'none'}`);
  const { data, predictions: predictionsPath } = values;
  if (data === undefined || predictionsPath === undefined) return usage(io, '--data and --predictions are required');
  const seed = parseIntegerOption('seed', values.seed, 0, 0);
  const resamples = parseIntegerOption('resamples', values.resamples, 1000, 1);
  if (typeof seed === 'string') return usage(io, seed);
  if (typeof resamples === 'string') return usage(io, resamples);

  const folder = loadBbqFolder(data);
  if (folder.kind === 'error') {
    io.err(`error: ${folder.message}\n`);
    return 1;
  }
  const dataset = parseBbq(folder.files);
  for (const p of dataset.problems) io.err(`data ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
  const items = new Map<string, BbqItem>(dataset.items.map((item) => [`${item.category}:${item.exampleId}`, item]));

  let text: string;
  try {
    text = readFileSync(predictionsPath, 'utf8');
  } catch (error) {
    io.err(
      `error: cannot read predictions "${predictionsPath}": ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  const answers: BbqAnswer[] = [];
  const seen = new Set<string>();
  let bad = 0;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const where = `${predictionsPath}:${i + 1}`;
    const result = parsePredictionLine(raw);
    if (result.kind === 'error') {
      bad++;
      io.err(`${where}: skipped: ${result.message}\n`);
      return;
    }
    const key = `${result.prediction.category}:${result.prediction.exampleId}`;
    const item = items.get(key);
    if (!item) {
      bad++;
      io.err(
        `${where}: skipped: no item ${key} in the data (categories loaded: ${[...folder.files.keys()].join(', ')})\n`,
      );
      return;
    }
    if (seen.has(key)) {
      bad++;
      io.err(`${where}: skipped: a second prediction for ${key}\n`);
      return;
    }
    seen.add(key);
    answers.push({ facts: buildBbqFacts(item), answer: result.prediction.answer });
  });

  const metrics = scoreBbqAnswers(answers, { seed, resamples }).map((m) => ({ benchmark: 'bbq', ...m }));
  io.out(`${JSON.stringify({ metrics }, null, 2)}\n`);
  if (bad > 0) io.err(`${bad} prediction line(s) skipped; scored ${answers.length}.\n`);
  return bad > 0 ? 1 : 0;
}

function usage(io: Io, message: string): number {
  io.err(`error: ${message}\n${SCORE_USAGE}\n`);
  return 2;
}
