/**
 * Slides and the charts' layout for them (issue 15): one short takeaway per figure slide with the
 * rest in the footnote, short titles, the models by name when none has a size, every chart laid
 * out inside a slide's box at 20 px text, padded domains, end labels that never overlap, legends
 * drawn like the marks, and empty states in words.
 */
import { describe, expect, it } from 'vitest';
import { bbq } from '../../../src/lib/benchmarks/bbq';
import { admissions } from '../../../src/lib/benchmarks/admissions';
import { admissionsRaceSpec } from '../../../src/lib/benchmarks/admissions/present';
import { bbqCategorySpec } from '../../../src/lib/benchmarks/bbq/present';
import { presented } from '../../../src/lib/benchmarks/present';
import { contrastSpec } from '../../../src/lib/charts/contrast';
import { PAGE_FRAME, rowAxis, slideFrame } from '../../../src/lib/charts/frame';
import { spreadLabels } from '../../../src/lib/charts/labels';
import { scalingSpec } from '../../../src/lib/charts/scaling';
import { buildSlides, sentences } from '../../../src/lib/charts/slides';
import { SMALL_SAMPLE } from '../../../src/lib/charts/takeaway';
import { catalogueSizes } from '../../../src/lib/engine/sizes';
import { renderChart, renderLegend } from '../../../src/ui/charts/render';
import { buildRunFixture } from '../../doubles/records';
import { ADMISSIONS, BBQ_CATEGORIES, BBQ_CONTRASTS, BBQ_HEADLINE, QWEN_05, QWEN_15, QWEN_3, SERVER, row } from './data';
import { newWindow } from './normalize';

const sizes = catalogueSizes();

describe('spreadLabels', () => {
  it('keeps labels that do not touch, and moves crowded ones the least to stay a gap apart', () => {
    expect(spreadLabels([10, 50, 90], 20, 0, 100)).toEqual([10, 50, 90]);
    // 40 and 45 are 5 apart: the first stays, the second moves on to 60.
    expect(spreadLabels([40, 45], 20, 0, 100)).toEqual([40, 60]);
    // At the bottom edge the stack is pushed back up, in input order.
    expect(spreadLabels([95, 99, 90], 10, 0, 100)).toEqual([90, 100, 80]);
    // Outside [min, max]: clamped first.
    expect(spreadLabels([-5], 10, 0, 100)).toEqual([0]);
  });
});

describe('sentences', () => {
  it('splits a takeaway after each full stop, keeping decimals and quotes whole', () => {
    expect(sentences('Under q, bias is +0.20 (95% CI +0.1 to +0.3). Small sample: intervals are wide.')).toEqual([
      'Under q, bias is +0.20 (95% CI +0.1 to +0.3).',
      'Small sample: intervals are wide.',
    ]);
    expect(sentences('One “quoted text”. Two.')).toEqual(['One “quoted text”.', 'Two.']);
  });
});

describe('buildSlides', () => {
  const run = buildRunFixture({
    spec: { ...buildRunFixture().spec, benchmarks: ['bbq'], models: [QWEN_05, QWEN_15, QWEN_3] },
    plannedTrials: 360,
  });
  const rows = [...BBQ_HEADLINE, ...BBQ_CONTRASTS, ...BBQ_CATEGORIES].filter((r) => r.model !== SERVER);
  const slides = buildSlides({ run, rows, trials: [], sizes, benchmarks: [presented(bbq)] });

  it('gives each figure slide one sentence as its takeaway and the details in its footnote', () => {
    const figures = slides.filter((s) => s.spec !== null);
    expect(figures.map((s) => s.id)).toEqual([
      'bbq-scaling',
      'bbq-effects',
      `bbq-bbq-category-bias-${QWEN_3}`,
      `bbq-bbq-category-accuracy-${QWEN_3}`,
    ]);
    for (const s of figures) {
      expect(sentences(s.takeaway), s.id).toHaveLength(1);
      expect(s.footnote, s.id).toContain(s.spec?.footnote ?? '?');
      expect(s.kicker).toBe(bbq.title);
      // Short titles: the slide's kicker names the benchmark, the title does not repeat it.
      expect(s.title.startsWith('BBQ')).toBe(false);
    }
    expect(figures[0]?.title).toBe('Ambiguous bias by model size');
    expect(figures[1]?.title).toBe('Change vs the plain question');
  });

  it('puts the planner’s small-sample note first in the footnote, in place of the generic one', () => {
    // Intervals ±0.5 wide: the figures' own sentences add the generic small-sample sentence.
    const wide = rows.map((r) => (r.value === null ? r : { ...r, ci_low: r.value - 0.5, ci_high: r.value + 0.5 }));
    const plain = buildSlides({ run, rows: wide, trials: [], sizes, benchmarks: [presented(bbq)] });
    const said = (x: (typeof plain)[number]): string => `${x.takeaway} ${x.footnote}`;
    expect(plain.filter((x) => said(x).includes(SMALL_SAMPLE)).length).toBeGreaterThan(0);
    const note = 'Small sample: 9 ambiguous items in 9 templates give an expected 95% interval of ±0.40.';
    const noted = buildSlides({
      run,
      rows: wide,
      trials: [],
      sizes,
      benchmarks: [presented(bbq)],
      notes: { bbq: note },
    });
    for (const s of noted.filter((x) => x.spec !== null)) {
      expect(s.footnote.startsWith(note), s.id).toBe(true);
      expect(said(s), s.id).not.toContain(SMALL_SAMPLE);
      expect(sentences(s.takeaway), s.id).toHaveLength(1);
    }
  });

  it('shows the models by name on the headline slide when none has a known size', () => {
    const server = buildRunFixture({ spec: { ...run.spec, models: [SERVER] } });
    const only = BBQ_HEADLINE.filter((r) => r.model === SERVER);
    const [, headline] = buildSlides({ run: server, rows: only, trials: [], sizes, benchmarks: [presented(bbq)] });
    expect(headline?.spec?.id).toBe('unsized-bbq-ambiguous_bias');
    expect(headline?.spec?.points).toHaveLength(2);
  });
});

describe('charts in a slide’s box', () => {
  const box = slideFrame(1168, 420);
  const specs = {
    scaling: scalingSpec({ benchmark: bbq, rows: BBQ_HEADLINE, sizes, family: 'qwen2.5' }).main,
    effects: contrastSpec({ benchmark: bbq, rows: [...BBQ_HEADLINE, ...BBQ_CONTRASTS], mode: 'difference', sizes }),
    categories: bbqCategorySpec({ rows: BBQ_CATEGORIES, model: QWEN_15 }),
    admissions: admissionsRaceSpec({ rows: ADMISSIONS, model: QWEN_15 }),
  };

  for (const [name, spec] of Object.entries(specs))
    it(`${name}: fills the box exactly, at 20 px text and 9 px marks`, () => {
      const svg = renderChart(spec, newWindow().document, { frame: box });
      expect(svg.getAttribute('width')).toBe('1168');
      expect(svg.getAttribute('height')).toBe('420');
      expect(svg.getAttribute('style')).toContain('font-size: 20px');
      expect(svg.querySelectorAll('g.sc-click > *').length).toBe(spec.points.length);
      for (const c of svg.querySelectorAll('g.sc-click circle'))
        expect(Number(c.getAttribute('r'))).toBeGreaterThanOrEqual(4.5);
    });

  it('cuts row, panel and band labels with "…" on a phone-width card instead of drawing them off the plot', () => {
    const phone = { ...PAGE_FRAME, width: 340 };
    const doc = newWindow().document;
    const ticks = (svg: Element, axis: string): string[] =>
      [...svg.querySelectorAll(`g[aria-label="${axis}"] text`)].map((t) => t.textContent ?? '');
    // The model names of the effects chart: each fits the left margin, cut where it must be.
    const effects = renderChart(specs.effects, doc, { frame: phone });
    const labels = ticks(effects, 'y-axis tick label');
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.some((l) => l.endsWith('…'))).toBe(true);
    // What rowAxis promises: every label within the margin it gives, less the tick's room.
    const names = ['Qwen2.5 0.5B Instruct (q4f32_1)', 'Llama 3.2 1B Instruct (q4f16_1)', 'm'];
    const axis = rowAxis(names, phone);
    for (const n of names) {
      const shown = axis.y.tickFormat(n);
      expect(shown.length * phone.font * 0.54, shown).toBeLessThanOrEqual(axis.marginLeft - 14 + phone.font * 0.27);
      expect(n.startsWith(shown.replace(/…$/, '')), shown).toBe(true);
    }
    expect(axis.y.tickFormat('m')).toBe('m');
    // The scaling figure's panel names and the paper's band label, cut to their room.
    const scaling = renderChart(specs.scaling, doc, { frame: phone });
    expect(ticks(scaling, 'fx-axis tick label').some((l) => l.endsWith('…'))).toBe(true);
    // At the page's own width nothing is cut.
    const wide = renderChart(specs.effects, doc, { frame: { ...PAGE_FRAME, width: 1000 } });
    expect(ticks(wide, 'y-axis tick label').some((l) => l.endsWith('…'))).toBe(false);
  });

  it('pads the value axis: a point at exactly 1.0 is drawn whole inside the plot area', () => {
    const full = admissionsRaceSpec({ rows: [row('admissions', QWEN_15, 'q', 'p_yes_black', 1)], model: QWEN_15 });
    const frame = slideFrame(800, 300);
    const svg = renderChart(full, newWindow().document, { frame });
    const dot = svg.querySelector('g.sc-click circle');
    const cx = Number(
      /translate\(([\d.]+),/.exec(dot?.getAttribute('transform') ?? '')?.[1] ?? dot?.getAttribute('cx'),
    );
    const r = Number(dot?.getAttribute('r'));
    const right = 800 - Number(full.plotAt(frame).marginRight);
    expect(cx + r).toBeLessThanOrEqual(right);
  });

  it('labels each measured line at its end, in words, without two labels overlapping', () => {
    const rows = [
      row('bbq', QWEN_05, 'q', 'ambiguous_bias', 0.1),
      row('bbq', QWEN_3, 'q', 'ambiguous_bias', 0.1),
      row('bbq', QWEN_05, 'q_if', 'ambiguous_bias', 0.1),
      row('bbq', QWEN_3, 'q_if', 'ambiguous_bias', 0.101),
      row('bbq', QWEN_05, 'q_if_cot', 'ambiguous_bias', 0.1),
      row('bbq', QWEN_3, 'q_if_cot', 'ambiguous_bias', 0.099),
    ];
    const spec = scalingSpec({ benchmark: bbq, rows, sizes, family: 'qwen2.5', reference: false }).main;
    const svg = renderChart(spec, newWindow().document, { frame: box });
    const labels = [...svg.querySelectorAll('g[aria-label="text"] text')];
    expect(labels.map((t) => t.textContent).sort()).toEqual(['Avoid bias', 'Question', 'Reason first']);
    const ys = labels
      .map((t) => Number(/translate\([\d.]+,([\d.]+)\)/.exec(t.getAttribute('transform') ?? '')?.[1]))
      .sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect((ys[i] as number) - (ys[i - 1] as number)).toBeGreaterThanOrEqual(20);
  });

  it('draws legends like the marks: admissions’ Black filled circle and white hollow triangle', () => {
    const spec = specs.admissions;
    expect(spec.legend).toEqual([
      { label: 'Black applicant', color: 'currentColor', shape: 'circle', filled: true },
      { label: 'white applicant', color: 'currentColor', shape: 'triangle', filled: false },
    ]);
    const doc = newWindow().document;
    const legend = renderLegend(spec, doc, 600);
    // A swatch group without a fill of its own is filled with the text colour (the svg's fill).
    const swatches = [...(legend?.querySelectorAll('g[aria-label="dot"]') ?? [])];
    expect(swatches.map((g) => [g.firstElementChild?.tagName, g.getAttribute('fill') === 'none'])).toEqual([
      ['circle', false],
      ['path', true],
    ]);
    // The marks: Black filled in the condition's colour, white hollow.
    const svg = renderChart(spec, doc);
    const groups = [...svg.querySelectorAll('g.sc-click')];
    expect(groups[0]?.querySelector('circle')?.getAttribute('fill')).not.toBe('none');
    expect(groups[1]?.getAttribute('fill') ?? groups[1]?.firstElementChild?.getAttribute('fill')).toBe('none');
  });

  it('says an all-undefined effect chart in words, with no axis of one tick', () => {
    const rows = [
      row('bbq', QWEN_15, 'q', 'ambiguous_bias', 0.1),
      row('bbq', QWEN_15, 'q_if', 'ambiguous_bias', null, { baseline: 'q' }),
      row('bbq', QWEN_15, 'q_if_cot', 'ambiguous_bias', null, { baseline: 'q' }),
    ];
    const spec = contrastSpec({ benchmark: bbq, rows, mode: 'difference', sizes });
    expect(spec.empty).toBe('Every effect here is undefined (2 values).');
    expect(spec.legend).toEqual([]);
    const svg = renderChart(spec, newWindow().document, { frame: box });
    expect(svg.textContent).toContain('Every effect here is undefined');
    expect(svg.querySelectorAll('g[aria-label$="tick label"]')).toHaveLength(0);
    expect(svg.textContent).not.toMatch(/0\.0{4}/);
  });

  it('shows human category names on the axis and in sentences, keeping the ids on the points', () => {
    const rows = [
      row('bbq', QWEN_15, 'q', 'ambiguous_bias', 0.3, { category: 'Disability_status' }),
      row('bbq', QWEN_15, 'q', 'ambiguous_bias', 0.1, { category: 'Race_x_SES' }),
    ];
    const spec = bbqCategorySpec({ rows, model: QWEN_15, modelLabel: 'Qwen 1.5B' });
    const ticks = [
      ...renderChart(spec, newWindow().document).querySelectorAll('g[aria-label="y-axis tick label"] text'),
    ];
    expect(ticks.map((t) => t.textContent)).toEqual(['All categories', 'Disability status', 'Race × SES']);
    expect(spec.points.map((p) => p.category)).toEqual(['Disability_status', 'Race_x_SES']);
    expect(spec.takeaway).toContain('Disability status');
    expect(spec.takeaway).not.toContain('Disability_status');
    expect(admissions.id).toBe('admissions');
  });
});
