/**
 * What the chart specs say and contain, beyond their pixels: which rows become points, lines
 * only within the chosen family, the paper's values in their own panel, notes about undefined
 * values and missing conditions, relative change with its interval (or derived without one), Winogender points from
 * trials.
 */
import { describe, expect, it } from 'vitest';
import { bbq } from '../../../src/lib/benchmarks/bbq';
import { winogender } from '../../../src/lib/benchmarks/winogender';
import { admissions } from '../../../src/lib/benchmarks/admissions';
import { admissionsRaceSpec } from '../../../src/lib/benchmarks/admissions/present';
import { bbqAccuracySpec, bbqCategorySpec, OVERALL_LABEL } from '../../../src/lib/benchmarks/bbq/present';
import { contrastSpec, relativeChange, relativeVerdict } from '../../../src/lib/charts/contrast';
import type { MetricRow } from '../../../src/lib/core/records';
import { pointTitle } from '../../../src/lib/charts/metrics';
import type { ChartPoint } from '../../../src/lib/charts/spec';
import { PAPER_LABEL } from '../../../src/lib/charts/reference';
import { scalingSpec } from '../../../src/lib/charts/scaling';
import { catalogueSizes } from '../../../src/lib/engine/sizes';
import { winogenderOccupationSpec, winogenderPoints } from '../../../src/lib/benchmarks/winogender/present';
import {
  ADMISSIONS,
  BBQ_CATEGORIES,
  BBQ_CONTRASTS,
  BBQ_HEADLINE,
  BBQ_RELATIVE,
  GEMMA_2,
  QWEN_05,
  QWEN_15,
  QWEN_3,
  SERVER,
  WINO_TRIALS,
  row,
} from './data';
import { newWindow } from './normalize';
import { renderChart } from '../../../src/ui/charts/render';

const sizes = catalogueSizes([
  {
    id: 'custom-7b',
    modelUrl: 'https://x',
    modelLibUrl: 'https://x/a.wasm',
    label: 'Custom 7B',
    params: 7e9,
    needsF16: false,
  },
]);

describe('size lookup', () => {
  it('reads catalogue params and families, custom params, and leaves unknown sizes null', () => {
    expect(sizes(QWEN_15)).toMatchObject({ params: 1.54e9, family: 'qwen2.5', variant: 'q4f16_1' });
    expect(sizes('custom-7b')).toMatchObject({ params: 7e9, family: null, label: 'Custom 7B' });
    expect(sizes(SERVER)).toMatchObject({ params: null, family: null, label: SERVER });
  });
});

describe('scalingSpec', () => {
  const fig = scalingSpec({ benchmark: bbq, rows: BBQ_HEADLINE, sizes, family: 'qwen2.5' });

  it('draws only defined overall headline rows of sized models, each in its panel', () => {
    const pts = fig.main.points;
    expect(pts.every((p) => p.metric === 'ambiguous_bias' && p.category === null && Number.isFinite(p.value))).toBe(
      true,
    );
    expect(pts.map((p) => `${p.model}|${p.condition}`).sort()).toEqual(
      [
        `${GEMMA_2}|q`,
        `${GEMMA_2}|q_if`,
        `${QWEN_05}|q`,
        `${QWEN_05}|q_if`,
        `${QWEN_05}|q_if_cot`,
        `${QWEN_15}|q`,
        `${QWEN_15}|q_if`,
        `${QWEN_3}|q`,
        `${QWEN_3}|q_if`,
      ].sort(),
    );
    const panels = new Map(pts.map((p) => [p.model, 'panel' in p ? p.panel : '']));
    expect(panels.get(QWEN_15)).toBe('Qwen2.5 Instruct');
    expect(panels.get(GEMMA_2)).toBe('Other models');
  });

  it('connects only the family: measured lines in its panel, thin paper lines in the paper panel', () => {
    const el = renderChart(fig.main, newWindow().document);
    const panelX = (g: Element): number =>
      Number(/translate\(([\d.]+),/.exec(g.getAttribute('transform') ?? '')?.[1] ?? NaN);
    const panels = [...new Set([...el.querySelectorAll('g[aria-label="dot"] > g')].map(panelX))].sort((a, b) => a - b);
    expect(panels).toHaveLength(3); // family, other models, paper
    const lines = [...el.querySelectorAll('g[aria-label="line"] > g')];
    const width = (g: Element): number => Number(g.getAttribute('stroke-width'));
    const measured = lines.filter((g) => width(g) === 1.5).map((g) => panels.indexOf(panelX(g)));
    const paper = lines.filter((g) => width(g) < 1.5).map((g) => panels.indexOf(panelX(g)));
    expect(new Set(measured)).toEqual(new Set([0]));
    expect(new Set(paper)).toEqual(new Set([2]));
    // Each condition's line has its dash from the conditions table, measured or the paper's.
    const dashes = new Set(lines.map((g) => g.getAttribute('stroke-dasharray')));
    expect(dashes).toEqual(new Set([null, '6,3', '2,2']));
  });

  it('says what is missing and marks the paper overlay', () => {
    expect(fig.main.caption).toContain('1 undefined value not shown');
    expect(fig.main.caption).toContain('1 model of unknown size shown separately: my-server-model');
    expect(fig.main.caption).toContain(PAPER_LABEL);
    expect(fig.main.plot.ariaDescription).toContain('1 undefined value not shown');
    expect(fig.main.plot.ariaLabel).toBe(fig.main.title);
    expect(fig.main.plot.style).toMatchObject({ background: 'transparent', color: 'currentColor' });
  });

  it('draws the paper’s ≤22B region as a labelled band, Winogender q’s text–figure range, and names the checkpoints (docs/method.md §7)', () => {
    const el = renderChart(fig.main, newWindow().document);
    expect(el.querySelectorAll('g[aria-label="rect"] rect')).toHaveLength(1);
    expect(el.textContent).toContain('paper’s text, ≤22B');
    expect(fig.main.caption).toContain('after 800 RLHF steps');
    expect(fig.main.caption).toContain(
      'No clear effect of the instruction in models of that size agrees with the paper.',
    );
    expect(fig.main.caption).not.toContain('grid average');
    const wino = scalingSpec({ benchmark: winogender, rows: [], sizes, family: 'qwen2.5' }).main;
    expect(wino.caption).toContain('after 50 RLHF steps');
    expect(wino.caption).toContain('the value lies between 0.4 and 0.6');
    const rules = [...renderChart(wino, newWindow().document).querySelectorAll('g[aria-label="rule"] line')].filter(
      (l) => l.getAttribute('stroke-width') === '5' || l.parentElement?.getAttribute('stroke-width') === '5',
    );
    expect(rules).toHaveLength(1);
    const adm = scalingSpec({ benchmark: admissions, rows: ADMISSIONS, sizes, family: 'qwen2.5' }).main;
    expect(adm.caption).toContain('grid average, not the paper’s student population');
    expect(
      scalingSpec({ benchmark: admissions, rows: ADMISSIONS, sizes, family: 'qwen2.5', reference: false }).main.caption,
    ).not.toMatch(/grid average|RLHF|Grey band/);
  });

  it('puts models of unknown size in their own chart, without an axis of sizes', () => {
    expect(fig.unsized?.points.map((p) => [p.model, p.condition])).toEqual([
      [SERVER, 'q'],
      [SERVER, 'q_if'],
    ]);
  });

  it('without a family connects nothing and can leave the paper out', () => {
    const none = scalingSpec({ benchmark: bbq, rows: BBQ_HEADLINE, sizes, family: null, reference: false }).main;
    const el = renderChart(none, newWindow().document);
    expect(el.querySelectorAll('g[aria-label="line"]')).toHaveLength(0);
    expect(none.caption).not.toContain(PAPER_LABEL);
  });

  it('notes conditions with no results at all', () => {
    const only = scalingSpec({
      benchmark: bbq,
      rows: BBQ_HEADLINE.filter((r) => r.condition === 'q'),
      sizes,
      family: 'qwen2.5',
      reference: false,
    }).main;
    expect(only.caption).toContain('No results for “+ instruction to avoid bias”, “+ instruction + reasoning first”.');
  });
});

describe('BBQ per category', () => {
  it('has the overall row first, one point per defined category × condition, accuracy aligned', () => {
    const bias = bbqCategorySpec({ rows: BBQ_CATEGORIES, model: QWEN_15 });
    expect(bias.points).toHaveLength(7);
    expect(bias.points.every((p) => p.model === QWEN_15)).toBe(true);
    expect(bias.plot.y?.domain).toEqual([OVERALL_LABEL, 'Age', 'Gender_identity (names)', 'Religion']);
    expect(bias.caption).toContain('1 undefined value not shown');
    expect(bias.caption).toContain('No results for “+ instruction + reasoning first”');
    const acc = bbqAccuracySpec({ rows: BBQ_CATEGORIES, model: QWEN_15 });
    expect(acc.plot.y?.domain).toEqual(bias.plot.y?.domain);
    expect(acc.points.every((p) => p.metric === 'disambiguated_accuracy')).toBe(true);
  });
});

describe('admissions by race', () => {
  it('maps p_yes rows to points with the race as category', () => {
    const spec = admissionsRaceSpec({ rows: ADMISSIONS, model: QWEN_15 });
    expect(spec.points.map((p) => `${p.condition}:${p.category}:${p.value}`)).toEqual([
      'q:Black:0.61',
      'q_if:Black:0.64',
      'q_if_cot:Black:0.7',
      'q:white:0.66',
      'q_if:white:0.63',
    ]);
    expect(spec.caption).toContain('1 undefined value not shown');
  });
});

describe('contrasts vs q', () => {
  const rows = [...BBQ_HEADLINE, ...BBQ_CONTRASTS];

  it('paired differences keep their intervals and order models by size', () => {
    const spec = contrastSpec({ benchmark: bbq, rows, mode: 'difference', sizes });
    expect(spec.points.every((p) => p.baseline === 'q' && p.ci_low !== null)).toBe(true);
    expect(spec.plot.y?.domain).toEqual([QWEN_05, QWEN_15, GEMMA_2, QWEN_3].map((m) => sizes(m).label));
  });

  it('difference mode ignores the relative-change rows', () => {
    const spec = contrastSpec({ benchmark: bbq, rows: [...rows, ...BBQ_RELATIVE], mode: 'difference', sizes });
    const without = contrastSpec({ benchmark: bbq, rows, mode: 'difference', sizes });
    expect(spec.points).toEqual(without.points);
    expect(spec.caption).toBe(without.caption);
  });

  it('relative mode draws the relative-change rows with their paired intervals', () => {
    const spec = contrastSpec({ benchmark: bbq, rows: [...rows, ...BBQ_RELATIVE], mode: 'relative', sizes });
    // The 0.5B model's q interval includes 0: its two relative changes are withheld (docs/method.md §6).
    expect(spec.points).toHaveLength(3);
    expect(spec.points.some((p) => p.model === QWEN_05)).toBe(false);
    expect(spec.caption).toMatch(
      /Not drawn for [^,]*0\.5B[^,]*, \+ instruction to avoid bias: no baseline bias \(the question’s interval includes 0\), so no relative change; see the difference\./,
    );
    expect(spec.points.every((p) => p.baseline === 'q' && p.relative === true)).toBe(true);
    expect(spec.points.find((p) => p.model === QWEN_15 && p.condition === 'q_if')).toMatchObject({
      value: -0.5,
      ci_low: -0.9,
      ci_high: -0.1,
    });
    expect(spec.caption).not.toContain('Points only');
    expect(spec.caption).toContain('95% paired bootstrap intervals of the ratio');
    expect(spec.caption).toContain('1 undefined value not shown');
    expect(pointTitle(spec.points.find((p) => p.model === QWEN_15 && p.condition === 'q_if') as ChartPoint)).toContain(
      '−50% [−90%, −10%], n = 120',
    );
  });

  it('without relative rows: relative change = difference / |q|, drawn without an interval and said so', () => {
    const spec = contrastSpec({ benchmark: bbq, rows, mode: 'relative', sizes });
    const q3 = spec.points.find((p) => p.model === QWEN_3 && p.condition === 'q_if');
    expect(q3?.value).toBeCloseTo(-0.07 / 0.11, 12);
    expect(spec.points.every((p) => p.ci_low === null && p.ci_high === null)).toBe(true);
    expect(spec.caption).toContain('Points only');
    expect(spec.caption).toContain('1 undefined value not shown');
  });

  it('relative change is not drawn across a sign flip: "reversed"', () => {
    const flip = [
      row('bbq', 'm', 'q', 'ambiguous_bias', 0.1),
      row('bbq', 'm', 'q_if', 'ambiguous_bias', -0.2, { baseline: 'q' }),
      row('bbq', 'm', 'q_if', 'ambiguous_bias', -2, { baseline: 'q', relative: true }),
    ];
    expect(relativeVerdict(flip[2] as MetricRow, flip)).toBe('reversed');
    const spec = contrastSpec({ benchmark: bbq, rows: flip, mode: 'relative' });
    expect(spec.points).toHaveLength(0);
    expect(spec.caption).toContain(
      'Not drawn for m, + instruction to avoid bias: reversed (the sign flips), so no relative change; see the difference.',
    );
    expect(contrastSpec({ benchmark: bbq, rows: flip, mode: 'difference' }).points).toHaveLength(1);
  });

  it('relative change is undefined when q is undefined or 0', () => {
    const c = row('bbq', 'm', 'q_if', 'ambiguous_bias', -0.1, { baseline: 'q' });
    expect(relativeChange(c, [row('bbq', 'm', 'q', 'ambiguous_bias', 0)]).value).toBeNull();
    expect(relativeChange(c, [row('bbq', 'm', 'q', 'ambiguous_bias', null)]).value).toBeNull();
    expect(relativeChange(c, []).value).toBeNull();
    expect(relativeChange(c, [row('bbq', 'm', 'q', 'ambiguous_bias', -0.2)]).value).toBeCloseTo(-0.5, 12);
  });
});

describe('Winogender p_female vs statistics', () => {
  it('builds one point per model × condition × occupation from ok trials, averaging versions', () => {
    const points = winogenderPoints(WINO_TRIALS);
    const q15 = points.filter((p) => p.model === QWEN_15 && p.condition === 'q');
    expect(q15.map((p) => p.category)).toEqual(['carpenter', 'engineer', 'nurse', 'teacher']);
    const nurse = q15.find((p) => p.category === 'nurse');
    // female probs 0.2 + 89.58/250 + {0, .01, .02}, renormalised (they already sum to 1): mean +0.01.
    expect(nurse?.value).toBeCloseTo(0.2 + 89.58 / 250 + 0.01, 12);
    expect(nurse).toMatchObject({ n: 3, metric: 'p_female', benchmark: 'winogender' });
    expect(nurse?.bls_share).toBeCloseTo(0.8958, 12);
    // The failed q_if trial is left out; the other model's trial is kept under its own model.
    expect(points.some((p) => p.condition === 'q_if')).toBe(false);
    expect(winogenderPoints(WINO_TRIALS, QWEN_05)).toHaveLength(1);
  });

  it('draws one panel per condition with the identity line', () => {
    const spec = winogenderOccupationSpec({ points: winogenderPoints(WINO_TRIALS), model: QWEN_15 });
    expect(spec.points).toHaveLength(8);
    const el = renderChart(spec, newWindow().document);
    const panels = new Set([...el.querySelectorAll('g[aria-label="dot"] > g')].map((g) => g.getAttribute('transform')));
    expect(panels.size).toBe(2);
    expect(el.querySelectorAll('g[aria-label="line"] path')).toHaveLength(2); // the identity line in each panel
    expect(el.textContent).toContain('Match statistics'); // the panel's label (the legend says it in full)
    expect(spec.caption).toContain('No results for “+ instruction to avoid bias”, “+ instruction + reasoning first”');
  });
});
