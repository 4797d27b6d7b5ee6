/**
 * The ResultStore of `cli eval`: one run and its trials in memory, persisted as a results file
 * (storage/export.ts, the page's format) at `path`. Writes are atomic (temp file + rename), so a
 * crash leaves either the previous or the new file, never half of one. To keep long runs cheap,
 * trial writes are throttled to one per `minIntervalMs`; run-status changes and `flush()` always
 * write. On Ctrl-C the command pauses the runner and flushes, so nothing finished is lost; a
 * hard kill loses at most the last interval. `metrics` are only computed by `flush` (they need a
 * bootstrap), partial writes carry the metrics of the last flush.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { getBenchmark } from '../lib/benchmarks/registry';
import { datasetsOf } from '../lib/benchmarks/provenance';
import type { CachedFile, MetricRow, RunRecord, TrialRecord } from '../lib/core/records';
import { buildExportText, parseImport } from '../lib/storage/export';
import type { ResultStore } from '../lib/storage/port';

export type OpenedFile =
  | { readonly kind: 'new' }
  | { readonly kind: 'existing'; readonly run: RunRecord; readonly trials: readonly TrialRecord[] }
  | { readonly kind: 'error'; readonly message: string };

/** Reads an existing results file written by `cli eval` (exactly one run). */
export function openResultsFile(path: string): OpenedFile {
  if (!existsSync(path)) return { kind: 'new' };
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
  return { kind: 'existing', run, trials: parsed.trials };
}

export class JsonFileStore implements ResultStore {
  readonly path: string;
  readonly #minIntervalMs: number;
  readonly #runs = new Map<string, RunRecord>();
  readonly #trials = new Map<string, TrialRecord>();
  #metrics: readonly MetricRow[] = [];
  #lastWrite = 0;
  #dirty = false;

  constructor(
    path: string,
    options: {
      readonly minIntervalMs?: number;
      readonly run?: RunRecord;
      readonly trials?: readonly TrialRecord[];
    } = {},
  ) {
    this.path = path;
    this.#minIntervalMs = options.minIntervalMs ?? 1000;
    if (options.run) this.#runs.set(options.run.id, options.run);
    for (const t of options.trials ?? []) this.#trials.set(t.key, t);
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
    this.#lastWrite = Date.now();
    this.#dirty = false;
  }

  /** Writes now, with freshly computed metrics when given. */
  flush(metrics?: readonly MetricRow[]): void {
    if (metrics !== undefined) this.#metrics = metrics;
    this.#write();
  }

  get dirty(): boolean {
    return this.#dirty;
  }

  async putRun(run: RunRecord): Promise<void> {
    if (this.#runs.size > 0 && !this.#runs.has(run.id))
      throw new Error(
        `JsonFileStore: ${this.path} already holds run "${[...this.#runs.keys()][0] ?? ''}", not "${run.id}"`,
      );
    this.#runs.set(run.id, run);
    this.#write();
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
    this.#write();
  }

  async putTrial(trial: TrialRecord): Promise<void> {
    if (!this.#runs.has(trial.runId))
      throw new Error(`JsonFileStore: trial "${trial.key}" belongs to run "${trial.runId}", which is not stored`);
    this.#trials.set(trial.key, trial);
    this.#dirty = true;
    if (Date.now() - this.#lastWrite >= this.#minIntervalMs) this.#write();
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
