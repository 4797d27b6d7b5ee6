/**
 * What made each model's results in a run, read from its stored trials in one pass: the engines,
 * app versions (with commits) and prompt-template sources of its trials, per benchmark × model (a
 * resumed run may span app versions; a run's models may be rendered by different templates). A
 * study shows these with every point (issue 14). Pure.
 */
import { shortCommit } from '../core/build-info';
import type { BenchmarkId } from '../core/ids';
import { appCommitOf, templateSourceOf, type RunRecord, type TrialRecord } from '../core/records';
import type { RunSummaryHead } from '../core/run-summary';

export interface ModelStamp {
  /** "openai · vLLM 0.6.3": kind and version of each engine its trials ran on, in order of first appearance. */
  readonly engines: readonly string[];
  /** "0.2.0 · 1a2b3c4" of each app that ran its trials. */
  readonly apps: readonly string[];
  /** Template sources its trials recorded ("hf", "mlc", …); empty when they recorded none. */
  readonly templates: readonly string[];
}

export interface RunStamp {
  readonly runId: string;
  /** Stored trials, ok and failed. */
  readonly trials: number;
  /** By `${benchmark}|${model}`. */
  readonly stamps: ReadonlyMap<string, ModelStamp>;
}

export const stampKey = (benchmark: BenchmarkId, model: string): string => `${benchmark}|${model}`;

export function engineName(kind: string, version: string): string {
  return version === '' ? kind : `${kind} · ${version}`;
}

export function appName(version: string, commit: string | null): string {
  return `${version} · ${commit === null ? 'commit unknown' : shortCommit(commit)}`;
}

/** The template source a trial recorded (`template.source`, docs/method.md §2), or null when it recorded none. */
export const templateOf = (trial: TrialRecord): string | null => templateSourceOf(trial);

const add = (list: string[], value: string): void => {
  if (!list.includes(value)) list.push(value);
};

/** What a stamp is made of: a trial's, or a run summary's (core/run-summary.ts `TrialStamp`). */
type StampFields = Pick<TrialRecord, 'benchmark' | 'model' | 'engine' | 'appVersion' | 'appCommit'> & {
  readonly templateSource: string | null;
};

function collect(runId: string, trials: number, fields: Iterable<StampFields>): RunStamp {
  const stamps = new Map<string, { engines: string[]; apps: string[]; templates: string[] }>();
  for (const t of fields) {
    const key = stampKey(t.benchmark, t.model);
    let s = stamps.get(key);
    if (s === undefined) stamps.set(key, (s = { engines: [], apps: [], templates: [] }));
    add(s.engines, engineName(t.engine.kind, t.engine.version));
    add(s.apps, appName(t.appVersion, appCommitOf(t)));
    if (t.templateSource !== null) add(s.templates, t.templateSource);
  }
  return { runId, trials, stamps };
}

/** One pass over the run's trials; consecutive trials sharing every stamp field are skipped. */
export function stampRun(run: RunRecord, trials: readonly TrialRecord[]): RunStamp {
  const fields: StampFields[] = [];
  let last: TrialRecord | null = null;
  let count = 0;
  for (const t of trials) {
    if (t.runId !== run.id) continue;
    count++;
    if (
      last !== null &&
      last.benchmark === t.benchmark &&
      last.model === t.model &&
      last.engine.kind === t.engine.kind &&
      last.engine.version === t.engine.version &&
      last.appVersion === t.appVersion &&
      last.appCommit === t.appCommit &&
      templateOf(last) === templateOf(t)
    )
      continue;
    last = t;
    fields.push({ ...t, templateSource: templateOf(t) });
  }
  return collect(run.id, count, fields);
}

/**
 * The same from a run summary's head (its distinct stamps in key order, as `stampRun` meets them
 * reading the trials in key order): no trial read.
 */
export function stampFromSummary(run: RunRecord, head: RunSummaryHead): RunStamp {
  return collect(run.id, head.trials, head.stamps);
}
