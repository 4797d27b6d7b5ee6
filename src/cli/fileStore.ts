/**
 * The ResultStore of `cli eval`: one run and its trials in memory, persisted in two files:
 * - the results file at `path` (storage/export.ts, the page's format), written when the run is
 *   created (the run, no trials) and once at the end (`flush`: every trial and the metrics);
 * - a journal beside it (`journalPath`: results.json → results.trials.jsonl), to which each
 *   finished trial is appended as one JSON line the moment it is stored.
 * So a long run costs one short append per trial, not a rewrite of the whole file (at 175k trials
 * a rewrite took ~2 s and 205 MB). A resume reads the results file and then the journal (a later
 * line wins for its key); a crash or kill loses at most the line being written, which is skipped
 * (and said) on resume. Once the results file holds every trial the journal is removed. Writes of
 * the results file are atomic (temp file + rename): a crash leaves the previous or the new one.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { getBenchmark } from '../lib/benchmarks/registry';
import { datasetsOf } from '../lib/benchmarks/provenance';
import type { CachedFile, MetricRow, RunRecord, TrialRecord } from '../lib/core/records';
import { buildExportText, parseImport, parseTrialLine } from '../lib/storage/export';
import type { ResultStore } from '../lib/storage/port';

/** The journal beside a results file: "out.json" → "out.trials.jsonl" (any other name: + ".trials.jsonl"). */
export function journalPath(path: string): string {
  return `${path.replace(/\.json$/i, '')}.trials.jsonl`;
}

export type OpenedFile =
  | { readonly kind: 'new' }
  | {
      readonly kind: 'existing';
      readonly run: RunRecord;
      readonly trials: readonly TrialRecord[];
      /** Trials read from the journal (finished since the results file was last written). */
      readonly journaled: number;
      /** Journal lines that could not be read (a line cut short by a kill), said on stderr. */
      readonly skipped: readonly string[];
    }
  | { readonly kind: 'error'; readonly message: string };

/**
 * The journal's trials of `runId`, in order (a later line replaces an earlier one of its key);
 * lines that are not a valid trial of this run are skipped and described.
 */
export function readJournal(text: string, runId: string): { trials: TrialRecord[]; skipped: string[] } {
  const byKey = new Map<string, TrialRecord>();
  const skipped: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = parseTrialLine(line, `line ${i + 1}`);
    if (parsed.kind === 'error') skipped.push(parsed.message);
    else if (parsed.trial.runId !== runId)
      skipped.push(`line ${i + 1}: a trial of run "${parsed.trial.runId}", not of "${runId}"`);
    else byKey.set(parsed.trial.key, parsed.trial);
  });
  return { trials: [...byKey.values()], skipped };
}

/** Reads an existing results file written by `cli eval` (exactly one run), with its journal. */
export function openResultsFile(path: string): OpenedFile {
  const journal = journalPath(path);
  if (!existsSync(path)) {
    if (existsSync(journal))
      return {
        kind: 'error',
        message: `${journal} holds trials, but ${path} (which names their run) is missing; restore it, or move the journal away to start afresh`,
      };
    return { kind: 'new' };
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { kind: 'error', message: `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}` };
  }
  const parsed = parseImport(text);
  if (parsed.kind === 'error')
    return {
      kind: 'error',
      message: `${path} exists but is not a results file this command can continue: ${parsed.message}`,
    };
  const [run, ...others] = parsed.runs;
  if (run === undefined || others.length > 0)
    return {
      kind: 'error',
      message: `${path} holds ${parsed.runs.length} runs; --out must be a new file or one written by "cli eval" (one run)`,
    };
  if (!existsSync(journal)) return { kind: 'existing', run, trials: parsed.trials, journaled: 0, skipped: [] };
  const read = readJournal(readFileSync(journal, 'utf8'), run.id);
  const byKey = new Map(parsed.trials.map((t) => [t.key, t]));
  for (const t of read.trials) byKey.set(t.key, t);
  return { kind: 'existing', run, trials: [...byKey.values()], journaled: read.trials.length, skipped: read.skipped };
}

export class JsonFileStore implements ResultStore {
  readonly path: string;
  readonly journal: string;
  readonly #runs = new Map<string, RunRecord>();
  readonly #trials = new Map<string, TrialRecord>();
  #metrics: readonly MetricRow[] = [];
  #written: boolean;

  constructor(
    path: string,
    options: {
      readonly run?: RunRecord;
      readonly trials?: readonly TrialRecord[];
    } = {},
  ) {
    this.path = path;
    this.journal = journalPath(path);
    if (options.run) this.#runs.set(options.run.id, options.run);
    for (const t of options.trials ?? []) this.#trials.set(t.key, t);
    this.#written = options.run !== undefined;
  }

  #write(): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    const runs = [...this.#runs.values()];
    const datasets = datasetsOf(
      runs.flatMap((r) => r.spec.benchmarks),
      getBenchmark,
    );
    writeFileSync(tmp, buildExportText(runs, [...this.#trials.values()], { metrics: this.#metrics, datasets }));
    renameSync(tmp, this.path);
    this.#written = true;
  }

  /** Writes the results file with every trial (and the metrics, when given), then drops the journal it now holds. */
  flush(metrics?: readonly MetricRow[]): void {
    if (metrics !== undefined) this.#metrics = metrics;
    this.#write();
    rmSync(this.journal, { force: true });
  }

  /** The first run written creates the results file (the run, no trials); later status changes stay in memory until `flush`. */
  async putRun(run: RunRecord): Promise<void> {
    if (this.#runs.size > 0 && !this.#runs.has(run.id))
      throw new Error(
        `JsonFileStore: ${this.path} already holds run "${[...this.#runs.keys()][0] ?? ''}", not "${run.id}"`,
      );
    this.#runs.set(run.id, run);
    if (!this.#written) this.#write();
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    return this.#runs.get(id);
  }

  async listRuns(): Promise<RunRecord[]> {
    return [...this.#runs.values()];
  }

  async deleteRun(id: string): Promise<void> {
    this.#runs.delete(id);
    for (const [key, t] of this.#trials) if (t.runId === id) this.#trials.delete(key);
    this.flush();
  }

  /** Appends the trial to the journal (one line), then keeps it. */
  async putTrial(trial: TrialRecord): Promise<void> {
    if (!this.#runs.has(trial.runId))
      throw new Error(`JsonFileStore: trial "${trial.key}" belongs to run "${trial.runId}", which is not stored`);
    appendFileSync(this.journal, `${JSON.stringify(trial)}\n`);
    this.#trials.set(trial.key, trial);
  }

  async listTrials(runId: string): Promise<TrialRecord[]> {
    return [...this.#trials.values()].filter((t) => t.runId === runId);
  }

  async trialKeys(runId: string): Promise<Set<string>> {
    return new Set([...this.#trials.values()].filter((t) => t.runId === runId).map((t) => t.key));
  }

  async completedKeys(runId: string): Promise<Set<string>> {
    return new Set([...this.#trials.values()].filter((t) => t.runId === runId && t.status === 'ok').map((t) => t.key));
  }

  async getFile(_sha1: string): Promise<CachedFile | undefined> {
    return undefined;
  }

  async putFile(file: CachedFile): Promise<void> {
    throw new Error(`JsonFileStore: dataset files are not kept in results files (${file.name})`);
  }
}
