/**
 * Stored runs and the results of the selected one. Metrics are always recomputed from the
 * stored trials (never stored themselves), off the main thread (Services.summarize); while a run
 * streams in, trials are collected as they arrive and published with new metrics at most once a
 * second, so the page stays responsive however large the run.
 * The run shown first is the one last viewed in this browser (remembered in `storage`), else the
 * newest run with any stored trial (a run that failed before its first trial has nothing to show).
 */
import type { MetricRow, RunRecord, TrialRecord } from '../lib/core/records';
import { datasetsOf } from '../lib/benchmarks/provenance';
import { formatInteger } from '../lib/core/format';
import { buildExportText, importResults } from '../lib/storage/export';
import { checkSummarizable } from '../lib/results/summarize';
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
  trials = $state.raw<TrialRecord[]>([]);
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

  async select(id: string | null): Promise<void> {
    this.selectedId = id;
    try {
      if (id !== null) this.storage?.setItem(LAST_RUN_KEY, id);
    } catch {
      // storage refused: the choice is not remembered
    }
    const trials = id === null ? [] : await this.services.store.listTrials(id);
    if (this.selectedId !== id) return; // a later select() won the race
    this.#byKey = null;
    this.trials = trials;
    await this.#publish();
  }

  /** A trial just stored by the runner: shown live (within a second) if its run is selected. */
  addTrial(trial: TrialRecord): void {
    if (trial.runId !== this.selectedId) return;
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
    if (this.selectedId === runId) await this.#publish();
    else await this.select(runId);
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

  /** The selected run with its trials and current metrics, in the versioned export format. */
  exportSelected(): { name: string; text: string } | null {
    const run = this.selected;
    if (!run) return null;
    const datasets = datasetsOf(run.spec.benchmarks, (id) => this.services.benchmarks.find((b) => b.id === id));
    return { name: `${run.id}.json`, text: buildExportText([run], this.trials, { metrics: this.metrics, datasets }) };
  }

  async importFile(text: string): Promise<void> {
    const outcome = await importResults(text, this.services.store, (runs, trials) =>
      checkSummarizable(runs, trials, (id) => this.services.benchmarks.find((b) => b.id === id)),
    );
    if (outcome.kind === 'imported') {
      this.message = {
        kind: 'ok',
        text: `Imported ${formatInteger(outcome.runs)} run(s) with ${formatInteger(outcome.trials)} trials.`,
      };
      await this.refresh();
    } else {
      this.message = { kind: 'error', text: `Nothing was imported: ${outcome.message}` };
    }
  }

  /** Publishes the collected trials and recomputes the metrics from them. */
  async #publish(): Promise<void> {
    if (this.#pending) clearTimeout(this.#pending);
    this.#pending = null;
    this.#lastSummary = Date.now();
    if (this.#byKey !== null) this.trials = [...this.#byKey.values()];
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
