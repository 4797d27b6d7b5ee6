/**
 * What each prompting condition means, in one table (docs/method.md §2): its label in tables and
 * legends, the phrase a takeaway sentence uses, its colour, symbol and dash on charts, whether
 * the model reasons first, the condition it is compared against (its paired baseline), and the
 * benchmarks it applies to. Every screen, chart, summary and the CLI read it from here, so a
 * condition is described once. The ids themselves are persisted and live in ids.ts.
 * Invariant: a condition keeps its colour whichever subset of conditions a chart shows.
 */
import { CONDITION_IDS, type BenchmarkId, type ConditionId } from './ids';

export interface Condition {
  readonly id: ConditionId;
  /** Short name in tables, legends and forms. */
  readonly label: string;
  /** What the condition does, as the subject of a sentence ("asking it to avoid bias"). */
  readonly phrase: string;
  /** Two or three words for a line's end label on charts ("Avoid bias"). */
  readonly short: string;
  /**
   * Chart colour, from the Okabe–Ito palette: `currentColor` (its black, which follows the theme's
   * text colour) for the baseline, and colours at least 3:1 against both themes' backgrounds that
   * stay apart under protanopia and deuteranopia (test/lib/core/palette.test.ts).
   */
  readonly color: string;
  /** Chart symbol (an Observable Plot symbol name): every mark of the condition has this shape. */
  readonly shape: string;
  /** Stroke dash of the condition's lines; null for a solid line. */
  readonly dash: string | null;
  /** Whether the model writes its reasoning before it is asked for the answer. */
  readonly reasons: boolean;
  /** The condition this one is paired with for effects; null for the baseline itself. */
  readonly baseline: ConditionId | null;
  /** Benchmarks the condition is defined for. */
  readonly benchmarks: readonly BenchmarkId[];
}

export const CONDITIONS: Readonly<Record<ConditionId, Condition>> = {
  q: {
    id: 'q',
    label: 'Question',
    short: 'Question',
    phrase: 'the plain question',
    color: 'currentColor',
    shape: 'circle',
    dash: null,
    reasons: false,
    baseline: null,
    benchmarks: ['bbq', 'winogender', 'admissions'],
  },
  q_if: {
    id: 'q_if',
    label: '+ instruction to avoid bias',
    short: 'Avoid bias',
    phrase: 'asking it to avoid bias',
    color: '#d55e00',
    shape: 'square',
    dash: '6,3',
    reasons: false,
    baseline: 'q',
    benchmarks: ['bbq', 'winogender', 'admissions'],
  },
  q_if_cot: {
    id: 'q_if_cot',
    label: '+ instruction + reasoning first',
    short: 'Reason first',
    phrase: 'asking it to avoid bias and reason first',
    color: '#0072b2',
    shape: 'triangle',
    dash: '2,2',
    reasons: true,
    baseline: 'q',
    benchmarks: ['bbq', 'winogender', 'admissions'],
  },
  q_match_stats: {
    id: 'q_match_stats',
    label: '+ match labour statistics',
    short: 'Match statistics',
    phrase: 'asking it to match labour statistics',
    color: '#009e73',
    shape: 'diamond',
    dash: '8,3,2,3',
    reasons: false,
    baseline: 'q',
    benchmarks: ['winogender'],
  },
};

/** The condition every other one is compared against: the plain question. */
export const BASELINE_CONDITION: ConditionId = CONDITION_IDS.find((c) => CONDITIONS[c].baseline === null) ?? 'q';

/** Labels by id, for code that maps an id to its name. */
export const CONDITION_LABELS: Readonly<Record<ConditionId, string>> = labelsOf();

/** Colours by id. */
export const CONDITION_COLORS: Readonly<Record<ConditionId, string>> = colorsOf();

function labelsOf(): Record<ConditionId, string> {
  return Object.fromEntries(CONDITION_IDS.map((c) => [c, CONDITIONS[c].label])) as Record<ConditionId, string>;
}

function colorsOf(): Record<ConditionId, string> {
  return Object.fromEntries(CONDITION_IDS.map((c) => [c, CONDITIONS[c].color])) as Record<ConditionId, string>;
}

/** The conditions a benchmark offers, in the canonical order. */
export function conditionsFor(benchmark: BenchmarkId): ConditionId[] {
  return CONDITION_IDS.filter((c) => CONDITIONS[c].benchmarks.includes(benchmark));
}

/** The conditions in which the model reasons first, in the canonical order. */
export const REASONING_CONDITIONS: readonly ConditionId[] = CONDITION_IDS.filter((c) => CONDITIONS[c].reasons);

/** The given conditions in canonical order, without duplicates. */
export function orderConditions(conditions: Iterable<ConditionId>): ConditionId[] {
  const present = new Set(conditions);
  return CONDITION_IDS.filter((c) => present.has(c));
}
