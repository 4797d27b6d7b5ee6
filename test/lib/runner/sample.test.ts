import { describe, expect, it } from 'vitest';
import { allocateStrata, sampleStratified } from '../../../src/lib/runner/sample';

interface Row { readonly id: string; readonly s: string }

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
    expect(Object.fromEntries(allocateStrata(new Map([['a', 50], ['b', 30], ['c', 20]]), 10))).toEqual({ a: 5, b: 3, c: 2 });
    // quotas 3.33, 3.33, 3.33 -> one extra to the first by name
    expect(Object.fromEntries(allocateStrata(new Map([['c', 10], ['b', 10], ['a', 10]]), 10))).toEqual({ a: 4, b: 3, c: 3 });
    // quotas 6.5, 3.25, 0.25 -> 6 + 3 + 0, remainder 1 to a (0.5)
    expect(Object.fromEntries(allocateStrata(new Map([['a', 26], ['b', 13], ['c', 1]]), 10))).toEqual({ a: 6, b: 3, c: 1 });
  });

  it('gives every stratum at least one item when the size allows', () => {
    const alloc = allocateStrata(new Map([['big', 1000], ['t1', 1], ['t2', 1], ['t3', 2]]), 5);
    expect(Object.fromEntries(alloc)).toEqual({ big: 2, t1: 1, t2: 1, t3: 1 });
    expect([...allocateStrata(new Map([['big', 1000], ['t1', 1], ['t2', 1]]), 2).values()].reduce((s, n) => s + n, 0)).toBe(2);
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
