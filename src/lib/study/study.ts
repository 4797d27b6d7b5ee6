/**
 * Many runs → one study (issue 14; docs/method.md §8): every run's metric rows, each with its
 * model's facts (engine/model-facts.ts: size, family, build; null where the run and the
 * catalogue do not say) and what made it (stamp.ts). The page's Study view and `cli study` both
 * call `buildStudy` on rows from `summarizeRun`, so they show the same rows.
 *
 * Comparisons across models and runs need the same items. Per benchmark the study's items are
 * the item set (with its benchmark version) shared by the most runs, ties going to the earliest
 * run; a run whose items differ is listed with the reason and its rows for that benchmark are
 * left out of the study, never mixed in. Runs are taken in order of creation (then id), so the
 * order files or runs are given in changes nothing. A run given twice counts once.
 */
import type { BenchmarkId } from '../core/ids';
import { appCommitOf, type MetricRow, type RunRecord, type TrialRecord } from '../core/records';
import type { PointProvenance, Study, StudyBenchmarkStatus, StudyRow, StudyRun } from '../core/study';
import { formatInteger } from '../core/format';
import { modelFactsOf } from '../engine/model-facts';
import { appName, engineName, stampKey, stampRun, type RunStamp } from './stamp';

export interface StudyInput {
  readonly run: RunRecord;
  /** The run's rows (`summarizeRun`). */
  readonly rows: readonly MetricRow[];
  /** What made them (`stampRun`). */
  readonly stamp: RunStamp;
}

/** Where a run ran: its recorded WebGPU device, else the server it asked; null when unknown. */
export function deviceOf(run: RunRecord): string | null {
  if (run.device !== undefined) return run.device;
  if (run.spec.engine.kind !== 'openai') return null;
  try {
    return `server ${new URL(run.spec.engine.baseUrl).host}`;
  } catch {
    return `server ${run.spec.engine.baseUrl}`;
  }
}

/** Runs in order of creation, then id; a run id seen before is dropped. */
export function studyOrder<T extends { readonly run: RunRecord }>(inputs: readonly T[]): T[] {
  const sorted = [...inputs].sort(
    (a, b) =>
      a.run.createdAt.localeCompare(b.run.createdAt) || (a.run.id < b.run.id ? -1 : a.run.id > b.run.id ? 1 : 0),
  );
  const seen = new Set<string>();
  const out: T[] = [];
  for (const input of sorted) {
    if (seen.has(input.run.id)) continue;
    seen.add(input.run.id);
    out.push(input);
  }
  return out;
}

interface ItemSet {
  readonly version: string | null;
  readonly keys: readonly string[];
  readonly signature: string;
}

function itemSet(run: RunRecord, benchmark: BenchmarkId): ItemSet {
  const keys = [...(run.itemKeys[benchmark] ?? [])].sort();
  const version = run.benchmarkVersions[benchmark] ?? null;
  return { version, keys, signature: `${version ?? ''}\n${keys.join('\n')}` };
}

/** Why `mine` is not the study's item set, in words. */
function difference(mine: ItemSet, study: ItemSet, run: RunRecord, reference: RunRecord): string {
  if (mine.version !== study.version)
    return `benchmark version ${mine.version ?? 'unknown'}, the study's ${study.version ?? 'unknown'}: its items and numbers are not comparable`;
  const theirs = new Set(study.keys);
  const common = mine.keys.filter((k) => theirs.has(k)).length;
  const hints: string[] = [`${formatInteger(common)} in common`];
  if (run.spec.seed !== reference.spec.seed) hints.push(`seed ${run.spec.seed}, the study's ${reference.spec.seed}`);
  if (run.spec.sampleSize !== reference.spec.sampleSize)
    hints.push(`sample ${run.spec.sampleSize}, the study's ${reference.spec.sampleSize}`);
  return `its ${formatInteger(mine.keys.length)} items are not the study's ${formatInteger(study.keys.length)} (${hints.join('; ')})`;
}

/** Per benchmark: the study's item set and the run (earliest) that defines it. */
function referenceSets(runs: readonly RunRecord[]): Map<BenchmarkId, { set: ItemSet; run: RunRecord }> {
  const groups = new Map<BenchmarkId, Map<string, { set: ItemSet; runs: RunRecord[] }>>();
  for (const run of runs)
    for (const benchmark of run.spec.benchmarks) {
      const set = itemSet(run, benchmark);
      let byBenchmark = groups.get(benchmark);
      if (!byBenchmark) groups.set(benchmark, (byBenchmark = new Map()));
      const group = byBenchmark.get(set.signature);
      if (group) group.runs.push(run);
      else byBenchmark.set(set.signature, { set, runs: [run] });
    }
  const out = new Map<BenchmarkId, { set: ItemSet; run: RunRecord }>();
  for (const [benchmark, byBenchmark] of groups) {
    // Map order is first appearance, i.e. run order: on a tie the earliest run's items win.
    let best: { set: ItemSet; runs: RunRecord[] } | null = null;
    for (const group of byBenchmark.values()) if (best === null || group.runs.length > best.runs.length) best = group;
    if (best) out.set(benchmark, { set: best.set, run: best.runs[0] as RunRecord });
  }
  return out;
}

function provenance(run: RunRecord, stamp: RunStamp, benchmark: BenchmarkId, model: string): PointProvenance {
  const s = stamp.stamps.get(stampKey(benchmark, model));
  return {
    engine: s && s.engines.length > 0 ? s.engines.join(', ') : engineName(run.spec.engine.kind, ''),
    device: deviceOf(run),
    template: s && s.templates.length > 0 ? s.templates.join(', ') : null,
    app_version: s && s.apps.length > 0 ? s.apps.join(', ') : appName(run.appVersion, appCommitOf(run)),
  };
}

function unionOf(stamp: RunStamp, field: 'engines' | 'apps'): string[] {
  const out: string[] = [];
  for (const s of stamp.stamps.values()) for (const v of s[field]) if (!out.includes(v)) out.push(v);
  return out;
}

export function buildStudy(inputs: readonly StudyInput[]): Study {
  const ordered = studyOrder(inputs);
  const references = referenceSets(ordered.map((i) => i.run));
  const runs: StudyRun[] = [];
  const metrics: StudyRow[] = [];
  for (const { run, rows, stamp } of ordered) {
    const statuses = new Map<BenchmarkId, StudyBenchmarkStatus>();
    for (const benchmark of run.spec.benchmarks) {
      const mine = itemSet(run, benchmark);
      const ref = references.get(benchmark);
      const included = ref === undefined || ref.set.signature === mine.signature;
      statuses.set(benchmark, {
        benchmark,
        included,
        items: mine.keys.length,
        version: mine.version,
        reason: included || ref === undefined ? null : difference(mine, ref.set, run, ref.run),
      });
    }
    const engines = unionOf(stamp, 'engines');
    const apps = unionOf(stamp, 'apps');
    runs.push({
      id: run.id,
      name: run.name,
      created_at: run.createdAt,
      status: run.status,
      models: run.spec.models,
      engine: engines.length > 0 ? engines.join(', ') : engineName(run.spec.engine.kind, ''),
      device: deviceOf(run),
      app_version: apps.length > 0 ? apps.join(', ') : appName(run.appVersion, appCommitOf(run)),
      trials: stamp.trials,
      planned: run.plannedTrials,
      benchmarks: [...statuses.values()],
    });
    const facts = new Map(run.spec.models.map((m) => [m, modelFactsOf(run.spec, m)]));
    for (const row of rows) {
      if (statuses.get(row.benchmark)?.included !== true) continue;
      const f = facts.get(row.model) ?? modelFactsOf(run.spec, row.model);
      metrics.push({
        ...row,
        run: run.id,
        run_name: run.name,
        params: f.params,
        family: f.family,
        quantization: f.quantization,
        hf_id: f.hfId,
        label: f.label,
        ...provenance(run, stamp, row.benchmark, row.model),
      });
    }
  }
  return { metrics, runs };
}

/** A run's part of a study: its rows (`summarizeRun`, on the page in the summary worker) and its stamp. */
export function studyInput(run: RunRecord, trials: readonly TrialRecord[], rows: readonly MetricRow[]): StudyInput {
  return { run, rows, stamp: stampRun(run, trials) };
}
