/**
 * What the results page says made a run's numbers, per benchmark: the data (upstream repository,
 * pinned commit, licence), the app version and source commit that ran its trials, and the
 * engines they ran on, read from the stored trials in one pass (a resumed run may span app
 * versions or engines, and then names each). Before any trial is stored it names the run's own
 * app and engine. The device a browser run started on is on its record (`RunRecord.device`); a
 * study names it with every point (lib/study). Pure.
 */
import type { BenchmarkId } from '../core/ids';
import { datasetProvenance, type DatasetProvenance } from '../benchmarks/provenance';
import type { Benchmark } from '../benchmarks/types';
import type { EngineInfo } from '../engine/types';
import { appCommitOf, type AppCommit, type RunRecord, type TrialRecord } from '../core/records';
import type { TrialStamp } from '../core/run-summary';

export interface AppStamp {
  readonly version: string;
  readonly commit: AppCommit;
}

export interface BenchmarkProvenance {
  readonly benchmark: BenchmarkId;
  readonly dataset: DatasetProvenance;
  /** Distinct app version × commit of the benchmark's stored trials (the run's own when none yet), in order of first appearance. */
  readonly apps: readonly AppStamp[];
  /** Distinct engines of its stored trials (`EngineInfo.version`, e.g. "@mlc-ai/web-llm 0.2.86"); empty when none stored yet. */
  readonly engines: readonly string[];
}

function hasApp(apps: readonly AppStamp[], version: string, commit: AppCommit): boolean {
  for (const a of apps) if (a.version === version && a.commit === commit) return true;
  return false;
}

/**
 * Collects, trial by trial, what each benchmark's trials were made with, so that a page already
 * passing over a run's trials (counting them) reads provenance in the same pass. No per-trial
 * allocation: the lists stay tiny (usually one app and one engine).
 */
export class ProvenanceTally {
  readonly #runId: string;
  readonly #seen = new Map<BenchmarkId, { readonly apps: AppStamp[]; readonly engines: string[] }>();
  /** The previous trial's stamp: consecutive trials nearly always share it, and are then skipped. */
  #last: {
    benchmark: BenchmarkId;
    version: string;
    commit: AppCommit | undefined;
    engine: EngineInfo['version'];
    kind: EngineInfo['kind'];
  } | null = null;

  constructor(runId: string) {
    this.#runId = runId;
  }

  /** A trial, or a run summary's stamp with the run's id (core/run-summary.ts). */
  add(t: Pick<TrialStamp, 'benchmark' | 'appVersion' | 'appCommit' | 'engine'> & Pick<TrialRecord, 'runId'>): void {
    const last = this.#last;
    const { engine } = t;
    if (
      last !== null &&
      last.benchmark === t.benchmark &&
      last.version === t.appVersion &&
      last.commit === t.appCommit &&
      last.engine === engine.version &&
      last.kind === engine.kind
    )
      return;
    if (t.runId !== this.#runId) return;
    this.#last = {
      benchmark: t.benchmark,
      version: t.appVersion,
      commit: t.appCommit,
      engine: engine.version,
      kind: engine.kind,
    };
    let s = this.#seen.get(t.benchmark);
    if (s === undefined) this.#seen.set(t.benchmark, (s = { apps: [], engines: [] }));
    const commit = appCommitOf(t);
    if (!hasApp(s.apps, t.appVersion, commit)) s.apps.push({ version: t.appVersion, commit });
    const name = engine.version === '' ? engine.kind : engine.version;
    if (!s.engines.includes(name)) s.engines.push(name);
  }

  /** One row per benchmark of the run, in its order; the run's own app where no trial is stored yet. */
  rows(run: RunRecord, find: (id: BenchmarkId) => Benchmark<unknown> | undefined): BenchmarkProvenance[] {
    return run.spec.benchmarks.map((id) => {
      const benchmark = find(id);
      if (benchmark === undefined) throw new Error(`provenance: benchmark "${id}" of run ${run.id} is not registered`);
      const s = this.#seen.get(id);
      return {
        benchmark: id,
        dataset: datasetProvenance(benchmark),
        apps: s === undefined ? [{ version: run.appVersion, commit: appCommitOf(run) }] : [...s.apps],
        engines: s === undefined ? [] : [...s.engines],
      };
    });
  }
}

export function runProvenance(
  run: RunRecord,
  trials: readonly TrialRecord[],
  find: (id: BenchmarkId) => Benchmark<unknown> | undefined,
): BenchmarkProvenance[] {
  const tally = new ProvenanceTally(run.id);
  for (const t of trials) tally.add(t);
  return tally.rows(run, find);
}
