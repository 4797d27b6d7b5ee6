/**
 * The item explorer's query, pure: which stored trials match, how a BBQ answer is classified
 * (biased / counter-biased / unknown, from the stored facts `biased`, `unknown`, `label`), the
 * query a chart point stands for, and the query's round trip through the URL hash
 * (#/explore?run=…&model=…), so explorer links are shareable and the back button works.
 * Generic over benchmarks: groupings are read from whichever ItemSummary fields a trial has.
 */
import { isConditionId, BENCHMARK_IDS, type BenchmarkId, type ConditionId } from '../core/ids';
import type { ChartPoint } from '../charts/spec';
import type { TrialRecord } from '../core/records';

export const OUTCOMES = ['biased', 'counter_biased', 'unknown', 'correct', 'incorrect', 'failed', 'low_mass'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type BbqAnswerKind = 'biased' | 'counter_biased' | 'unknown';
export type Context = 'ambig' | 'disambig';
export type Polarity = 'neg' | 'nonneg';

/** Candidate mass below which a trial counts as "low mass" unless the query says otherwise. */
export const DEFAULT_MASS_THRESHOLD = 0.5;
/** ItemSummary fields that are an item's natural grouping (BBQ category, occupation, race, sex). */
export const GROUP_FIELDS = ['category', 'occupation', 'race', 'sex'] as const;
/** Answer letters in option order: `a` ↔ option 0 (BBQ ans0), `b` ↔ 1, `c` ↔ 2. */
export const OPTION_LETTERS = ['a', 'b', 'c'] as const;

/** Every filter is null when unset; `run` null means the library's selected run. */
export interface ExplorerQuery {
  readonly run: string | null;
  readonly model: string | null;
  readonly benchmark: BenchmarkId | null;
  readonly condition: ConditionId | null;
  readonly category: string | null;
  readonly context: Context | null;
  readonly polarity: Polarity | null;
  readonly occupation: string | null;
  readonly outcome: Outcome | null;
  /** Threshold of the `low_mass` outcome, in (0, 1]. */
  readonly massBelow: number;
  /** 1-based page of the matching trials. */
  readonly page: number;
}

export const EMPTY_QUERY: ExplorerQuery = {
  run: null,
  model: null,
  benchmark: null,
  condition: null,
  category: null,
  context: null,
  polarity: null,
  occupation: null,
  outcome: null,
  massBelow: DEFAULT_MASS_THRESHOLD,
  page: 1,
};

/** Option index of an answer letter, or null (other candidates, failed trials). */
export function optionIndex(answer: string | null): number | null {
  const i = (OPTION_LETTERS as readonly (string | null)[]).indexOf(answer);
  return i < 0 ? null : i;
}

/** Letter of a stored option index (`label`, `biased`, `unknown`), or null when absent. */
export function optionLetter(value: unknown): string | null {
  return typeof value === 'number' ? (OPTION_LETTERS[value] ?? null) : null;
}

/** BBQ: the answer is the biased option, the other non-unknown option, or the unknown option; null if not applicable. */
export function classifyBbqAnswer(trial: Pick<TrialRecord, 'status' | 'answer' | 'item'>): BbqAnswerKind | null {
  if (trial.status !== 'ok') return null;
  const chosen = optionIndex(trial.answer);
  const { biased, unknown } = trial.item;
  if (chosen === null || typeof unknown !== 'number') return null;
  if (chosen === unknown) return 'unknown';
  if (typeof biased !== 'number') return null;
  return chosen === biased ? 'biased' : 'counter_biased';
}

export function isLowMass(trial: Pick<TrialRecord, 'status' | 'mass'>, threshold: number): boolean {
  return trial.status === 'ok' && trial.mass !== null && trial.mass < threshold;
}

export function matchesOutcome(trial: TrialRecord, outcome: Outcome, massBelow: number): boolean {
  switch (outcome) {
    case 'failed':
      return trial.status === 'failed';
    case 'low_mass':
      return isLowMass(trial, massBelow);
    case 'correct':
    case 'incorrect': {
      const chosen = optionIndex(trial.answer);
      if (trial.status !== 'ok' || chosen === null || typeof trial.item.label !== 'number') return false;
      return (chosen === trial.item.label) === (outcome === 'correct');
    }
    default:
      return classifyBbqAnswer(trial) === outcome;
  }
}

/** True when any grouping field of the item equals `value`. */
export function inGroup(trial: Pick<TrialRecord, 'item'>, value: string): boolean {
  return GROUP_FIELDS.some((f) => trial.item[f] === value);
}

/** `runId`: the run the query resolves to (its own `run`, or the library's selected run). */
export function matchesQuery(trial: TrialRecord, q: ExplorerQuery, runId: string | null): boolean {
  return (
    trial.runId === runId &&
    (q.model === null || trial.model === q.model) &&
    (q.benchmark === null || trial.benchmark === q.benchmark) &&
    (q.condition === null || trial.condition === q.condition) &&
    (q.category === null || inGroup(trial, q.category)) &&
    (q.context === null || trial.item.context_condition === q.context) &&
    (q.polarity === null || trial.item.question_polarity === q.polarity) &&
    (q.occupation === null || trial.item.occupation === q.occupation) &&
    (q.outcome === null || matchesOutcome(trial, q.outcome, q.massBelow))
  );
}

/** One pass, no copies of the records: fast enough for a 170k-trial run on the main thread. */
export function filterTrials(trials: readonly TrialRecord[], q: ExplorerQuery, runId: string | null): TrialRecord[] {
  const out: TrialRecord[] = [];
  for (const t of trials) if (matchesQuery(t, q, runId)) out.push(t);
  return out;
}

/** Races the admissions per-race metrics are about, for points drawn without a category. */
const METRIC_GROUP: Readonly<Record<string, string>> = { p_yes_black: 'Black', p_yes_white: 'white' };

/** The trials behind a chart point: its run, benchmark, model, condition, group, and BBQ context. */
export function queryForPoint(point: ChartPoint, runId: string | null): ExplorerQuery {
  const context: Context | null = point.metric.startsWith('ambiguous_')
    ? 'ambig'
    : point.metric.startsWith('disambiguated_')
      ? 'disambig'
      : null;
  return {
    ...EMPTY_QUERY,
    run: runId,
    benchmark: point.benchmark,
    model: point.model,
    condition: point.condition,
    category: point.category ?? METRIC_GROUP[point.metric] ?? null,
    context,
  };
}

/** URL parameter order: the shareable link reads from the broadest filter to the narrowest. */
const KEYS = [
  'run',
  'model',
  'benchmark',
  'condition',
  'category',
  'context',
  'polarity',
  'occupation',
  'outcome',
] as const;

/** `value` if it is one of `allowed`, else null (menus and URL parameters). */
export function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** Query from the part of the hash after "?"; unknown or malformed values are dropped. */
export function parseQuery(search: string): ExplorerQuery {
  const p = new URLSearchParams(search);
  const text = (k: string): string | null => p.get(k) || null;
  const below = Number(p.get('below'));
  const page = Number(p.get('page'));
  const condition = p.get('condition');
  return {
    run: text('run'),
    model: text('model'),
    benchmark: oneOf(p.get('benchmark'), BENCHMARK_IDS),
    condition: isConditionId(condition) ? condition : null,
    category: text('category'),
    context: oneOf(p.get('context'), ['ambig', 'disambig'] as const),
    polarity: oneOf(p.get('polarity'), ['neg', 'nonneg'] as const),
    occupation: text('occupation'),
    outcome: oneOf(p.get('outcome'), OUTCOMES),
    massBelow: p.has('below') && below > 0 && below <= 1 ? below : DEFAULT_MASS_THRESHOLD,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The query as URL parameters; unset filters and defaults are left out. */
export function formatQuery(q: ExplorerQuery): string {
  const p = new URLSearchParams();
  for (const k of KEYS) {
    const value = q[k];
    if (value !== null) p.set(k, value);
  }
  if (q.massBelow !== DEFAULT_MASS_THRESHOLD) p.set('below', String(q.massBelow));
  if (q.page > 1) p.set('page', String(q.page));
  return p.toString();
}

/** "#/explore?…" for a query: the explorer's shareable address. */
export function exploreHash(q: ExplorerQuery): string {
  const search = formatQuery(q);
  return search === '' ? '#/explore' : `#/explore?${search}`;
}

/** The query in a location hash, or null when the hash is not an explorer address. */
export function queryFromHash(hash: string): ExplorerQuery | null {
  const m = /^#?\/?explore(?:[/]?\?(.*))?$/.exec(hash);
  return m ? parseQuery(m[1] ?? '') : null;
}
