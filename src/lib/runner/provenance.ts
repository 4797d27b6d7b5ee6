/**
 * What the results page says made a run's numbers, per benchmark: the data (upstream repository,
 * pinned commit, licence), the app version and source commit that ran its trials, and the
 * engines they ran on, read from the stored trials in one pass (a resumed run may span app
 * versions or engines, and then names each). Before any trial is stored it names the run's own
 * app and engine. The device is not stored with a run, so it is not named. Pure.
 */
import type { BenchmarkId } from '../core/ids';
import { datasetProvenance, type DatasetProvenance } from '../benchmarks/provenance';
import type { Benchmark } from '../benchmarks/types';
import { appCommitOf, type AppCommit, type RunRecord, type TrialRecord } from '../storage/types';

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

export function runProvenance(
  run: RunRecord,
  trials: readonly TrialRecord[],
  find: (id: BenchmarkId) => Benchmark<unknown> | undefined,
): BenchmarkProvenance[] {
  const apps = new Map<BenchmarkId, Map<string, AppStamp>>();
  const engines = new Map<BenchmarkId, Set<string>>();
  for (const t of trials) {
    if (t.runId !== run.id) continue;
    const commit = appCommitOf(t);
    let stamps = apps.get(t.benchmark);
    if (stamps === undefined) apps.set(t.benchmark, (stamps = new Map()));
    const key = `${t.appVersion}\0${commit ?? ''}`;
    if (!stamps.has(key)) stamps.set(key, { version: t.appVersion, commit });
    let names = engines.get(t.benchmark);
    if (names === undefined) engines.set(t.benchmark, (names = new Set()));
    names.add(t.engine.version === '' ? t.engine.kind : t.engine.version);
  }
  return run.spec.benchmarks.map((id) => {
    const benchmark = find(id);
    if (benchmark === undefined) throw new Error(`runProvenance: benchmark "${id}" of run ${run.id} is not registered`);
    const stamps = apps.get(id);
    return {
      benchmark: id,
      dataset: datasetProvenance(benchmark),
      apps: stamps === undefined ? [{ version: run.appVersion, commit: appCommitOf(run) }] : [...stamps.values()],
      engines: [...(engines.get(id) ?? [])],
    };
  });
}
