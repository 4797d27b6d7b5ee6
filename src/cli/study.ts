/**
 * `study FILE... [--out FILE]`: merges results files (page exports, `cli eval` outputs, several
 * people's runs) into one study with the page's own code: each run's rows from `summarizeRun`,
 * then `buildStudy` (lib/study), the function the page's Study view calls, so both give the same
 * rows and the same item checks. Prints `{"metrics": [...], "runs": [...]}` on stdout; with
 * --out also writes one results file holding every merged run and its trials (the page imports
 * it). A file that cannot be read, a run whose trials do not fit their benchmark, and a run
 * already merged from an earlier file are reported on stderr and skipped; the exit code is 1
 * only when nothing can be merged (2 for usage).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { datasetsOf } from '../lib/benchmarks/provenance';
import { getBenchmark } from '../lib/benchmarks/registry';
import { formatInteger } from '../lib/core/format';
import type { RunRecord, TrialRecord } from '../lib/core/records';
import type { Study } from '../lib/core/study';
import { RESAMPLES, summarizeRun } from '../lib/results/summarize';
import { buildExportText, parseImport } from '../lib/storage/export';
import { buildStudy, studyInput, type StudyInput } from '../lib/study/study';
import { parseCommandArgs, parseIntegerOption } from './args';
import type { Io } from './score';

export const STUDY_USAGE = `usage: study <results.json> [<results.json> ...] [--out <merged.json>] [--resamples 1000] [-h|--help]
  Merges results files (the page's exports, cli eval outputs) into one study: every run's metric
  rows with the model's params, family and quantization and what made them (engine, device,
  template, app version), as the page's Study view shows them. A run whose items differ from the
  study's for a benchmark is listed with the reason and left out of that benchmark's rows.
  Prints {"metrics": [...], "runs": [...]}; --out also writes one results file with every merged
  run and its trials, for the page to import. Exit 1 only when nothing can be merged.`;

const OPTIONS = { out: { type: 'string' }, resamples: { type: 'string' } } as const;

export interface MergedRuns {
  readonly inputs: readonly StudyInput[];
  readonly runs: readonly RunRecord[];
  readonly trials: readonly TrialRecord[];
}

/** Reads and summarises every run of every file; problems go to `report`. */
export function mergeFiles(
  files: readonly { readonly name: string; readonly text: string }[],
  resamples: number,
  report: (message: string) => void,
): MergedRuns {
  const inputs: StudyInput[] = [];
  const runs: RunRecord[] = [];
  const trials: TrialRecord[] = [];
  const from = new Map<string, string>();
  for (const file of files) {
    const parsed = parseImport(file.text);
    if (parsed.kind === 'error') {
      report(`${file.name}: skipped: ${parsed.message}`);
      continue;
    }
    for (const run of parsed.runs) {
      const earlier = from.get(run.id);
      if (earlier !== undefined) {
        report(`${file.name}: run ${run.id} is already in the study (from ${earlier}): skipped`);
        continue;
      }
      const mine = parsed.trials.filter((t) => t.runId === run.id);
      let rows;
      try {
        rows = summarizeRun(run, mine, getBenchmark, resamples);
      } catch (e) {
        report(
          `${file.name}: run ${run.id} skipped: its trials do not fit their benchmark (${e instanceof Error ? e.message : String(e)})`,
        );
        continue;
      }
      from.set(run.id, file.name);
      inputs.push(studyInput(run, mine, rows));
      runs.push(run);
      trials.push(...mine);
    }
  }
  return { inputs, runs, trials };
}

/** What stderr says about the study: runs merged, and each benchmark a run was left out of, with why. */
export function describeStudy(study: Study): string[] {
  const lines = [
    `Merged ${formatInteger(study.runs.length)} run(s): ${formatInteger(study.metrics.length)} metric rows.`,
  ];
  for (const run of study.runs)
    for (const b of run.benchmarks)
      if (!b.included) lines.push(`${run.id}: left out of ${b.benchmark} comparisons: ${b.reason ?? ''}`);
  return lines;
}

export function runStudy(argv: readonly string[], io: Io): number {
  const parsed = parseCommandArgs(argv, OPTIONS, true);
  if (parsed.kind === 'help') {
    io.out(`${STUDY_USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'error') return usage(io, parsed.message);
  if (parsed.positionals.length === 0) return usage(io, 'give at least one results file');
  const resamples = parseIntegerOption('resamples', parsed.values.resamples, RESAMPLES, 1);
  if (typeof resamples === 'string') return usage(io, resamples);
  const files: { name: string; text: string }[] = [];
  for (const name of parsed.positionals) {
    try {
      files.push({ name, text: readFileSync(name, 'utf8') });
    } catch (e) {
      io.err(`${name}: skipped: cannot read it (${e instanceof Error ? e.message : String(e)})\n`);
    }
  }
  const merged = mergeFiles(files, resamples, (m) => io.err(`${m}\n`));
  if (merged.inputs.length === 0) {
    io.err('error: nothing could be merged\n');
    return 1;
  }
  const study = buildStudy(merged.inputs);
  for (const line of describeStudy(study)) io.err(`${line}\n`);
  const out = parsed.values.out;
  if (out !== undefined) {
    const datasets = datasetsOf(
      merged.runs.flatMap((r) => r.spec.benchmarks),
      getBenchmark,
    );
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, buildExportText(merged.runs, merged.trials, { metrics: study.metrics, datasets }));
    renameSync(tmp, out);
    io.err(
      `Wrote ${out} (${formatInteger(merged.runs.length)} runs, ${formatInteger(merged.trials.length)} trials).\n`,
    );
  }
  io.out(`${JSON.stringify({ metrics: study.metrics, runs: study.runs }, null, 2)}\n`);
  return 0;
}

function usage(io: Io, message: string): number {
  io.err(`error: ${message}\n${STUDY_USAGE}\n`);
  return 2;
}
