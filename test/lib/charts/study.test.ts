/**
 * The study's figures: every sized model of every run on one size axis per condition, panels by
 * family, engine or build, the paper's panel alongside; lines only within a family, build and
 * engine; each point's tooltip naming what made it; unknown sizes apart; builds side by side.
 */
import { describe, expect, it } from 'vitest';
import { admissions } from '../../../src/lib/benchmarks/admissions';
import { bbq } from '../../../src/lib/benchmarks/bbq';
import { winogender } from '../../../src/lib/benchmarks/winogender';
import { paperPanel } from '../../../src/lib/charts/paper-panel';
import { scalingSpec } from '../../../src/lib/charts/scaling';
import { catalogueSizes } from '../../../src/lib/engine/sizes';
import { buildsSpec, studyScalingSpec, type StudyPoint } from '../../../src/lib/charts/study';
import { PAPER_LABEL } from '../../../src/lib/charts/reference';
import type { StudyRow } from '../../../src/lib/core/study';
import { familyLabel } from '../../../src/lib/engine/sizes';
import { renderChart } from '../../../src/ui/charts/render';
import { tagClickable } from '../../../src/ui/charts/select';
import { newWindow } from './normalize';

function studyRow(over: Partial<StudyRow>): StudyRow {
  return {
    benchmark: 'bbq',
    model: 'm',
    condition: 'q',
    category: null,
    metric: 'ambiguous_bias',
    value: 0.1,
    ci_low: 0.05,
    ci_high: 0.15,
    interval_unit: 'template',
    n: 24,
    run: 'r1',
    run_name: 'run one',
    params: 7.61e9,
    family: 'qwen2.5',
    quantization: 'bf16',
    hf_id: null,
    label: 'Qwen 7B',
    engine: 'openai · vLLM 0.6.3',
    device: 'server gpu:8000',
    template: 'server',
    app_version: '0.2.0 · 1a2b3c4',
    ...over,
  };
}

const MODELS = [
  { model: '7b', params: 7.61e9, run: 'r1', run_name: 'run one' },
  { model: '14b', params: 14e9, run: 'r1', run_name: 'run one' },
  { model: '32b', params: 32e9, run: 'r2', run_name: 'run two' },
];
const ROWS: StudyRow[] = MODELS.flatMap((m) => [
  studyRow({ ...m, label: m.model, condition: 'q', value: 0.2 }),
  studyRow({ ...m, label: m.model, condition: 'q_if', value: 0.1 }),
  // Not drawn: a per-category row and a contrast.
  studyRow({ ...m, condition: 'q', category: 'Age' }),
  studyRow({ ...m, condition: 'q_if', baseline: 'q', value: -0.1 }),
]);

describe('studyScalingSpec', () => {
  const fig = studyScalingSpec({ benchmark: bbq, rows: ROWS, facet: 'family', familyLabel });

  it("shows the paper's panel as a run's scaling figure does: band, spread, checkpoint and caveat", () => {
    for (const [benchmark, metric] of [
      [bbq, 'ambiguous_bias'],
      [winogender, 'pearson_rho'],
      [admissions, 'discrimination'],
    ] as const) {
      const rows = ROWS.map((r) => ({ ...r, benchmark: benchmark.id, metric }));
      const study = studyScalingSpec({ benchmark, rows, facet: 'family', familyLabel, metric });
      const paper = paperPanel(benchmark.id, metric);
      expect(paper.notes.length, benchmark.id).toBeGreaterThan(0);
      for (const note of paper.notes) expect(study.main.caption, benchmark.id).toContain(note);
      const run = scalingSpec({ benchmark, rows: [], sizes: catalogueSizes(), family: null, metric });
      for (const note of paper.notes) expect(run.main.caption, benchmark.id).toContain(note);
    }
    // The admissions caveat ("grid average") and the ≤22B band are among them.
    expect(paperPanel('admissions', 'discrimination').notes.join(' ')).toMatch(/grid/);
    expect(paperPanel('bbq', 'ambiguous_bias').notes.join(' ')).toMatch(/Grey band/);
    // Hidden on request.
    const hidden = studyScalingSpec({ benchmark: bbq, rows: ROWS, facet: 'family', familyLabel, reference: false });
    expect(hidden.main.caption).not.toContain(PAPER_LABEL);
  });

  it('has three sized points per condition, from both runs', () => {
    const points = fig.main.points as StudyPoint[];
    for (const c of ['q', 'q_if'] as const)
      expect(points.filter((p) => p.condition === c).map((p) => [p.model, p.run])).toEqual([
        ['7b', 'r1'],
        ['14b', 'r1'],
        ['32b', 'r2'],
      ]);
    expect(fig.unsized).toBeNull();
    expect(fig.main.caption).toContain('6 points from 2 runs, panels by family.');
  });

  it("puts the family's panel next to the paper's, and names each point's provenance in its tooltip", () => {
    expect(fig.main.plot.fx?.domain).toEqual(['Qwen2.5 Instruct', PAPER_LABEL]);
    const el = renderChart(fig.main, newWindow().document);
    expect(tagClickable(el)).toBe(6);
    const label = el.querySelector('[data-point-index="4"]')?.getAttribute('aria-label') ?? '';
    expect(label).toBe(
      '32b (32B), Question, 0.200 [0.050, 0.150], n = 24, Run: run two, Engine: openai · vLLM 0.6.3, Device: server gpu:8000, Build: bf16, Template: server, App: 0.2.0 · 1a2b3c4, Click to see the trials',
    );
  });

  it('splits panels by engine or build, and leaves the paper out when asked', () => {
    const rows = [
      ...ROWS,
      studyRow({ model: 'browser', params: 490e6, engine: 'webllm · 0.2.86', quantization: 'q4f16_1' }),
    ];
    const byEngine = studyScalingSpec({ benchmark: bbq, rows, facet: 'engine', reference: false });
    expect(byEngine.main.plot.fx?.domain).toEqual(['openai · vLLM 0.6.3', 'webllm · 0.2.86']);
    const byBuild = studyScalingSpec({ benchmark: bbq, rows, facet: 'quantization', reference: false });
    expect(byBuild.main.plot.fx?.domain).toEqual(['bf16', 'q4f16_1']);
  });

  it('shows models of unknown size apart, by model and run', () => {
    const rows = [...ROWS, studyRow({ model: 'x', label: 'mystery', params: null, run_name: 'run three' })];
    const fig2 = studyScalingSpec({ benchmark: bbq, rows, facet: 'family' });
    expect(fig2.unsized?.points).toHaveLength(1);
    expect(fig2.unsized?.plot.y?.domain).toEqual(['mystery · run three']);
    expect(fig2.main.caption).toContain('1 model of unknown size shown separately: mystery.');
  });
});

describe('buildsSpec', () => {
  it('puts each build of a model on its own row', () => {
    const rows = [
      studyRow({ quantization: 'q4f16_1', params: 490e6 }),
      studyRow({ quantization: 'q4f32_1', params: 490e6, value: 0.3 }),
    ];
    const spec = buildsSpec({ benchmark: bbq, rows, familyLabel });
    expect(spec.plot.y?.domain).toEqual(['Qwen2.5 Instruct 490M · q4f16_1', 'Qwen2.5 Instruct 490M · q4f32_1']);
    expect(spec.points.map((p) => p.value)).toEqual([0.1, 0.3]);
  });
});
