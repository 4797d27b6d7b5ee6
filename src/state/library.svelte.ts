/**
 * Stored runs and the results of the selected one. Opening a run reads its summary (every trial
 * in columns, counts and provenance; core/run-summary.ts), not its trial records: the metrics
 * are computed from the columns off the main thread (Services.summarizeColumns), or taken from
 * rows kept for that very summary and summarising code; the full trial records (for the
 * explorer, model work, figures and export) are read afterwards, in the background. While a run
 * streams in, trials are collected as they arrive and published with metrics recomputed from
 * them (Services.summarize) at most once a second, so the page stays responsive however large
 * the run. When a run stops in this tab, its summary and rows are prepared for the next opening.
 * The run shown first is the one last viewed in this browser (remembered in `storage`), else the
 * newest run with any stored trial (a run that failed before its first trial has nothing to show).
 */
import type { BenchmarkId } from '../lib/core/ids';
import type { MetricRow, RunRecord, TrialRecord } from '../lib/core/records';
import { overviewOf, overviewOfSummary, type RunOverview, type RunSummary } from '../lib/core/run-summary';
import { datasetsOf } from '../lib/benchmarks/provenance';
import { formatInteger, plural } from '../lib/core/format';
import { withModelFacts } from '../lib/engine/model-facts';
import { buildExportText, parseImport } from '../lib/storage/export';
import { checkSummarizable } from '../lib/results/summarize';
import { flatCsv, flatJsonl, flattenTrials } from '../lib/study/flat';
import { runRows } from './run-rows';
import type { Services } from './services';

const LIVE_INTERVAL_MS = 1000;
/** Where the last viewed run's id is remembered. */
const LAST_RUN_KEY = 'results-run';
/** How many of the newest runs are looked at for stored trials when choosing the first one shown. */
const NEWEST_LOOKED_AT = 20;

/** A re-read on another tab's news failed (e.g. this tab's store closed: App says so); the next news retries. */
const otherTabFailed = (e: unknown): void =>
  console.warn('Stored runs were not re-read:', e instanceof Error ? e.message : e);

export class Library {
  runs = $state.raw<RunRecord[]>([]);
  selectedId = $state<string | null>(null);
  /** The selected run's trial records: empty until read (`trialsLoaded`), after its metrics. */
  trials = $state.raw<TrialRecord[]>([]);
  /** Whether `trials` holds every stored trial of the selected run (live ones included). */
  trialsLoaded = $state(false);
  /** The selected run's trial counts and what made them, from its summary or its trials. */
  overview = $state.raw<RunOverview | null>(null);
  metrics = $state.raw<MetricRow[]>([]);
  message = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);
  /** Runs another tab is driving now, with its progress when it has told us (live). */
  elsewhere = $state<Record<string, { done: number | null; planned: number | null }>>({});
  #lastSummary = 0;
  /**
   * The selected run's trials by key once live additions arrive (they land here first, then are
   * published); null until then, as indexing 175k stored trials costs ~80 ms that opening a
   * finished run does not need.
   */
  #byKey: Map<string, TrialRecord> | null = null;
  #pending: ReturnType<typeof setTimeout> | null = null;
  /** Reading the selected run's trial records (after its summary); resolved once `trials` holds them. */
  #loading: Promise<void> = Promise.resolve();
  /** Live trials that arrived while the records were being read: merged once they are. */
  #early: TrialRecord[] = [];
  #reloadTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly services: Services,
    private readonly storage: Storage | undefined = globalThis.localStorage,
  ) {
    services.coordinator.subscribe((a) => {
      if (a.phase === 'running') {
        this.elsewhere[a.runId] = { done: a.done, planned: a.planned };
        if (a.runId === this.selectedId) this.#reloadSoon();
      } else {
        delete this.elsewhere[a.runId];
        this.refresh()
          .then(() => (a.runId === this.selectedId ? this.select(a.runId) : undefined))
          .catch(otherTabFailed);
      }
    });
  }

  get selected(): RunRecord | undefined {
    return this.runs.find((r) => r.id === this.selectedId);
  }

  async refresh(): Promise<void> {
    const runs = await this.services.store.listRuns();
    for (const id of await this.services.coordinator.heldElsewhere())
      this.elsewhere[id] ??= { done: null, planned: null };
    this.runs = runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    if (this.selectedId === null || !this.runs.some((r) => r.id === this.selectedId)) {
      await this.select(await this.#firstShown());
    }
  }

  /** The last viewed run if it is still stored, else the newest with trials, else the newest. */
  async #firstShown(): Promise<string | null> {
    const last = this.#remembered();
    if (last !== null && this.runs.some((r) => r.id === last)) return last;
    for (const run of this.runs.slice(0, NEWEST_LOOKED_AT))
      if ((await this.services.store.trialKeys(run.id)).size > 0) return run.id;
    return this.runs[0]?.id ?? null;
  }

  #remembered(): string | null {
    try {
      return this.storage?.getItem(LAST_RUN_KEY) ?? null;
    } catch {
      return null; // storage refused (private mode): nothing remembered
    }
  }

  /**
   * Shows a run: its summary's counts (its head: kilobytes) and metrics (kept rows, else from the
   * summary's columns), then (in the background, `#loading`) its trial records. A run whose summary is missing or stale has its trials read once, its summary built
   * meanwhile. A run another tab is driving has no current summary (its trials change every
   * moment): its trials are read and summarised as they are.
   */
  async select(id: string | null): Promise<void> {
    if (id !== this.selectedId) {
      // Another run: nothing of the previous one is shown as its counts or metrics meanwhile.
      this.overview = null;
      this.metrics = [];
    }
    this.selectedId = id;
    try {
      if (id !== null) this.storage?.setItem(LAST_RUN_KEY, id);
    } catch {
      // storage refused: the choice is not remembered
    }
    this.#early = [];
    const store = this.services.store;
    const kept = id === null ? null : await store.loadRunSummaryHead(id);
    if (this.selectedId !== id) return; // a later select() won the race
    this.#byKey = null;
    if (id !== null && kept === null && this.elsewhere[id] === undefined) {
      const { trials, summary } = await store.readRunWithSummary(id);
      if (this.selectedId !== id) return;
      this.#loaded(trials, overviewOfSummary(summary));
      this.#loading = Promise.resolve();
      await this.#showRows(summary);
      return;
    }
    if (id === null || kept === null) {
      const trials = id === null ? [] : await store.listTrials(id);
      if (this.selectedId !== id) return;
      this.#loaded(trials);
      await this.#publish();
      return;
    }
    this.trials = [];
    this.trialsLoaded = false;
    const overview = overviewOfSummary(kept);
    this.overview = overview;
    // The records are read once the metrics are shown, so as not to delay them.
    const shown = this.#showRows();
    this.#loading = shown.then(() => this.#readTrials(id, overview));
    await shown;
  }

  /** Resolves once `trials` holds the selected run's stored trials (read after its metrics). */
  trialsRead(): Promise<void> {
    return this.#loading;
  }

  /**
   * Metrics of the selected run: rows kept for it, or computed from its summary's columns (and
   * kept); `summary`, when at hand, saves reading it.
   */
  async #showRows(summary?: RunSummary): Promise<void> {
    const run = this.selected;
    if (!run) {
      this.metrics = [];
      return;
    }
    try {
      const rows = await runRows(this.services, run, summary);
      if (this.selectedId === run.id && this.#byKey === null) this.metrics = rows;
    } catch (e) {
      console.warn('Metrics were not computed:', e instanceof Error ? e.message : e);
    }
  }

  async #readTrials(id: string, overview: RunOverview): Promise<void> {
    try {
      const trials = await this.services.store.listTrials(id);
      if (this.selectedId !== id) return;
      this.#loaded(trials, overview);
    } catch (e) {
      console.warn('Stored trials were not read:', e instanceof Error ? e.message : e);
    }
  }

  /**
   * `trials` now holds the selected run's stored trials (`overview`: theirs, when known without a
   * pass over them); live ones that came meanwhile join them.
   */
  #loaded(trials: TrialRecord[], overview: RunOverview = overviewOf(trials)): void {
    this.trials = trials;
    this.trialsLoaded = true;
    this.overview = overview;
    for (const t of this.#early.splice(0)) this.addTrial(t);
  }

  /** A trial just stored by the runner: shown live (within a second) if its run is selected. */
  addTrial(trial: TrialRecord): void {
    if (trial.runId !== this.selectedId) return;
    if (!this.trialsLoaded) {
      this.#early.push(trial);
      return;
    }
    if (this.#byKey === null) {
      this.#byKey = new Map();
      for (const t of this.trials) if (t.runId === trial.runId) this.#byKey.set(t.key, t);
    }
    this.#byKey.set(trial.key, trial);
    const wait = this.#lastSummary + LIVE_INTERVAL_MS - Date.now();
    if (wait <= 0) void this.#publish();
    else this.#pending ??= setTimeout(() => void this.#publish(), wait);
  }

  /**
   * A run in this tab stopped: show its final metrics. If it is the selected run, the trials
   * collected live are exactly what was stored, so they are published without re-reading
   * (which would block the page on a large run); otherwise the run is selected from storage.
   */
  async settle(runId: string): Promise<void> {
    if (this.selectedId === runId) {
      await this.#loading;
      await this.#publish();
    } else await this.select(runId);
    void this.#prepare(runId);
  }

  /** The run's summary and rows, made now (in the background) so that opening it later is quick. */
  async #prepare(runId: string): Promise<void> {
    try {
      const run = this.runs.find((r) => r.id === runId);
      const summary = await this.services.store.loadRunSummary(runId);
      if (run && summary) await runRows(this.services, run, summary);
    } catch (e) {
      console.warn('The run summary was not prepared:', e instanceof Error ? e.message : e);
    }
  }

  /** Another tab stored trials of the selected run: re-read them from storage, at most once a second. */
  #reloadSoon(): void {
    if (this.#reloadTimer) return;
    this.#reloadTimer = setTimeout(() => {
      this.#reloadTimer = null;
      if (this.selectedId !== null) this.select(this.selectedId).catch(otherTabFailed);
    }, LIVE_INTERVAL_MS);
  }

  /** Runs deleted in this session, newest last, so a deletion can be undone until the tab closes. */
  #trash: { run: RunRecord; trials: TrialRecord[] }[] = [];
  deletedName = $state<string | null>(null);

  async remove(id: string): Promise<void> {
    const run = await this.services.store.getRun(id);
    if (!run) return;
    this.#trash.push({ run, trials: await this.services.store.listTrials(id) });
    await this.services.store.deleteRun(id);
    this.deletedName = run.name;
    if (this.selectedId === id) this.selectedId = null;
    await this.refresh();
  }

  /** Puts the last deleted run back, trials and all, in one transaction. */
  async undoRemove(): Promise<void> {
    const last = this.#trash.pop();
    if (!last) return;
    await this.services.store.putRecords([last.run], last.trials);
    this.deletedName = this.#trash.at(-1)?.run.name ?? null;
    await this.refresh();
    await this.select(last.run.id);
  }

  /**
   * The selected run with its trials and current metrics, in the versioned export format; each
   * metric row names its model's params, family and quantization (null when unknown).
   */
  async exportSelected(): Promise<{ name: string; text: string } | null> {
    await this.#loading;
    const run = this.selected;
    if (!run) return null;
    const datasets = datasetsOf(run.spec.benchmarks, (id) => this.services.benchmarks.find((b) => b.id === id));
    const metrics = withModelFacts(this.metrics, run.spec);
    return { name: `${run.id}.json`, text: buildExportText([run], this.trials, { metrics, datasets }) };
  }

  /** The selected run's trials as one flat table (lib/study/flat.ts), JSONL or CSV. */
  async exportTrials(format: 'jsonl' | 'csv'): Promise<{ name: string; text: string } | null> {
    await this.#loading;
    const run = this.selected;
    if (!run) return null;
    const flat = flattenTrials([run], this.trials);
    return { name: `${run.id}-trials.${format}`, text: format === 'csv' ? flatCsv(flat) : flatJsonl(flat) };
  }

  async importFile(text: string): Promise<void> {
    await this.importFiles([{ name: 'the file', text }]);
  }

  /**
   * Imports several results files at once (several people's runs). A run already stored with
   * as many trials as the file holds for it is reported ("already stored") and not written
   * again; a new run, or a stored one the file has more trials of, is written with its trials,
   * one transaction per file. Every file is validated first (a bad file writes nothing and is
   * named). The first of the files' runs now stored, new or not, is selected; returns their ids.
   */
  async importFiles(files: readonly { readonly name: string; readonly text: string }[]): Promise<string[]> {
    const benchmarkOf = (id: BenchmarkId) => this.services.benchmarks.find((b) => b.id === id);
    const stored = new Set<string>();
    const already: string[] = [];
    const problems: string[] = [];
    const written: string[] = [];
    this.message = { kind: 'ok', text: `Importing ${plural(files.length, 'file')}…` };
    let runs = 0;
    let trials = 0;
    for (const file of files) {
      const parsed = parseImport(file.text);
      if (parsed.kind === 'error') {
        problems.push(`${file.name}: ${parsed.message}`);
        continue;
      }
      const refused = checkSummarizable(parsed.runs, parsed.trials, benchmarkOf);
      if (refused !== null) {
        problems.push(`${file.name}: Invalid results file, nothing was imported: ${refused}`);
        continue;
      }
      const fresh: RunRecord[] = [];
      for (const run of parsed.runs) {
        const held =
          (await this.services.store.getRun(run.id)) === undefined ? null : await this.services.store.trialKeys(run.id);
        const inFile = parsed.trials.filter((t) => t.runId === run.id);
        if (held !== null && inFile.every((t) => held.has(t.key))) already.push(`“${run.name}”`);
        else fresh.push(run);
        stored.add(run.id);
      }
      const ids = new Set(fresh.map((r) => r.id));
      const freshTrials = parsed.trials.filter((t) => ids.has(t.runId));
      if (fresh.length === 0) continue;
      try {
        await this.services.store.putRecords(fresh, freshTrials);
        for (const run of fresh) written.push(run.id);
        runs += fresh.length;
        trials += freshTrials.length;
      } catch (e) {
        problems.push(
          `${file.name}: Import failed while writing, nothing was imported: ${e instanceof Error ? e.message : String(e)}`,
        );
        for (const run of fresh) stored.delete(run.id);
      }
    }
    const parts = [
      ...(runs > 0 ? [`Imported ${formatInteger(runs)} run(s) with ${formatInteger(trials)} trials.`] : []),
      ...(already.length > 0 ? [`Already stored, not imported again: ${already.join(', ')}.`] : []),
      ...(problems.length > 0 ? [`Nothing was imported from ${problems.join('; ')}`] : []),
    ];
    if (runs > 0) {
      await this.refresh();
      // Each imported run's summary and rows are made now, while the person waits for the import
      // anyway, so opening it or a study of it reads kilobytes (docs/architecture.md, "Why run summaries").
      for (const id of written) await this.#prepare(id);
    }
    this.message = { kind: problems.length > 0 ? 'error' : 'ok', text: parts.join(' ') };
    // What was imported (or found already stored) is what the person wants to see next; shown
    // again when it was already shown but gained trials.
    const first = [...stored][0];
    if (first !== undefined && (first !== this.selectedId || written.includes(first))) await this.select(first);
    return [...stored];
  }

  /** Publishes the collected trials and recomputes the metrics from them. */
  async #publish(): Promise<void> {
    if (this.#pending) clearTimeout(this.#pending);
    this.#pending = null;
    this.#lastSummary = Date.now();
    if (this.#byKey !== null) {
      this.trials = [...this.#byKey.values()];
      this.overview = overviewOf(this.trials);
    }
    const run = this.selected;
    if (!run) {
      this.metrics = [];
      return;
    }
    try {
      const rows = await this.services.summarize(run, this.trials);
      if (this.selectedId === run.id) this.metrics = rows;
    } catch (e) {
      // A newer request superseded this one, or the worker failed: the next publish recomputes.
      console.warn('Metrics were not recomputed:', e instanceof Error ? e.message : e);
    }
  }
}
