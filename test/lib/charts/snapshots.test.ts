/**
 * Issue 4: every chart spec rendered from fixed inputs (with undefined values and missing
 * conditions) matches its normalised SVG in test/fixtures/charts/. Review a changed fixture by
 * opening it in a browser; update with `npx vitest run --project unit test/lib/charts -u`.
 */
import { describe, expect, it } from 'vitest';
import { bbq } from '../../../src/lib/benchmarks/bbq';
import { winogender } from '../../../src/lib/benchmarks/winogender';
import { admissions } from '../../../src/lib/benchmarks/admissions';
import { admissionsRaceSpec } from '../../../src/lib/benchmarks/admissions/present';
import { bbqAccuracySpec, bbqCategorySpec } from '../../../src/lib/benchmarks/bbq/present';
import { contrastSpec } from '../../../src/lib/charts/contrast';
import { scalingSpec } from '../../../src/lib/charts/scaling';
import { catalogueSizes } from '../../../src/lib/engine/sizes';
import type { ChartSpec } from '../../../src/lib/charts/spec';
import { winogenderOccupationSpec, winogenderPoints } from '../../../src/lib/benchmarks/winogender/present';
import {
  ADMISSIONS,
  BBQ_CATEGORIES,
  BBQ_CONTRASTS,
  BBQ_HEADLINE,
  BBQ_RELATIVE,
  QWEN_15,
  WINO_RHO,
  WINO_TRIALS,
} from './data';
import { normalizedSvg } from './normalize';

const sizes = catalogueSizes();
const scaling = scalingSpec({ benchmark: bbq, rows: BBQ_HEADLINE, sizes, family: 'qwen2.5' });

const SPECS: Record<string, () => ChartSpec> = {
  'scaling-bbq-qwen': () => scaling.main,
  'scaling-bbq-unsized': () => {
    if (!scaling.unsized) throw new Error('expected an unsized chart');
    return scaling.unsized;
  },
  'scaling-bbq-no-family-no-paper': () =>
    scalingSpec({ benchmark: bbq, rows: BBQ_HEADLINE, sizes, family: null, reference: false }).main,
  'scaling-winogender-empty': () => scalingSpec({ benchmark: winogender, rows: [], sizes, family: 'qwen2.5' }).main,
  // The paper's panel with its ≤22B band, the RLHF checkpoint and the grid-average caveat (docs/method.md §7).
  'scaling-admissions': () => scalingSpec({ benchmark: admissions, rows: ADMISSIONS, sizes, family: 'qwen2.5' }).main,
  'scaling-winogender-rho': () => scalingSpec({ benchmark: winogender, rows: WINO_RHO, sizes, family: 'qwen2.5' }).main,
  'bbq-category-bias': () => bbqCategorySpec({ rows: BBQ_CATEGORIES, model: QWEN_15 }),
  'bbq-category-accuracy': () => bbqAccuracySpec({ rows: BBQ_CATEGORIES, model: QWEN_15 }),
  'winogender-occupations': () =>
    winogenderOccupationSpec({ points: winogenderPoints(WINO_TRIALS), model: QWEN_15, rows: WINO_RHO }),
  'admissions-race': () => admissionsRaceSpec({ rows: ADMISSIONS, model: QWEN_15 }),
  // The relative rows are in the input of both: the difference chart must ignore them.
  'contrast-difference-bbq': () =>
    contrastSpec({
      benchmark: bbq,
      rows: [...BBQ_HEADLINE, ...BBQ_CONTRASTS, ...BBQ_RELATIVE],
      mode: 'difference',
      sizes,
    }),
  'contrast-relative-bbq': () =>
    contrastSpec({
      benchmark: bbq,
      rows: [...BBQ_HEADLINE, ...BBQ_CONTRASTS, ...BBQ_RELATIVE],
      mode: 'relative',
      sizes,
    }),
  // Rows without relative-change rows: derived from the differences, points only.
  'contrast-relative-bbq-derived': () =>
    contrastSpec({ benchmark: bbq, rows: [...BBQ_HEADLINE, ...BBQ_CONTRASTS], mode: 'relative', sizes }),
};

describe('chart specs render to their snapshot SVG', () => {
  for (const [name, build] of Object.entries(SPECS)) {
    it(name, async () => {
      const svg = normalizedSvg(build());
      expect(svg).not.toMatch(/NaN|="(undefined|null)"/);
      await expect(svg).toMatchFileSnapshot(`../../fixtures/charts/${name}.svg`);
    });
  }

  it('is deterministic: the same inputs give the same markup twice', () => {
    expect(normalizedSvg(scalingSpec({ benchmark: bbq, rows: BBQ_HEADLINE, sizes, family: 'qwen2.5' }).main)).toBe(
      normalizedSvg(scaling.main),
    );
  });
});
