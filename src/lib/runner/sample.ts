/**
 * Seeded stratified sampling (docs/method.md §6). Which items a run evaluates is a pure function of the
 * items, their strata and keys, the size and the seed: the same items for every model and
 * condition, and again on resume. Allocation is proportional with largest remainders; when the
 * size allows, every stratum gets at least one item. Within a stratum, items are drawn by a
 * shuffle seeded from (seed, stratum), so one stratum's draw does not depend on the others'.
 * The selection is returned in the items' input order (stable, readable).
 * With a `unit`, items that belong together (a profile asked with both races, an occupation's
 * three pronoun versions) are drawn together: the sample is of units, sized in items.
 */
import { createRandom, deriveSeed, hashString, shuffled } from '../core/random';

export interface SampleOptions<Item> {
  readonly stratum: (item: Item) => string;
  /** Stable unique key; the draw within a stratum is independent of the input order. */
  readonly key: (item: Item) => string;
  readonly size: number | 'all';
  readonly seed: number;
  /** Items with the same unit are sampled together; the unit's stratum is its first item's. */
  readonly unit?: (item: Item) => string;
}

/**
 * Items per stratum: proportional, largest remainder, ≥ 1 each when size ≥ number of strata.
 * Equal remainders go by `tieOrder` (default: stratum name), so a seeded order avoids always
 * favouring the alphabetically first strata.
 */
export function allocateStrata(
  counts: ReadonlyMap<string, number>,
  size: number,
  tieOrder: (name: string) => number = () => 0,
): Map<string, number> {
  const total = [...counts.values()].reduce((s, n) => s + n, 0);
  const names = [...counts.keys()].sort();
  const out = new Map<string, number>();
  if (size >= total) {
    for (const name of names) out.set(name, counts.get(name) ?? 0);
    return out;
  }
  const quota = new Map(names.map((name) => [name, (size * (counts.get(name) ?? 0)) / total]));
  for (const name of names) out.set(name, Math.floor(quota.get(name) ?? 0));
  let left = size - [...out.values()].reduce((s, n) => s + n, 0);
  const byRemainder = names
    .map((name) => ({ name, rest: (quota.get(name) ?? 0) - (out.get(name) ?? 0) }))
    .sort((a, b) => b.rest - a.rest || tieOrder(a.name) - tieOrder(b.name) || a.name.localeCompare(b.name));
  for (const { name, rest } of byRemainder) {
    if (left === 0 || rest <= 0) break;
    out.set(name, (out.get(name) ?? 0) + 1);
    left -= 1;
  }
  if (size >= names.length) ensureOneEach(out, quota, names);
  return out;
}

/** Gives each empty stratum one item, taken from the stratum most above its quota. */
function ensureOneEach(out: Map<string, number>, quota: ReadonlyMap<string, number>, names: readonly string[]): void {
  const empty = names
    .filter((name) => out.get(name) === 0)
    .sort((a, b) => (quota.get(b) ?? 0) - (quota.get(a) ?? 0) || a.localeCompare(b));
  for (const name of empty) {
    let donor: string | undefined;
    let surplus = -Infinity;
    for (const candidate of names) {
      const n = out.get(candidate) ?? 0;
      const s = n - (quota.get(candidate) ?? 0);
      if (n > 1 && s > surplus) {
        donor = candidate;
        surplus = s;
      }
    }
    if (donor === undefined) throw new Error(`allocateStrata: no stratum can give an item to "${name}"`);
    out.set(donor, (out.get(donor) ?? 0) - 1);
    out.set(name, 1);
  }
}

export function sampleStratified<Item>(items: readonly Item[], options: SampleOptions<Item>): Item[] {
  const { size, unit } = options;
  if (size === 'all') return items.slice();
  if (!Number.isInteger(size) || size < 0)
    throw new Error(`sampleStratified: size must be a non-negative integer or 'all', got ${size}`);
  if (size >= items.length) return items.slice();
  return unit ? sampleUnits(items, unit, size, options.seed, options.stratum) : sampleItems(items, size, options);
}

/** Groups items by unit, samples units (as many as `size` items make on average), flattens. */
function sampleUnits<Item>(
  items: readonly Item[],
  unit: (item: Item) => string,
  size: number,
  seed: number,
  stratum: (item: Item) => string,
): Item[] {
  const groups = [...groupBy(items, unit)].map(([key, members]) => ({ key, members }));
  const unitCount = Math.max(1, Math.round((size * groups.length) / items.length));
  const chosen = sampleItems(groups, unitCount, {
    stratum: (g) => stratum(g.members[0] as Item),
    key: (g) => g.key,
    seed,
  });
  const keep = new Set(chosen.flatMap((g) => g.members));
  return items.filter((item) => keep.has(item));
}

function sampleItems<Item>(
  items: readonly Item[],
  size: number,
  options: Pick<SampleOptions<Item>, 'stratum' | 'key' | 'seed'>,
): Item[] {
  const groups = groupBy(items, options.stratum);
  const allocation = allocateStrata(new Map([...groups].map(([name, group]) => [name, group.length])), size, (name) =>
    hashString(`${options.seed}|tie|${name}`),
  );
  const chosen = new Set<Item>();
  for (const [name, group] of groups) {
    const ordered = group.slice().sort((a, b) => compare(options.key(a), options.key(b)));
    const random = createRandom(deriveSeed(options.seed, `sample|${name}`));
    for (const item of shuffled(ordered, random).slice(0, allocation.get(name) ?? 0)) chosen.add(item);
  }
  return items.filter((item) => chosen.has(item));
}

/** Items by key, keys and items in first-seen order. */
function groupBy<Item>(items: readonly Item[], key: (item: Item) => string): Map<string, Item[]> {
  const groups = new Map<string, Item[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
