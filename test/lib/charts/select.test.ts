/**
 * Clicking a drawn point gives back the ChartPoint behind it (benchmark, model, condition,
 * category), so the item explorer can open the trials: checked on real Plot output in jsdom,
 * through `__data__` indices and through the attributes `tagClickable` adds for keyboard use.
 */
import { describe, expect, it } from 'vitest';
import { bbq } from '../../../src/lib/benchmarks/bbq';
import { bbqCategorySpec } from '../../../src/lib/benchmarks/bbq/present';
import { pointTitle } from '../../../src/lib/charts/metrics';
import { scalingSpec } from '../../../src/lib/charts/scaling';
import { catalogueSizes } from '../../../src/lib/engine/sizes';
import type { ChartPoint, ChartSpec } from '../../../src/lib/charts/spec';
import { renderChart } from '../../../src/ui/charts/render';
import { pointFor, pointIndexOf, tagClickable } from '../../../src/ui/charts/select';
import { BBQ_CATEGORIES, BBQ_HEADLINE, QWEN_15 } from './data';
import { newWindow } from './normalize';

function mounted(spec: ChartSpec): { window: ReturnType<typeof newWindow>; root: HTMLElement; chart: Element } {
  const window = newWindow();
  const root = window.document.createElement('div');
  window.document.body.appendChild(root);
  const chart = renderChart(spec, window.document);
  root.appendChild(chart);
  return { window, root, chart };
}

const scaling = scalingSpec({ benchmark: bbq, rows: BBQ_HEADLINE, sizes: catalogueSizes(), family: 'qwen2.5' }).main;

describe('click → datum', () => {
  it('maps every clickable mark to the point it draws (its tooltip names that point)', () => {
    const { chart } = mounted(scaling);
    // One mark per point, in its condition's shape (circles, squares, triangles).
    const dots = [...chart.querySelectorAll('g.sc-click > *')];
    expect(dots).toHaveLength(scaling.points.length);
    const seen = new Set<number>();
    for (const dot of dots) {
      const i = pointIndexOf(dot);
      expect(i).not.toBeNull();
      seen.add(i as number);
      const point = pointFor(dot, scaling.points) as ChartPoint;
      expect(dot.querySelector('title')?.textContent).toBe(pointTitle(point));
    }
    expect(seen.size).toBe(scaling.points.length);
  });

  it('delivers {benchmark, model, condition, category} from a click event, and nothing for non-points', () => {
    const { window, root, chart } = mounted(bbqCategorySpec({ rows: BBQ_CATEGORIES, model: QWEN_15 }));
    const spec = bbqCategorySpec({ rows: BBQ_CATEGORIES, model: QWEN_15 });
    const got: (ChartPoint | null)[] = [];
    root.addEventListener('click', (e) => got.push(pointFor(e.target as Element, spec.points, root)));
    const age = [...chart.querySelectorAll('g.sc-click > *')].find((c) =>
      c.querySelector('title')?.textContent?.includes('· Age\n+ instruction'),
    );
    expect(age).toBeDefined();
    age?.dispatchEvent(new window.MouseEvent('click', { bubbles: true }));
    chart
      .querySelector('g[aria-label="y-axis tick label"] text')
      ?.dispatchEvent(new window.MouseEvent('click', { bubbles: true }));
    expect(got).toHaveLength(2);
    expect(got[0]).toMatchObject({
      benchmark: 'bbq',
      model: QWEN_15,
      condition: 'q_if',
      category: 'Age',
      metric: 'ambiguous_bias',
      value: 0.05,
    });
    expect(got[1]).toBeNull();
  });

  it('tags points as focusable buttons with an index and a name (keyboard selection)', () => {
    const { chart } = mounted(scaling);
    expect(tagClickable(chart)).toBe(scaling.points.length);
    const tagged = [...chart.querySelectorAll('[data-point-index]')];
    expect(tagged).toHaveLength(scaling.points.length);
    for (const el of tagged) {
      expect(el.getAttribute('tabindex')).toBe('0');
      expect(el.getAttribute('role')).toBe('button');
      const point = scaling.points[Number(el.getAttribute('data-point-index'))] as ChartPoint;
      expect(el.getAttribute('aria-label')).toBe(pointTitle(point).replace(/\n/g, ', '));
    }
  });
});
