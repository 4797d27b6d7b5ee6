/**
 * The share of upper-bounded trials per model × condition (docs/method.md §4): with an engine
 * that only returns top-k log-probabilities (OpenAI-compatible servers), a candidate outside the
 * top k gets an upper bound, and the trial says so (`scoring.upperBound`). The same metric for
 * every benchmark, shown in each benchmark's table (listed in its `metrics`) whenever a
 * benchmark's trials were scored from top-k lists.
 */
import type { BenchmarkId } from '../core/ids';
import type { MetricInfo, MetricRow, TrialRecord } from '../core/records';

export const UPPER_BOUNDED_SHARE = 'upper_bounded_share';

export const UPPER_BOUNDED_SHARE_INFO: MetricInfo = {
  metric: UPPER_BOUNDED_SHARE,
  label: 'Upper-bounded share',
  help: "Share of answered trials where a candidate was outside the server's top-k log-probabilities and got only an upper bound (top-k scoring); its probabilities are then approximate. n = answered trials.",
  signed: false,
};

type Scored = Pick<TrialRecord, 'model' | 'condition' | 'scoring'>;

export const isUpperBounded = (t: Pick<TrialRecord, 'scoring'>): boolean => (t.scoring?.upperBound?.length ?? 0) > 0;

/**
 * One row per model × condition (category null, no interval: a share of the run's own trials),
 * from the answered trials of one benchmark; none when no trial was scored from a top-k list.
 */
export function summarizeUpperBounded(benchmark: BenchmarkId, trials: readonly Scored[]): MetricRow[] {
  if (!trials.some((t) => t.scoring?.method === 'top_k')) return [];
  const groups = new Map<string, { model: string; condition: Scored['condition']; n: number; bounded: number }>();
  for (const t of trials) {
    const key = `${t.model}\u0000${t.condition}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { model: t.model, condition: t.condition, n: 0, bounded: 0 }));
    g.n += 1;
    if (isUpperBounded(t)) g.bounded += 1;
  }
  return [...groups.values()].map((g) => ({
    benchmark,
    model: g.model,
    condition: g.condition,
    category: null,
    metric: UPPER_BOUNDED_SHARE,
    value: g.bounded / g.n,
    ci_low: null,
    ci_high: null,
    n: g.n,
    interval_unit: null,
  }));
}
