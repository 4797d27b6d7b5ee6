/**
 * The Study view's state (issue 14): which stored runs are in the study, each run's metric rows
 * (from its summary: rows kept with the run, or computed from its columns off the main thread
 * and kept, one run at a time; state/run-rows.ts), with what made them from the summary's head,
 * and the study itself, built by the same pure module `cli study` calls (lib/study), so the page
 * and the command line show the same rows. Also: every run with the same items as a chosen one,
 * importing several files at once (Library.importFiles: a run already stored is reported, not
 * doubled), and the flat trials export of the chosen runs.
 */
import type { BenchmarkId } from '../lib/core/ids';
import type { RunRecord } from '../lib/core/records';
import type { Study } from '../lib/core/study';
import { flatCsv, flatJsonl, flattenTrials } from '../lib/study/flat';
import { stampFromSummary } from '../lib/study/stamp';
import { buildStudy, type StudyInput } from '../lib/study/study';
import type { Library } from './library.svelte';
import { runRows } from './run-rows';
import type { Services } from './services';

export type RunSummaryState =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'computing' }
  | { readonly kind: 'ready'; readonly input: StudyInput }
  | { readonly kind: 'error'; readonly message: string };

/** Item keys per benchmark with the benchmark version: two runs have "the same items" when these agree. */
function itemSignature(run: RunRecord, benchmark: BenchmarkId): string {
  return `${run.benchmarkVersions[benchmark] ?? ''}\n${[...(run.itemKeys[benchmark] ?? [])].sort().join('\n')}`;
}

/** True when the runs share a benchmark and have the same items for every benchmark they share. */
export function sameItems(a: RunRecord, b: RunRecord): boolean {
  const shared = a.spec.benchmarks.filter((id) => b.spec.benchmarks.includes(id));
  return shared.length > 0 && shared.every((id) => itemSignature(a, id) === itemSignature(b, id));
}

export class StudyState {
  /** Ids of the runs in the study, in the order they were chosen. */
  chosen = $state.raw<string[]>([]);
  /** Each chosen run's summary, by id. */
  summaries = $state.raw<Readonly<Record<string, RunSummaryState>>>({});
  /** Computed inputs by run id, with the `updatedAt` they were computed for. */
  #cache = new Map<string, { updatedAt: string; input: StudyInput }>();
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly services: Services,
    private readonly library: Library,
  ) {}

  /** The chosen runs still stored, in the order chosen. */
  get runs(): RunRecord[] {
    return this.chosen.flatMap((id) => this.library.runs.find((r) => r.id === id) ?? []);
  }

  /** The study over every chosen run whose rows are ready (lib/study `buildStudy`, as `cli study`). */
  readonly study: Study = $derived.by(() =>
    buildStudy(
      this.runs.flatMap((r) => {
        const s = this.summaries[r.id];
        return s?.kind === 'ready' && s.input.run.updatedAt === r.updatedAt ? [s.input] : [];
      }),
    ),
  );

  /** Runs still being summarised (waiting or computing). */
  get pending(): number {
    return this.runs.filter((r) => {
      const kind = this.summaries[r.id]?.kind;
      return kind === 'waiting' || kind === 'computing';
    }).length;
  }

  set(ids: readonly string[]): void {
    this.chosen = [...new Set(ids)];
    this.#load();
  }

  toggle(id: string, on: boolean): void {
    this.set(on ? [...this.chosen.filter((c) => c !== id), id] : this.chosen.filter((c) => c !== id));
  }

  /** Adds every stored run with the same items as `anchorId` (for every benchmark they share). */
  addWithItems(anchorId: string): void {
    const anchor = this.library.runs.find((r) => r.id === anchorId);
    if (!anchor) return;
    const same = this.library.runs.filter((r) => r.id === anchorId || sameItems(anchor, r)).map((r) => r.id);
    this.set([...this.chosen, ...same.filter((id) => !this.chosen.includes(id))]);
  }

  /** Imports the files (Library.importFiles) and puts their runs in the study. */
  async importFiles(files: readonly { readonly name: string; readonly text: string }[]): Promise<void> {
    const ids = await this.library.importFiles(files);
    if (ids.length > 0) {
      await this.library.refresh();
      this.set([...this.chosen, ...ids.filter((id) => !this.chosen.includes(id))]);
    }
  }

  /** Recomputes every chosen run's rows from its stored trials (e.g. after a run got more trials). */
  recompute(): void {
    this.#cache.clear();
    this.summaries = {};
    this.#load();
  }

  /** Every trial of the chosen runs as a flat table (lib/study/flat.ts), JSONL or CSV. */
  async exportTrials(format: 'jsonl' | 'csv'): Promise<{ name: string; text: string }> {
    const runs = this.runs;
    const trials = (await Promise.all(runs.map((r) => this.services.store.listTrials(r.id)))).flat();
    const flat = flattenTrials(runs, trials);
    return { name: `study-trials.${format}`, text: format === 'csv' ? flatCsv(flat) : flatJsonl(flat) };
  }

  /** Queues the chosen runs that have no current rows; one run at a time, in the summary worker. */
  #load(): void {
    const next: Record<string, RunSummaryState> = {};
    const todo: RunRecord[] = [];
    for (const run of this.runs) {
      const cached = this.#cache.get(run.id);
      if (cached && cached.updatedAt === run.updatedAt) next[run.id] = { kind: 'ready', input: cached.input };
      else {
        const current = this.summaries[run.id];
        next[run.id] = current?.kind === 'computing' ? current : { kind: 'waiting' };
        if (current?.kind !== 'computing') todo.push(run);
      }
    }
    this.summaries = next;
    for (const run of todo) this.#queue = this.#queue.then(() => this.#summarise(run));
  }

  async #summarise(run: RunRecord): Promise<void> {
    if (!this.chosen.includes(run.id) || this.#cache.get(run.id)?.updatedAt === run.updatedAt) return;
    this.#mark(run.id, { kind: 'computing' });
    try {
      // From the run's summary (head: counts and provenance) and its kept rows, or rows computed
      // from its columns and kept (runRows): no trial record is read.
      const store = this.services.store;
      const head = (await store.loadRunSummaryHead(run.id)) ?? (await store.loadRunSummary(run.id));
      if (head === null) throw new Error(`run ${run.id} has no summary`);
      const input: StudyInput = { run, rows: await runRows(this.services, run), stamp: stampFromSummary(run, head) };
      this.#cache.set(run.id, { updatedAt: run.updatedAt, input });
      if (this.chosen.includes(run.id)) this.#mark(run.id, { kind: 'ready', input });
    } catch (e) {
      this.#mark(run.id, { kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  #mark(id: string, state: RunSummaryState): void {
    if (this.chosen.includes(id)) this.summaries = { ...this.summaries, [id]: state };
  }

  /** Resolves once every queued summary is done (tests, CLI comparisons). */
  settled(): Promise<void> {
    return this.#queue;
  }
}
