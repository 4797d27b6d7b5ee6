/**
 * The sample planner (docs/method.md §6): before a run starts, for the items a run would
 * evaluate, the effective n of each headline metric and the expected 95% half-width at that n,
 * with a warning past the thresholds, so a researcher sees whether the run can detect the paper's
 * effect. Pure; worst-case (or bounded) variance models, never an earlier run's answers.
 *
 * Formulas (z = 1.96; each documented in the benchmark's README):
 * - BBQ ambiguous bias s_AMB = (1 − acc_amb) · s_amb = (n_biased − n_counter) / n_amb, the mean of
 *   y ∈ {+1 biased, −1 counter-biased, 0 unknown} over the ambiguous items with a target. With
 *   a_j such items in template j (a = Σ a_j) and a between-template variance model, total item
 *   variance σ² ≤ 1 (|y| ≤ 1) of which τ² = 0.25 between templates (template means spread with
 *   SD 0.5) **[ours]**, the variance of the template-cluster mean is
 *     Var = τ² · Σ a_j² / a² + (σ² − τ²) / a,
 *   per category; the overall (stratified by category, weights a_c / a) has the same formula
 *   over all its templates. Half-width = z · √Var. Effective n: ambiguous items a and templates.
 * - Winogender ρ over m occupations, at ρ = 0 (the widest interval): Fisher z, half-width
 *   tanh(z / √(m − 3)); undefined below 4 occupations.
 * - Admissions discrimination, the mean over P profile pairs of p_yes(Black) − p_yes(white):
 *   half-width z · σ_d / √P with the conservative SD σ_d = 0.5 **[ours]**.
 * Warnings when a headline half-width, rounded to two decimals as shown, exceeds 0.10 (BBQ bias
 * overall, discrimination) or 0.25 (ρ). Per-category BBQ half-widths are shown, not warned on.
 * Each warning names the smallest sample of these items (same seed) that meets the threshold
 * (`smallest-sample.ts`), or says that no sample does.
 */
import { assertNever, type BenchmarkId } from '../core/ids';
import type { ItemSummary, TrialRecord } from '../core/records';
import type { Benchmark } from '../benchmarks/types';
import { INTERSECTIONAL_CATEGORIES } from '../benchmarks/bbq/biased';
import { admissionsProfileKey } from '../benchmarks/admissions/facts';
import { warningOf } from './plan-text';

export const Z95 = 1.96;
/** Between-template share of the BBQ item variance (template-mean SD 0.5) [ours]. */
export const BBQ_TAU2 = 0.25;
/** Conservative SD of a profile's p_yes(Black) − p_yes(white) [ours]. */
export const ADMISSIONS_SD = 0.5;
export const THRESHOLDS = { bias: 0.1, rho: 0.25 } as const;

/** The nine single-axis categories of the headline overall (docs/method.md §3.1). */
const INTERSECTIONAL = new Set<string>(INTERSECTIONAL_CATEGORIES);

/** A sampled BBQ item, as far as the planner needs it. */
export interface PlanBbqItem {
  readonly category: string;
  readonly source_category: string;
  readonly question_index: number;
  readonly context_condition: string;
  /** Null: no target option (left out of accuracy and bias). */
  readonly biased: number | null;
}

export type PlanSample =
  | { readonly benchmark: 'bbq'; readonly items: readonly PlanBbqItem[] }
  | { readonly benchmark: 'winogender'; readonly items: number; readonly occupations: number }
  | { readonly benchmark: 'admissions'; readonly items: number; readonly profiles: number };

export interface PlanLine {
  readonly benchmark: BenchmarkId;
  readonly metric: 'ambiguous_bias' | 'rho' | 'discrimination';
  /** Category; null for the headline (BBQ: the nine single-axis categories pooled). */
  readonly category: string | null;
  /** Effective n: ambiguous items with a target, occupations, or profile pairs. */
  readonly n: number;
  /** BBQ only: templates holding those items. */
  readonly templates?: number;
  /** Expected 95% half-width; null when it cannot be computed (too few units). */
  readonly halfWidth: number | null;
  /** Threshold the headline is held to; null for per-category lines. */
  readonly threshold: number | null;
  readonly warn: boolean;
}

/** The smallest sample (items per benchmark) whose headline meets its threshold; null: none does. */
export interface SmallestSample {
  readonly benchmark: BenchmarkId;
  readonly size: number | null;
  /** The headline's expected half-width at `size`, or with every item when no size meets it. */
  readonly halfWidth: number | null;
  /** Items available. */
  readonly items: number;
}

export interface SamplePlan {
  readonly lines: readonly PlanLine[];
  /** One sentence per warning, in words. */
  readonly warnings: readonly string[];
  /** For each benchmark with a warning planned over its items (`planBenchmarks`): the smallest sample that would do. */
  readonly smallest: readonly SmallestSample[];
}

const exceeds = (halfWidth: number | null, threshold: number): boolean =>
  halfWidth === null || Math.round(halfWidth * 100) / 100 > threshold;

/** z · √(τ² Σ a_j² / a² + (1 − τ²) / a) over the templates' ambiguous counts a_j; null without items. */
export function bbqHalfWidth(perTemplate: readonly number[]): number | null {
  const a = perTemplate.reduce((s, x) => s + x, 0);
  if (a === 0) return null;
  const squares = perTemplate.reduce((s, x) => s + x * x, 0);
  return Z95 * Math.sqrt((BBQ_TAU2 * squares) / (a * a) + (1 - BBQ_TAU2) / a);
}

/** Fisher z at ρ = 0: tanh(z / √(m − 3)); null below 4 occupations. */
export function rhoHalfWidth(occupations: number): number | null {
  return occupations < 4 ? null : Math.tanh(Z95 / Math.sqrt(occupations - 3));
}

/** z · σ_d / √P; null without pairs. */
export function discriminationHalfWidth(profiles: number): number | null {
  return profiles < 1 ? null : (Z95 * ADMISSIONS_SD) / Math.sqrt(profiles);
}

function planBbq(items: readonly PlanBbqItem[]): PlanLine[] {
  // Ambiguous items with a target, per display category and template.
  const byCategory = new Map<string, Map<number, number>>();
  const headline = new Map<string, number>();
  for (const it of items) {
    if (it.context_condition !== 'ambig' || it.biased === null) continue;
    const templates = byCategory.get(it.category) ?? new Map<number, number>();
    templates.set(it.question_index, (templates.get(it.question_index) ?? 0) + 1);
    byCategory.set(it.category, templates);
    if (!INTERSECTIONAL.has(it.source_category))
      headline.set(
        `${it.category}|${it.question_index}`,
        (headline.get(`${it.category}|${it.question_index}`) ?? 0) + 1,
      );
  }
  const line = (category: string | null, counts: readonly number[]): PlanLine => {
    const halfWidth = bbqHalfWidth(counts);
    const threshold = category === null ? THRESHOLDS.bias : null;
    const n = counts.reduce((s, x) => s + x, 0);
    return {
      benchmark: 'bbq',
      metric: 'ambiguous_bias',
      category,
      n,
      templates: counts.length,
      halfWidth,
      threshold,
      warn: threshold !== null && exceeds(halfWidth, threshold),
    };
  };
  return [
    line(null, [...headline.values()]),
    ...[...byCategory].map(([category, templates]) => line(category, [...templates.values()])),
  ];
}

/** Lines and warnings of the given samples; `smallestFor` (a `BenchmarkPlanner`'s) completes the warnings. */
export function planSample(
  samples: readonly PlanSample[],
  smallestFor: (benchmark: BenchmarkId) => SmallestSample | undefined = () => undefined,
): SamplePlan {
  const lines: PlanLine[] = [];
  for (const s of samples) {
    switch (s.benchmark) {
      case 'bbq':
        lines.push(...planBbq(s.items));
        break;
      case 'winogender': {
        const halfWidth = rhoHalfWidth(s.occupations);
        lines.push({
          benchmark: 'winogender',
          metric: 'rho',
          category: null,
          n: s.occupations,
          halfWidth,
          threshold: THRESHOLDS.rho,
          warn: exceeds(halfWidth, THRESHOLDS.rho),
        });
        break;
      }
      case 'admissions': {
        const halfWidth = discriminationHalfWidth(s.profiles);
        lines.push({
          benchmark: 'admissions',
          metric: 'discrimination',
          category: null,
          n: s.profiles,
          halfWidth,
          threshold: THRESHOLDS.bias,
          warn: exceeds(halfWidth, THRESHOLDS.bias),
        });
        break;
      }
      default:
        assertNever(s);
    }
  }
  const warned = lines.filter((l) => l.warn);
  const smallest = [...new Set(warned.map((l) => l.benchmark))].flatMap((id) => smallestFor(id) ?? []);
  const warnings = warned.map((l) =>
    warningOf(
      l,
      smallest.find((x) => x.benchmark === l.benchmark),
    ),
  );
  return { lines, warnings, smallest };
}

/** What the planner needs of some items' stored facts (`describeItem`, or a trial's `item`). */
export function planFacts(benchmark: BenchmarkId, facts: readonly ItemSummary[]): PlanSample {
  switch (benchmark) {
    case 'bbq':
      return {
        benchmark: 'bbq',
        items: facts.map((f) => {
          const { category, source_category, question_index, context_condition, biased } = f;
          if (
            typeof category !== 'string' ||
            typeof source_category !== 'string' ||
            typeof question_index !== 'number' ||
            typeof context_condition !== 'string' ||
            !(biased === null || typeof biased === 'number')
          ) {
            throw new Error(`planner: BBQ item summary lacks what the planner reads: ${JSON.stringify(f)}`);
          }
          return { category, source_category, question_index, context_condition, biased };
        }),
      };
    case 'winogender':
      return {
        benchmark: 'winogender',
        items: facts.length,
        occupations: new Set(facts.map((f) => String(f.occupation))).size,
      };
    case 'admissions':
      return {
        benchmark: 'admissions',
        items: facts.length,
        profiles: new Set(
          facts.map((f) => admissionsProfileKey({ population: String(f.population), profile: String(f.profile) })),
        ).size,
      };
    default:
      return assertNever(benchmark);
  }
}

/** What the planner needs of the items a run of `benchmark` would evaluate (`sampleBenchmark`). */
export function planSampleOf(benchmark: Benchmark<unknown>, chosen: readonly unknown[]): PlanSample {
  return planFacts(
    benchmark.id,
    chosen.map((item) => benchmark.describeItem(item)),
  );
}

/**
 * The plan of a stored run's items, from its trials' facts (each item once, whatever its
 * conditions and models): what the slides of a run below the thresholds say (docs/method.md §6).
 */
export function planTrials(trials: readonly Pick<TrialRecord, 'benchmark' | 'itemKey' | 'item'>[]): SamplePlan {
  const byBenchmark = new Map<BenchmarkId, Map<string, ItemSummary>>();
  for (const t of trials) {
    const items = byBenchmark.get(t.benchmark) ?? new Map<string, ItemSummary>();
    if (!items.has(t.itemKey)) items.set(t.itemKey, t.item);
    byBenchmark.set(t.benchmark, items);
  }
  return planSample([...byBenchmark].map(([id, items]) => planFacts(id, [...items.values()])));
}
