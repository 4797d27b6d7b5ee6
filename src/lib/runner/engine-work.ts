/**
 * Model work per trial, from stored trials (issue 7), per model × benchmark × condition: the
 * prompt tokens per trial and how many of them came from the engine's prefix cache (the rest
 * were prefilled), the reasoning tokens it generated, as the engine reported them
 * (`TrialRecord.tokens`), and the mean time a trial took. Descriptive figures about the engine,
 * not estimates of a population quantity, so they carry no interval; each says over how many
 * trials it was taken. Failed trials are left out.
 */
import { BENCHMARK_IDS, CONDITION_IDS, type BenchmarkId, type ConditionId } from '../core/ids';
import type { RunRecord, TrialRecord } from '../core/records';

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
  /** Mean prompt tokens per trial taken from the engine's prefix cache, over trials that reported it; null when none did. */
  readonly cachedPerTrial: number | null;
  /** Mean generated reasoning tokens per trial, over trials that reported them; null when none did. */
  readonly completionPerTrial: number | null;
  /** Mean wall-clock seconds per trial (with concurrent requests, each trial's own latency). */
  readonly secondsPerTrial: number;
}

/** Running totals of one model × benchmark × condition. */
interface Tally {
  readonly model: string;
  readonly benchmark: BenchmarkId;
  readonly condition: ConditionId;
  trials: number;
  reported: number;
  prompt: number;
  cachedReports: number;
  cached: number;
  completions: number;
  completion: number;
  durationMs: number;
}

/**
 * One row per model × benchmark × condition with stored successful trials, in the run's orders.
 * One pass, no allocation per trial: a Results page shows it for runs of 175k trials.
 */
export function summarizeEngineWork(run: RunRecord, trials: readonly TrialRecord[]): EngineWorkRow[] {
  // Per model, the tallies by benchmark × condition index: no key string built per trial.
  const byModel = new Map<string, (Tally | undefined)[]>();
  const tallies: Tally[] = [];
  for (const t of trials) {
    if (t.runId !== run.id || t.status !== 'ok') continue;
    let slots = byModel.get(t.model);
    if (slots === undefined) byModel.set(t.model, (slots = []));
    const slot = BENCHMARK_IDS.indexOf(t.benchmark) * CONDITION_IDS.length + CONDITION_IDS.indexOf(t.condition);
    let tally = slots[slot];
    if (tally === undefined) {
      tally = {
        model: t.model,
        benchmark: t.benchmark,
        condition: t.condition,
        trials: 0,
        reported: 0,
        prompt: 0,
        cachedReports: 0,
        cached: 0,
        completions: 0,
        completion: 0,
        durationMs: 0,
      };
      slots[slot] = tally;
      tallies.push(tally);
    }
    tally.trials++;
    tally.durationMs += t.durationMs;
    if (t.tokens !== undefined) {
      tally.reported++;
      tally.prompt += t.tokens.prompt;
      if (t.tokens.cached !== undefined) {
        tally.cachedReports++;
        tally.cached += t.tokens.cached;
      }
      if (t.tokens.completion !== undefined) {
        tally.completions++;
        tally.completion += t.tokens.completion;
      }
    }
  }
  const rank = (list: readonly string[], value: string) => (list.includes(value) ? list.indexOf(value) : list.length);
  return tallies
    .map((g): EngineWorkRow => ({
      model: g.model,
      benchmark: g.benchmark,
      condition: g.condition,
      trials: g.trials,
      reported: g.reported,
      promptPerTrial: g.reported === 0 ? null : g.prompt / g.reported,
      cachedPerTrial: g.cachedReports === 0 ? null : g.cached / g.cachedReports,
      completionPerTrial: g.completions === 0 ? null : g.completion / g.completions,
      secondsPerTrial: g.durationMs / 1000 / g.trials,
    }))
    .sort(
      (a, b) =>
        rank(run.spec.models, a.model) - rank(run.spec.models, b.model) ||
        rank(run.spec.benchmarks, a.benchmark) - rank(run.spec.benchmarks, b.benchmark) ||
        rank(run.spec.conditions, a.condition) - rank(run.spec.conditions, b.condition),
    );
}

/** The rows of one model and benchmark, by condition (absent where no trial succeeded). */
export interface EngineWorkLine {
  readonly benchmark: BenchmarkId;
  readonly cells: Readonly<Partial<Record<ConditionId, EngineWorkRow>>>;
}

/** Engine work as a model × condition table: per model its benchmarks' lines, and the conditions as columns. */
export interface EngineWorkPivot {
  readonly conditions: readonly ConditionId[];
  readonly models: readonly { readonly model: string; readonly lines: readonly EngineWorkLine[] }[];
}

/** `rows` (in summarizeEngineWork's order) pivoted so conditions are columns, in that order. */
export function pivotEngineWork(rows: readonly EngineWorkRow[]): EngineWorkPivot {
  const conditions: ConditionId[] = [];
  const models: {
    model: string;
    lines: { benchmark: BenchmarkId; cells: Partial<Record<ConditionId, EngineWorkRow>> }[];
  }[] = [];
  for (const r of rows) {
    if (!conditions.includes(r.condition)) conditions.push(r.condition);
    let group = models.find((m) => m.model === r.model);
    if (!group) models.push((group = { model: r.model, lines: [] }));
    let line = group.lines.find((l) => l.benchmark === r.benchmark);
    if (!line) group.lines.push((line = { benchmark: r.benchmark, cells: {} }));
    line.cells[r.condition] = r;
  }
  return { conditions: CONDITION_IDS.filter((c) => conditions.includes(c)), models };
}
