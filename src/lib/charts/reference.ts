/**
 * The paper's reference values (Ganguli, Askell et al. 2023), a typed copy of
 * data/reference/ganguli2023.json so the app never fetches them (docs/method.md §7).
 * Invariants: equal to that JSON (test/lib/charts/reference.test.ts checks it); shown only
 * as a labelled overlay on the paper's own size axis, never mixed with measured results.
 */
import type { BenchmarkId, ConditionId } from '../core/ids';

/** "text": stated in the paper's prose; "figure": an approximate reading of a figure (±0.02–0.05). */
export type ReferenceKind = 'text' | 'figure';

export interface ReferencePoint {
  readonly benchmark: BenchmarkId;
  readonly metric: string;
  readonly condition: ConditionId;
  readonly params: number;
  readonly value: number;
  readonly kind: ReferenceKind;
  readonly text?: string;
  /** Spread between the paper's prose and its figure for this point, [low, high]. */
  readonly range?: readonly [number, number];
}

/**
 * The paper's prose about small models as a labelled range of a metric (not a measurement):
 * for models up to `params_max` parameters, the listed conditions lie between `low` and `high`.
 */
export interface ReferenceBand {
  readonly benchmark: BenchmarkId;
  readonly metric: string;
  readonly conditions: readonly ConditionId[];
  readonly params_max: number;
  readonly low: number;
  readonly high: number;
  readonly kind: ReferenceKind;
  readonly text: string;
}

export interface ReferenceTrend {
  readonly benchmark: BenchmarkId;
  readonly text: string;
}

export interface ReferenceValues {
  readonly source: string;
  readonly notes: readonly string[];
  readonly model_sizes_params: readonly number[];
  readonly points: readonly ReferencePoint[];
  readonly trends: readonly ReferenceTrend[];
  readonly bands: readonly ReferenceBand[];
}

/** How the overlay is named wherever it appears (legend, facet, caption). */
export const PAPER_LABEL = 'Ganguli et al. 2023 (paper)';

export const GANGULI_2023: ReferenceValues = {
  source:
    'Ganguli, Askell et al. 2023, The Capacity for Moral Self-Correction in Large Language Models, arXiv 2302.07459',
  notes: [
    "The paper has no numeric tables. 'text' values are stated in its prose; 'figure' values are approximate readings of its figures (about +/-0.02 to 0.05).",
    'Models: Anthropic RLHF dialogue models of 810M, 1.6B, 3.5B, 6.4B, 13B, 22B, 52B and 175B parameters.',
    'BBQ and admissions figures use the 800-RLHF-step checkpoints; Winogender uses 50 steps.',
    'BBQ bias scores are on the -1..1 scale (0.20 = 20%). Admissions values are differences of probabilities.',
    "'bands' summarise the paper's prose for the small-model region (where browser models live) as labelled ranges, not measurements; 'range' on a point gives the spread between its text and figure readings.",
  ],
  model_sizes_params: [810e6, 1.6e9, 3.5e9, 6.4e9, 13e9, 22e9, 52e9, 175e9],
  points: [
    {
      benchmark: 'bbq',
      metric: 'ambiguous_bias',
      condition: 'q',
      params: 175e9,
      value: 0.185,
      kind: 'figure',
      text: 'rises abruptly above 22B to a maximum of about 0.20',
    },
    {
      benchmark: 'bbq',
      metric: 'ambiguous_bias',
      condition: 'q_if',
      params: 175e9,
      value: 0.106,
      kind: 'figure',
      text: '43% lower than q',
    },
    {
      benchmark: 'bbq',
      metric: 'ambiguous_bias',
      condition: 'q_if_cot',
      params: 175e9,
      value: 0.03,
      kind: 'figure',
      text: '84% lower than q',
    },
    {
      benchmark: 'winogender',
      metric: 'pearson_rho',
      condition: 'q',
      params: 175e9,
      value: 0.4,
      kind: 'figure',
      text: 'the prose says about 0.6 at all sizes, a caption says near 0.5; figure reading 0.40: show the range 0.40-0.60',
      range: [0.4, 0.6],
    },
    {
      benchmark: 'winogender',
      metric: 'pearson_rho',
      condition: 'q_if',
      params: 175e9,
      value: 0.16,
      kind: 'figure',
      text: 'below q only from 22B',
    },
    {
      benchmark: 'winogender',
      metric: 'pearson_rho',
      condition: 'q_if_cot',
      params: 175e9,
      value: -0.01,
      kind: 'figure',
      text: 'approaches 0',
    },
    {
      benchmark: 'winogender',
      metric: 'pearson_rho',
      condition: 'q_match_stats',
      params: 175e9,
      value: 0.92,
      kind: 'figure',
      text: 'approaches 1',
    },
    { benchmark: 'admissions', metric: 'discrimination', condition: 'q', params: 175e9, value: -0.03, kind: 'text' },
    {
      benchmark: 'admissions',
      metric: 'discrimination',
      condition: 'q_if',
      params: 175e9,
      value: 0.047,
      kind: 'figure',
    },
    {
      benchmark: 'admissions',
      metric: 'discrimination',
      condition: 'q_if_cot',
      params: 175e9,
      value: 0.07,
      kind: 'text',
    },
    { benchmark: 'admissions', metric: 'discrimination', condition: 'q', params: 52e9, value: -0.15, kind: 'text' },
    { benchmark: 'admissions', metric: 'discrimination', condition: 'q_if', params: 52e9, value: 0.05, kind: 'text' },
  ],
  trends: [
    {
      benchmark: 'bbq',
      text: 'q stays near 0 up to 22B, then rises; q_if and q_if_cot reduce it, more strongly the larger the model; q_if_cot beats q_if in every category',
    },
    {
      benchmark: 'winogender',
      text: 'q roughly flat with size; q_if lower only from 22B; q_if_cot falls towards 0 at 175B; q_match_stats rises towards 1 and is well calibrated',
    },
    {
      benchmark: 'admissions',
      text: 'below 52B q and q_if are near 0; q_if_cot averages about +0.02 across sizes and is noisy for 1.6B-22B',
    },
  ],
  bands: [
    {
      benchmark: 'bbq',
      metric: 'ambiguous_bias',
      conditions: ['q', 'q_if', 'q_if_cot'],
      params_max: 22e9,
      low: -0.05,
      high: 0.05,
      kind: 'text',
      text: 'up to 22B the bias score stays near 0 under every condition; instructions make no clear difference',
    },
    {
      benchmark: 'admissions',
      metric: 'discrimination',
      conditions: ['q', 'q_if'],
      params_max: 22e9,
      low: -0.05,
      high: 0.05,
      kind: 'text',
      text: 'below 52B, q and q_if discriminate little either way (near 0)',
    },
    {
      benchmark: 'winogender',
      metric: 'pearson_rho',
      conditions: ['q', 'q_if'],
      params_max: 13e9,
      low: 0.4,
      high: 0.65,
      kind: 'text',
      text: 'below 22B, q_if is no lower than q; both stay around 0.4-0.6',
    },
  ],
};

/** The paper's points for one benchmark's metric, in the JSON's order. */
export function referencePoints(benchmark: BenchmarkId, metric: string): ReferencePoint[] {
  return GANGULI_2023.points.filter((p) => p.benchmark === benchmark && p.metric === metric);
}

/** The paper's small-model bands for one benchmark's metric (docs/method.md §7). */
export function referenceBands(benchmark: BenchmarkId, metric: string): ReferenceBand[] {
  return GANGULI_2023.bands.filter((b) => b.benchmark === benchmark && b.metric === metric);
}

/** The RLHF checkpoint of each benchmark's figure in the paper (its notes; docs/method.md §7). */
export const RLHF_STEPS: Readonly<Record<BenchmarkId, number>> = { bbq: 800, admissions: 800, winogender: 50 };

/** What a benchmark's overlay must add so it is not misread (docs/method.md §7). */
export const REFERENCE_CAVEATS: Readonly<Partial<Record<BenchmarkId, string>>> = {
  admissions: 'Measured values here are a grid average, not the paper’s student population.',
};
