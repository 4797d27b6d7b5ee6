/**
 * Which BBQ items each metric row pools (docs/method.md §3.1 step 5 and "Headline"): rows without
 * a target are left out of every metric and counted per category (`no_target_items`); the
 * headline overall (category null) pools the single-axis categories, "All 11 files" every loaded
 * category; each overall names the categories it `includes`. The metrics themselves: metrics.ts.
 */
import type { BbqFacts } from './facts';
import { BBQ_CATEGORIES } from './item';
import { INTERSECTIONAL_CATEGORIES } from './biased';
import type { BbqMetricValue } from './metrics';

/** An item with its outcome type (metrics.ts `bbqAnswerType`, or a pair code for contrasts). */
export interface Typed {
  readonly facts: BbqFacts;
  readonly type: number;
}

/** Category of the second overall: every loaded file pooled, the intersectional ones included. */
export const ALL_FILES_CATEGORY = 'All 11 files';

/** Rows without a target option per category (docs/method.md §3.1 step 5): value = count, n = answered items. */
export const NO_TARGET_METRIC = 'no_target_items';

/** Display categories in a stable order: the upstream order, each "(names)" split after its base. */
export function orderCategories(categories: Iterable<string>): string[] {
  const rank = (name: string): number => {
    const base = name.replace(/ \(names\)$/, '');
    const i = (BBQ_CATEGORIES as readonly string[]).indexOf(base);
    return (i < 0 ? BBQ_CATEGORIES.length : i) * 2 + (name === base ? 0 : 1);
  };
  return [...new Set(categories)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** How people read a category name ("Race_x_SES" → "Race × SES"); the "(names)" split and unknown names kept. */
const CATEGORY_LABELS: Readonly<Record<string, string>> = {
  Disability_status: 'Disability status',
  Gender_identity: 'Gender identity',
  Physical_appearance: 'Physical appearance',
  Race_ethnicity: 'Race/ethnicity',
  Race_x_SES: 'Race × SES',
  Race_x_gender: 'Race × gender',
  SES: 'Socio-economic status',
  Sexual_orientation: 'Sexual orientation',
};

export function bbqCategoryLabel(category: string): string {
  const names = / \(names\)$/.exec(category)?.[0] ?? '';
  const base = category.slice(0, category.length - names.length);
  return `${CATEGORY_LABELS[base] ?? base.replace(/_/g, ' ')}${names}`;
}

const isSingleAxis = (t: Typed): boolean =>
  !(INTERSECTIONAL_CATEGORIES as readonly string[]).includes(t.facts.source_category);

/** An overall row: its category (null = headline) and the display categories it pools. */
export interface Pool {
  readonly category: string | null;
  readonly includes: readonly string[];
}

/**
 * The pools of docs/method.md §3.1: items without a target are left out of every metric (step
 * 5); per category and `ALL_FILES_CATEGORY` from all remaining items, the headline overall
 * (category null) from the single-axis categories only. `score` runs the metrics once on the
 * remaining items: its rows per category, then per pool in the order given (each with the pool's
 * category and `includes`), so one set of resamples serves every row (docs/method.md §6).
 */
export function scorePools(
  typed: readonly Typed[],
  score: (targeted: readonly Typed[], pools: readonly Pool[]) => BbqMetricValue[],
): BbqMetricValue[] {
  const targeted = typed.filter((t) => t.facts.biased !== null);
  const categories = orderCategories(targeted.map((t) => t.facts.category));
  const single = orderCategories(targeted.filter(isSingleAxis).map((t) => t.facts.category));
  const pools: Pool[] = [
    ...(single.length < categories.length ? [{ category: ALL_FILES_CATEGORY, includes: categories }] : []),
    { category: null, includes: single },
  ];
  return score(targeted, pools);
}

/** Per category, and for the two overalls: how many answered items have no target, of how many. */
export function noTargetRows(typed: readonly Typed[]): BbqMetricValue[] {
  const row = (category: string | null, subset: readonly Typed[], includes?: readonly string[]): BbqMetricValue => ({
    category,
    metric: NO_TARGET_METRIC,
    value: subset.filter((t) => t.facts.biased === null).length,
    ci_low: null,
    ci_high: null,
    n: subset.length,
    interval_unit: null,
    ...(includes ? { includes } : {}),
  });
  const categories = orderCategories(typed.map((t) => t.facts.category));
  const single = typed.filter(isSingleAxis);
  const rows = categories.map((c) =>
    row(
      c,
      typed.filter((t) => t.facts.category === c),
    ),
  );
  if (single.length < typed.length) rows.push(row(ALL_FILES_CATEGORY, typed, categories));
  rows.push(row(null, single, orderCategories(single.map((t) => t.facts.category))));
  return rows;
}
