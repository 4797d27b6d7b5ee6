/**
 * A run's summary: every stored trial of the run in columns (columns.ts), with the counts and
 * the provenance the Results page names, so that opening a run reads megabytes of columns
 * instead of every trial record (175k records of a complete BBQ run took seconds to read and
 * deserialise). The store keeps one per run, built from the trials and tied to the run's trial
 * revision (storage bumps it with every write of the run's trials), so a summary is never older
 * than its trials: a stale or missing one is rebuilt from them. Trials stay the source of truth;
 * exports are built from them, not from summaries.
 */
import { TrialEncoder, type TrialBatch } from './columns';
import { templateSourceOf, type TrialRecord } from './records';

/** Bumped when what a summary holds (or its columns' format) changes: summaries of another format are rebuilt. */
export const SUMMARY_FORMAT = 2;

/**
 * What made a trial, as the Results page (runner/provenance.ts) and a study (study/stamp.ts) name
 * it: benchmark, model, app, engine and the source of the template that rendered its prompt.
 */
export type TrialStamp = Pick<TrialRecord, 'benchmark' | 'model' | 'appVersion' | 'appCommit' | 'engine'> & {
  /** `templateSourceOf` the trial. */
  readonly templateSource: string | null;
};

export interface RunSummary {
  readonly format: number;
  readonly runId: string;
  /** The run's trial revision this summary reflects ('' for trials stored before revisions existed). */
  readonly revision: string;
  /** Stored trials of the run, and how many of them succeeded. */
  readonly trials: number;
  readonly ok: number;
  /** Each distinct benchmark × app version × app commit × engine of the trials, in order of first appearance. */
  readonly stamps: readonly TrialStamp[];
  /**
   * Every stored trial of the run (failed ones too), in key order, with all the tables it refers
   * to: decode with fresh tables (`decodeTrials(columns, emptyTables())`, columns-decode.ts).
   */
  readonly columns: TrialBatch;
}

function sameStamp(a: TrialStamp, t: TrialRecord): boolean {
  return (
    a.benchmark === t.benchmark &&
    a.model === t.model &&
    a.templateSource === templateSourceOf(t) &&
    a.appVersion === t.appVersion &&
    a.appCommit === t.appCommit &&
    a.engine.kind === t.engine.kind &&
    a.engine.version === t.engine.version
  );
}

/** Counts and stamps of a run's trials, added one by one; what a summary holds besides its columns. */
export class TrialTally {
  trials = 0;
  ok = 0;
  readonly stamps: TrialStamp[] = [];
  #last: TrialStamp | null = null;

  add(t: TrialRecord): void {
    this.trials++;
    if (t.status === 'ok') this.ok++;
    // Consecutive trials nearly always share their stamp.
    if (this.#last !== null && sameStamp(this.#last, t)) return;
    let stamp = this.stamps.find((s) => sameStamp(s, t));
    if (stamp === undefined) {
      stamp = {
        benchmark: t.benchmark,
        model: t.model,
        appVersion: t.appVersion,
        ...(t.appCommit === undefined ? {} : { appCommit: t.appCommit }),
        engine: { kind: t.engine.kind, version: t.engine.version },
        templateSource: templateSourceOf(t),
      };
      this.stamps.push(stamp);
    }
    this.#last = stamp;
  }
}

/** A summary without its columns: kilobytes, where the columns are megabytes. */
export type RunSummaryHead = Omit<RunSummary, 'columns'>;

/** What a run's trials come to without their columns: counts and stamps. */
export type RunOverview = Pick<RunSummary, 'trials' | 'ok' | 'stamps'>;

/** A summary's overview alone (without its columns, which hold megabytes). */
export function overviewOfSummary(summary: RunSummaryHead): RunOverview {
  return { trials: summary.trials, ok: summary.ok, stamps: summary.stamps };
}

/** The overview of `trials` (of one run), in one pass. */
export function overviewOf(trials: readonly TrialRecord[]): RunOverview {
  const tally = new TrialTally();
  for (const t of trials) tally.add(t);
  return { trials: tally.trials, ok: tally.ok, stamps: tally.stamps };
}

/** Builds a RunSummary trial by trial (add them in key order), keeping no trial object. */
export class RunSummaryBuilder {
  readonly #encoder = new TrialEncoder();
  readonly #tally = new TrialTally();

  constructor(readonly runId: string) {}

  add(t: TrialRecord): void {
    if (t.runId !== this.runId) throw new Error(`RunSummaryBuilder: trial ${t.key} is not of run ${this.runId}`);
    this.#encoder.add(t, `${t.benchmark}|${t.itemKey}`);
    this.#tally.add(t);
  }

  finish(revision: string): RunSummary {
    return {
      format: SUMMARY_FORMAT,
      runId: this.runId,
      revision,
      trials: this.#tally.trials,
      ok: this.#tally.ok,
      stamps: [...this.#tally.stamps],
      columns: this.#encoder.flush().batch,
    };
  }
}

/** The summary of `trials` (all of one run, any order) as of `revision`. */
export function buildRunSummary(runId: string, trials: readonly TrialRecord[], revision: string): RunSummary {
  const builder = new RunSummaryBuilder(runId);
  const sorted = [...trials].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const t of sorted) builder.add(t);
  return builder.finish(revision);
}
