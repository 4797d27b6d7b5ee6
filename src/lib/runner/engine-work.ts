/**
 * Model work per trial, from stored trials (issue 7), per model × benchmark × condition: the
 * prompt tokens the engine prefilled and the reasoning tokens it generated per trial, as the
 * engine reported them (`TrialRecord.tokens`), and the median time a trial took. Descriptive
 * figures about the engine, not estimates of a population quantity, so they carry no interval;
 * each says over how many trials it was taken. Failed trials are left out.
 */
import type { BenchmarkId, ConditionId } from '../core/ids';
import type { RunRecord, TrialRecord } from '../storage/types';

export interface EngineWorkRow {
  readonly model: string;
  readonly benchmark: BenchmarkId;
  readonly condition: ConditionId;
  /** Stored trials that succeeded. */
  readonly trials: number;
  /** Of those, trials whose engine reported prompt tokens. */
  readonly reported: number;
  /** Mean prompt tokens per trial over the `reported` trials; null when none reported. */
  readonly promptPerTrial: number | null;
  /** Mean generated reasoning tokens per trial, over trials that reported them; null when none did. */
  readonly completionPerTrial: number | null;
  /** Median wall-clock seconds per trial (with concurrent requests, each trial's own latency). */
  readonly medianSeconds: number | null;
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length);

/** One row per model × benchmark × condition with stored successful trials, in the run's orders. */
export function summarizeEngineWork(run: RunRecord, trials: readonly TrialRecord[]): EngineWorkRow[] {
  const groups = new Map<string, TrialRecord[]>();
  for (const t of trials) {
    if (t.runId !== run.id || t.status !== 'ok') continue;
    const key = `${t.model}\u0000${t.benchmark}\u0000${t.condition}`;
    const list = groups.get(key);
    if (list) list.push(t);
    else groups.set(key, [t]);
  }
  const rank = (list: readonly string[], value: string) => (list.includes(value) ? list.indexOf(value) : list.length);
  return [...groups.values()]
    .map((group): EngineWorkRow => {
      const first = group[0] as TrialRecord;
      const prompts = group.flatMap((t) => (t.tokens ? [t.tokens.prompt] : []));
      const completions = group.flatMap((t) => (t.tokens?.completion === undefined ? [] : [t.tokens.completion]));
      const seconds = group.map((t) => t.durationMs / 1000).sort((a, b) => a - b);
      return {
        model: first.model,
        benchmark: first.benchmark,
        condition: first.condition,
        trials: group.length,
        reported: prompts.length,
        promptPerTrial: mean(prompts),
        completionPerTrial: mean(completions),
        medianSeconds: median(seconds),
      };
    })
    .sort(
      (a, b) =>
        rank(run.spec.models, a.model) - rank(run.spec.models, b.model) ||
        rank(run.spec.benchmarks, a.benchmark) - rank(run.spec.benchmarks, b.benchmark) ||
        rank(run.spec.conditions, a.condition) - rank(run.spec.conditions, b.condition),
    );
}
