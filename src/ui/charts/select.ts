/**
 * From a clicked (or focused) element of a rendered chart back to the ChartPoint behind it.
 * Plot binds each drawn element to its datum's index in the mark's data (d3's `__data__`), and
 * every mark tagged CLICK_CLASS uses `spec.points` as its data (see lib/charts/spec.ts), so the
 * index is an index into `spec.points`. `tagClickable` makes those elements keyboard-reachable.
 */
import { CLICK_CLASS } from '../../lib/charts/spec';

type Bound = Element & { __data__?: unknown };

/** Index of the point behind `target` (or an ancestor up to `root`), or null. */
export function pointIndexOf(target: Element | null, root?: Element): number | null {
  for (let el: Element | null = target; el !== null && el !== root; el = el.parentElement) {
    const own = el.getAttribute('data-point-index');
    if (own !== null) return Number(own);
    const datum = (el as Bound).__data__;
    if (el.parentElement?.classList.contains(CLICK_CLASS) && typeof datum === 'number' && Number.isInteger(datum))
      return datum;
  }
  return null;
}

export function pointFor<T>(target: Element | null, points: readonly T[], root?: Element): T | null {
  const i = pointIndexOf(target, root);
  return i === null ? null : (points[i] ?? null);
}

/** Every clickable element under `root`: gets its index, tab focus, a button role and a name. */
export function tagClickable(root: Element): number {
  let count = 0;
  for (const group of root.querySelectorAll(`g.${CLICK_CLASS}`)) {
    for (const el of group.children) {
      const datum = (el as Bound).__data__;
      if (typeof datum !== 'number') continue;
      el.setAttribute('data-point-index', String(datum));
      el.setAttribute('tabindex', '0');
      el.setAttribute('role', 'button');
      const title = el.querySelector('title')?.textContent;
      if (title) el.setAttribute('aria-label', title.replace(/\n/g, ', '));
      count++;
    }
  }
  return count;
}
