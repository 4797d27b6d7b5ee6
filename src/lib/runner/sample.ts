/**
 * Seeded stratified sampling (docs/method.md §6). Which items a run evaluates is a pure function of the
 * items, their strata and keys, the size and the seed: the same items for every model and
 * condition, and again on resume. Allocation is proportional with largest remainders; when the
 * size allows, every stratum gets at least one item. Within a stratum, items are drawn by a
 * shuffle seeded from (seed, stratum), so one stratum's draw does not depend on the others'.
 * The selection is returned in the items' input order (stable, readable).
 * With a `spread`, the draw within a stratum alternates between the spread classes (BBQ: a
 * template's context × polarity), each class in its own seeded order, so k items of a stratum
 * cover min(k, classes) classes; without one the draw is the plain seeded shuffle.
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
  /** Within a stratum, items are drawn round-robin over these classes (docs/method.md §6). */
  readonly spread?: (item: Item) => string;
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
  return stratifiedSampler(items, options)(options.size);
}

/**
 * The draw of `sampleStratified` for any size, with the per-stratum shuffles done once: the
 * sample planner tries many sizes of one set of items (`smallestSample`). `take(size)` equals
 * `sampleStratified(items, { ...options, size })`.
 */
export function stratifiedSampler<Item>(
  items: readonly Item[],
  options: Omit<SampleOptions<Item>, 'size'>,
): (size: number | 'all') => Item[] {
  const { unit } = options;
  const draw = unit ? unitSampler(items, unit, options) : itemSampler(items, options);
  return (size) => {
    if (size === 'all') return items.slice();
    if (!Number.isInteger(size) || size < 0)
      throw new Error(`sampleStratified: size must be a non-negative integer or 'all', got ${size}`);
    if (size >= items.length) return items.slice();
    return draw(size);
  };
}

/** Groups items by unit, samples units (as many as `size` items make on average), flattens. */
function unitSampler<Item>(
  items: readonly Item[],
  unit: (item: Item) => string,
  options: Pick<SampleOptions<Item>, 'stratum' | 'seed'>,
): (size: number) => Item[] {
  const groups = [...groupBy(items, unit)].map(([key, members]) => ({ key, members }));
  const take = itemSampler(groups, {
    stratum: (g) => options.stratum(g.members[0] as Item),
    key: (g) => g.key,
    seed: options.seed,
  });
  return (size) => {
    const unitCount = Math.max(1, Math.round((size * groups.length) / items.length));
    const keep = new Set(take(unitCount).flatMap((g) => g.members));
    return items.filter((item) => keep.has(item));
  };
}

function itemSampler<Item>(
  items: readonly Item[],
  options: Pick<SampleOptions<Item>, 'stratum' | 'key' | 'seed' | 'spread'>,
): (size: number) => Item[] {
  const groups = groupBy(items, options.stratum);
  const counts = new Map([...groups].map(([name, group]) => [name, group.length]));
  // Each stratum's draw order: a shuffle seeded by (seed, stratum), round-robin over the spread classes.
  const orders = new Map(
    [...groups].map(([name, group]) => {
      const ordered = group
        .map((item) => ({ item, key: options.key(item) }))
        .sort((x, y) => compare(x.key, y.key))
        .map((x) => x.item);
      const order = shuffled(ordered, createRandom(deriveSeed(options.seed, `sample|${name}`)));
      return [name, options.spread ? roundRobin(order, options.spread) : order];
    }),
  );
  const tie = new Map([...groups.keys()].map((name) => [name, hashString(`${options.seed}|tie|${name}`)]));
  return (size) => {
    const allocation = allocateStrata(counts, size, (name) => tie.get(name) ?? 0);
    const chosen = new Set<Item>();
    for (const [name, order] of orders) for (const item of order.slice(0, allocation.get(name) ?? 0)) chosen.add(item);
    return items.filter((item) => chosen.has(item));
  };
}

/** Classes in the order their first member appears, each class in its given order, interleaved. */
function roundRobin<Item>(order: readonly Item[], spread: (item: Item) => string): Item[] {
  const classes = [...groupBy(order, spread).values()];
  const out: Item[] = [];
  for (let i = 0; out.length < order.length; i++)
    for (const members of classes) if (i < members.length) out.push(members[i] as Item);
  return out;
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
