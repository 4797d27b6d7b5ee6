import { describe, expect, it } from 'vitest';
import { allocateStrata, sampleStratified, stratifiedSampler } from '../../../src/lib/runner/sample';

interface Row {
  readonly id: string;
  readonly s: string;
}

function rows(counts: Record<string, number>): Row[] {
  return Object.entries(counts).flatMap(([s, n]) => Array.from({ length: n }, (_, i) => ({ id: `${s}-${i}`, s })));
}
const opts = (size: number | 'all', seed = 1) => ({ stratum: (r: Row) => r.s, key: (r: Row) => r.id, size, seed });
function countBy(selected: readonly Row[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of selected) out[r.s] = (out[r.s] ?? 0) + 1;
  return out;
}

describe('allocateStrata', () => {
  it('is proportional with largest remainders', () => {
    expect(
      Object.fromEntries(
        allocateStrata(
          new Map([
            ['a', 50],
            ['b', 30],
            ['c', 20],
          ]),
          10,
        ),
      ),
    ).toEqual({ a: 5, b: 3, c: 2 });
    // quotas 3.33, 3.33, 3.33 -> one extra to the first by name
    expect(
      Object.fromEntries(
        allocateStrata(
          new Map([
            ['c', 10],
            ['b', 10],
            ['a', 10],
          ]),
          10,
        ),
      ),
    ).toEqual({ a: 4, b: 3, c: 3 });
    // quotas 6.5, 3.25, 0.25 -> 6 + 3 + 0, remainder 1 to a (0.5)
    expect(
      Object.fromEntries(
        allocateStrata(
          new Map([
            ['a', 26],
            ['b', 13],
            ['c', 1],
          ]),
          10,
        ),
      ),
    ).toEqual({ a: 6, b: 3, c: 1 });
  });

  it('gives every stratum at least one item when the size allows', () => {
    const alloc = allocateStrata(
      new Map([
        ['big', 1000],
        ['t1', 1],
        ['t2', 1],
        ['t3', 2],
      ]),
      5,
    );
    expect(Object.fromEntries(alloc)).toEqual({ big: 2, t1: 1, t2: 1, t3: 1 });
    expect(
      [
        ...allocateStrata(
          new Map([
            ['big', 1000],
            ['t1', 1],
            ['t2', 1],
          ]),
          2,
        ).values(),
      ].reduce((s, n) => s + n, 0),
    ).toBe(2);
  });
});

describe('sampleStratified', () => {
  const items = rows({ a: 60, b: 30, c: 10 });

  it('draws proportionally to the strata', () => {
    const selected = sampleStratified(items, opts(20));
    expect(selected).toHaveLength(20);
    expect(countBy(selected)).toEqual({ a: 12, b: 6, c: 2 });
    expect(new Set(selected).size).toBe(20);
  });

  it('is deterministic for a seed, differs between seeds, and ignores input order', () => {
    const ids = (r: readonly Row[]) => r.map((x) => x.id);
    expect(ids(sampleStratified(items, opts(20, 5)))).toEqual(ids(sampleStratified(items, opts(20, 5))));
    expect(ids(sampleStratified(items, opts(20, 5)))).not.toEqual(ids(sampleStratified(items, opts(20, 6))));
    const reversed = sampleStratified(items.slice().reverse(), opts(20, 5));
    expect(new Set(ids(reversed))).toEqual(new Set(ids(sampleStratified(items, opts(20, 5)))));
  });

  it('returns the selection in input order', () => {
    const selected = sampleStratified(items, opts(20));
    const positions = selected.map((r) => items.indexOf(r));
    expect(positions).toEqual(positions.slice().sort((x, y) => x - y));
  });

  it("returns everything for 'all' or a size at least the item count", () => {
    expect(sampleStratified(items, opts('all'))).toEqual(items);
    expect(sampleStratified(items, opts(500))).toEqual(items);
    expect(sampleStratified(items, opts(0))).toEqual([]);
  });

  it('rejects a nonsensical size', () => {
    expect(() => sampleStratified(items, opts(-1))).toThrow(/size/);
    expect(() => sampleStratified(items, opts(2.5))).toThrow(/size/);
  });
});

describe('sampling units', () => {
  // 30 units of 2 items (a profile asked with two races), strata by a unit-level property.
  const items = Array.from({ length: 60 }, (_, i) => ({
    id: `u${Math.floor(i / 2)}-${i % 2}`,
    unit: `u${Math.floor(i / 2)}`,
    stratum: Math.floor(i / 2) % 3 === 0 ? 'x' : 'y',
  }));
  const options = (size: number, seed = 1) => ({
    stratum: (i: (typeof items)[number]) => i.stratum,
    key: (i: (typeof items)[number]) => i.id,
    unit: (i: (typeof items)[number]) => i.unit,
    size,
    seed,
  });

  it('draws whole units, as many as the size makes in items', () => {
    const chosen = sampleStratified(items, options(20));
    expect(chosen).toHaveLength(20);
    const perUnit = new Map<string, number>();
    for (const i of chosen) perUnit.set(i.unit, (perUnit.get(i.unit) ?? 0) + 1);
    expect([...perUnit.values()].every((n) => n === 2)).toBe(true);
  });

  it('stratifies units and is seeded', () => {
    const chosen = sampleStratified(items, options(30, 7));
    const units = new Set(chosen.map((i) => i.unit));
    expect([...units].filter((u) => items.find((i) => i.unit === u)?.stratum === 'x')).toHaveLength(5);
    expect(sampleStratified(items, options(30, 7))).toEqual(chosen);
    expect(sampleStratified(items, options(30, 8))).not.toEqual(chosen);
  });

  it('takes at least one unit for a small size', () => {
    expect(sampleStratified(items, options(1))).toHaveLength(2);
  });
});

describe('ties between equal strata', () => {
  it('are broken by a seeded order, not always by name', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'].flatMap((s) => [0, 1].map((k) => ({ id: `${s}${k}`, s })));
    const strataFor = (seed: number) =>
      new Set(sampleStratified(items, { stratum: (i) => i.s, key: (i) => i.id, size: 3, seed }).map((i) => i.s));
    const seen = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => [...strataFor(seed)].sort().join('')));
    expect(seen.size).toBeGreaterThan(1);
  });
});

describe('sampleStratified with spread', () => {
  interface Cell {
    readonly id: string;
    readonly t: string;
    readonly c: string;
  }
  const cells: Cell[] = ['t1', 't2', 't3'].flatMap((t) =>
    ['a', 'b', 'c', 'd'].flatMap((c) => Array.from({ length: 5 }, (_, i) => ({ id: `${t}${c}${i}`, t, c }))),
  );
  const spreadOpts = (size: number, seed = 1) => ({
    stratum: (x: Cell) => x.t,
    key: (x: Cell) => x.id,
    spread: (x: Cell) => x.c,
    size,
    seed,
  });
  it('k items of a stratum cover min(k, classes) classes, evenly', () => {
    for (const size of [3, 6, 12, 24, 30]) {
      const chosen = sampleStratified(cells, spreadOpts(size));
      expect(chosen).toHaveLength(size);
      for (const t of ['t1', 't2', 't3']) {
        const mine = chosen.filter((x) => x.t === t);
        const perClass = ['a', 'b', 'c', 'd'].map((c) => mine.filter((x) => x.c === c).length);
        expect(Math.max(...perClass) - Math.min(...perClass), `size ${size} ${t}`).toBeLessThanOrEqual(1);
      }
    }
  });
  it('is deterministic for a seed and independent of input order', () => {
    const forward = sampleStratified(cells, spreadOpts(10, 4));
    expect(
      sampleStratified(cells.slice().reverse(), spreadOpts(10, 4))
        .map((x) => x.id)
        .sort(),
    ).toEqual(forward.map((x) => x.id).sort());
    expect(sampleStratified(cells, spreadOpts(10, 5)).map((x) => x.id)).not.toEqual(forward.map((x) => x.id));
  });
  it('without spread the draw is unchanged (the plain seeded shuffle)', () => {
    const plain = sampleStratified(cells, { stratum: (x: Cell) => x.t, key: (x: Cell) => x.id, size: 9, seed: 2 });
    const spreadOne = sampleStratified(cells, { ...spreadOpts(9, 2), spread: () => 'one' });
    expect(spreadOne).toEqual(plain);
  });
});

describe("stratifiedSampler: one set of shuffles for many sizes (the planner's search)", () => {
  interface Cell {
    readonly id: string;
    readonly t: string;
    readonly c: string;
    readonly u: string;
  }
  const cells: Cell[] = ['t1', 't2', 't3'].flatMap((t, k) =>
    ['a', 'b', 'c', 'd'].flatMap((c) =>
      Array.from({ length: 3 + k }, (_, i) => ({ id: `${t}${c}${i}`, t, c, u: `${t}${i}` })),
    ),
  );
  const variants = {
    plain: { stratum: (x: Cell) => x.t, key: (x: Cell) => x.id, seed: 3 },
    spread: { stratum: (x: Cell) => x.t, key: (x: Cell) => x.id, seed: 3, spread: (x: Cell) => x.c },
    unit: { stratum: (x: Cell) => x.t, key: (x: Cell) => x.id, seed: 3, unit: (x: Cell) => x.u },
  };
  it('sizes taken in any order from one sampler equal fresh draws, and the same size again gives the same draw', () => {
    for (const [name, options] of Object.entries(variants)) {
      const take = stratifiedSampler(cells, options);
      const sizes = [20, 5, 36, 1, 20, 0, 'all', 13] as const;
      const first = sizes.map((size) => take(size));
      for (const [i, size] of sizes.entries()) {
        expect(first[i], `${name} ${size}`).toEqual(stratifiedSampler(cells, options)(size));
        expect(take(size), `${name} ${size} again`).toEqual(first[i]);
      }
      expect(take('all')).toEqual(cells);
      if (name !== 'unit') expect(take(13)).toHaveLength(13);
    }
  });
});
