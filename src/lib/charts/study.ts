/**
 * A study's figures (issue 14): the headline metric against model size over every run's models,
 * faceted by family, engine or build, with the paper's panel alongside as on a run's scaling
 * figure; models of unknown size as unconnected rows; and "same model, different quantization"
 * side by side. Every point's tooltip names what made it (run, engine, device, build, template,
 * app). Pure: study rows in, specs out.
 *
 * Invariants (as scaling.ts): a point needs a recorded size to sit on the size axis; lines join
 * only points of one condition, family, build and engine kind, smallest first; the paper's values
 * are never on a line with measured ones.
 */
import type * as Plot from '@observablehq/plot';
import * as P from '@observablehq/plot';
import { CONDITION_LABELS, CONDITIONS } from '../core/conditions';
import { formatEstimate, formatInteger, plural } from '../core/format';
import type { ConditionId } from '../core/ids';
import { formatParams } from '../core/sizes';
import type { StudyRow } from '../core/study';
import { conditionColor, dodge, missingNote, orderConditions, undefinedNote } from './conditions';
import { bottomMargin, fitText, heightIn, rowAxis, type Frame } from './frame';
import { conditionLegend, type LegendEntry } from './legend';
import { conditionDots, dodgeStep, sizedPointMarks } from './marks';
import { metricInfo, toPoint, type BenchmarkCharting } from './metrics';
import { paperMarks, paperPanel, paperRegion } from './paper-panel';
import { PAPER_LABEL } from './reference';
import { sizeTicks } from './scaling';
import { makeSpec, type ChartPoint, type ChartSpec } from './spec';

/** What the panels of the study's size figure split by. */
export type StudyFacet = 'family' | 'engine' | 'quantization';

export const FACET_LABELS: Readonly<Record<StudyFacet, string>> = {
  family: 'Family',
  engine: 'Engine',
  quantization: 'Build (quantization)',
};

/** A drawn point: the metric row as a chart point, with the run it came from (to open its trials). */
export interface StudyPoint extends ChartPoint {
  readonly run: string;
  readonly row: StudyRow;
}

interface SizedPoint extends StudyPoint {
  readonly params: number;
  readonly panel: string;
  readonly series: string | null;
}

export interface StudyFigureInput {
  readonly benchmark: BenchmarkCharting;
  readonly rows: readonly StudyRow[];
  readonly facet: StudyFacet;
  /** The paper's values in their own panel (default true). */
  readonly reference?: boolean;
  /** Display name of a family id (catalogue families by their label). */
  readonly familyLabel?: (family: string) => string;
  /** Defaults to the benchmark's headline metric. */
  readonly metric?: string;
}

export interface StudyFigure {
  readonly main: ChartSpec;
  /** Points of models without a recorded size (null when there are none). */
  readonly unsized: ChartSpec | null;
}

/** The lines of a point's tooltip that say what made it. */
export function provenanceLines(r: StudyRow): string[] {
  return [
    `Run: ${r.run_name}`,
    `Engine: ${r.engine}`,
    `Device: ${r.device ?? 'not recorded'}`,
    `Build: ${r.quantization ?? 'unknown'}`,
    `Template: ${r.template ?? 'not recorded'}`,
    `App: ${r.app_version}`,
  ];
}

function title(p: StudyPoint): string {
  const r = p.row;
  const size = r.params === null ? 'size unknown' : formatParams(r.params);
  return [
    `${r.label} (${size})`,
    CONDITION_LABELS[p.condition],
    `${formatEstimate(p.value, p.ci_low, p.ci_high)}, n = ${formatInteger(p.n)}`,
    ...provenanceLines(r),
    'Click to see the trials',
  ].join('\n');
}

function studyPoint(r: StudyRow): StudyPoint | null {
  const point = toPoint(r);
  return point === null ? null : { ...point, run: r.run, row: r };
}

/** The study's overall rows of one metric (no contrasts). */
function overallRows(rows: readonly StudyRow[], benchmark: string, metric: string): StudyRow[] {
  return rows.filter(
    (r) => r.benchmark === benchmark && r.metric === metric && r.category === null && r.baseline === undefined,
  );
}

function panelOf(r: StudyRow, facet: StudyFacet, familyLabel: (f: string) => string): string {
  if (facet === 'family') return r.family === null ? 'Family unknown' : familyLabel(r.family);
  if (facet === 'engine') return r.engine;
  return r.quantization ?? 'Build unknown';
}

export function studyScalingSpec(input: StudyFigureInput): StudyFigure {
  const info = metricInfo(input.benchmark, input.metric);
  const familyLabel = input.familyLabel ?? ((f: string) => f);
  const rows = overallRows(input.rows, input.benchmark.id, info.metric);
  const sized: SizedPoint[] = [];
  const unsizedRows: StudyRow[] = [];
  for (const r of rows) {
    if (r.params === null) {
      unsizedRows.push(r);
      continue;
    }
    const point = studyPoint(r);
    if (point === null) continue;
    sized.push({
      ...point,
      params: r.params,
      panel: panelOf(r, input.facet, familyLabel),
      series:
        r.family === null
          ? null
          : `${r.condition}|${r.family}|${r.quantization ?? ''}|${r.engine.split(' ')[0] ?? ''}|${panelOf(r, input.facet, familyLabel)}`,
    });
  }
  const lines = sized
    .filter((p) => p.series !== null && sized.some((q) => q !== p && q.series === p.series))
    .sort((a, b) => a.params - b.params);
  const paper = paperPanel(input.benchmark.id, info.metric, input.reference !== false);
  const refs = paper.points;
  const measured = orderConditions(rows.map((r) => r.condition));
  const conditions = orderConditions([...measured, ...refs.map((r) => r.condition)]);
  const panels = [...new Set(sized.map((p) => p.panel)), ...(refs.length > 0 ? [PAPER_LABEL] : [])];
  const allParams = [...sized.map((p) => p.params), ...paper.params];
  const lo = Math.min(...allParams, 1e9) / 1.4;
  const hi = Math.max(...allParams, 1e9) * 1.4;

  const marginLeft = (frame: Frame): number => Math.round(frame.font * 5);
  const marginRight = (frame: Frame): number => Math.round(frame.font * 1.5);
  // One panel's width: its size ticks thin out and its name and band label are cut to fit it (a phone).
  const panelPx = (frame: Frame): number =>
    ((frame.width ?? 640) - marginLeft(frame) - marginRight(frame)) / Math.max(panels.length, 1);
  const marksAt = (frame: Frame): Plot.Markish[] => {
    const marks: Plot.Markish[] = [
      P.ruleY([0], { strokeOpacity: 0.5 }),
      ...paperRegion(paper, frame, (from, to) => panelPx(frame) * (Math.log(to / from) / Math.log(hi / lo))),
    ];
    for (const c of conditions) {
      const { dash } = CONDITIONS[c];
      const dx = dodge(c, conditions, frame.dot + 0.5);
      const mine = (p: { readonly condition: ConditionId }): boolean => p.condition === c;
      if (lines.some(mine))
        marks.push(
          P.line(lines.filter(mine), {
            x: 'params',
            y: 'value',
            z: 'series',
            fx: 'panel',
            stroke: () => c,
            strokeDasharray: dash ?? undefined,
            strokeWidth: frame.line,
            dx,
          }),
        );
      marks.push(...sizedPointMarks(sized, c, { frame, dx, title }), ...paperMarks(paper, c, frame));
    }
    return marks;
  };

  const runs = new Set(rows.map((r) => r.run));
  const unsizedModels = [...new Set(unsizedRows.map((r) => r.label))];
  const notes = [
    ...(rows.length === 0 ? ['No results in this study for this benchmark.'] : []),
    `${plural(sized.length, 'point')} from ${plural(runs.size, 'run')}, panels by ${FACET_LABELS[input.facet].toLowerCase()}.`,
    ...(lines.length > 0 ? ['Lines join the models of one family, build and engine, per condition.'] : []),
    'Vertical bars: 95% bootstrap intervals.',
    ...undefinedNote(rows.filter((r) => r.value === null).length, info.undefinedWhen ?? ''),
    ...missingNote(input.benchmark.conditions, measured),
    ...(unsizedModels.length > 0
      ? [`${plural(unsizedModels.length, 'model')} of unknown size shown separately: ${unsizedModels.join(', ')}.`]
      : []),
    ...paper.notes,
  ];
  const main = makeSpec({
    id: `study-${input.benchmark.id}-${info.metric}-${input.facet}`,
    title: `${info.label} by model size, all runs of the study`,
    subtitle: `${info.label} against parameter count (log scale), one colour and shape per condition, one panel per ${FACET_LABELS[input.facet].toLowerCase()}.`,
    notes,
    points: sized,
    legend: [
      ...conditionLegend(conditions, lines.length > 0 || refs.length > 0),
      ...(refs.length > 0
        ? [{ label: PAPER_LABEL, color: 'currentColor', shape: 'circle', filled: false } satisfies LegendEntry]
        : []),
    ],
    plot: (frame) => {
      const panel = panelPx(frame);
      return {
        height: heightIn(frame, 400),
        marginTop: Math.round(frame.font * 2.5),
        marginLeft: marginLeft(frame),
        marginRight: marginRight(frame),
        marginBottom: bottomMargin(frame),
        x: {
          type: 'log',
          domain: [lo, hi],
          ticks: sizeTicks(lo, hi, (panel * 0.85) / Math.log10(hi / lo), frame.font * 5),
          tickFormat: formatParams,
          label: 'Parameters (log scale)',
          labelOffset: Math.round(frame.font * 3),
        },
        y: { label: info.label, labelAnchor: 'center', grid: true, nice: true },
        fx: { domain: panels, label: null, padding: 0.12, tickFormat: (p: string) => fitText(p, panel, frame.font) },
        color: conditionColor(conditions),
        marks: marksAt(frame),
      };
    },
  });
  const unsized =
    unsizedRows.length === 0
      ? null
      : rowChart({
          id: `study-unsized-${input.benchmark.id}-${info.metric}`,
          title: `${info.label}, models of unknown size`,
          subtitle: `${info.label} per model and run; no size was recorded for these models, so they are not on the size axis.`,
          label: info.label,
          rows: unsizedRows,
          rowLabel: (r) => `${r.label} · ${r.run_name}`,
        });
  return { main, unsized };
}

/** One row per labelled study row group, a dot per condition with its interval (unsized models, builds). */
function rowChart(o: {
  id: string;
  title: string;
  subtitle: string;
  label: string;
  rows: readonly StudyRow[];
  rowLabel: (r: StudyRow) => string;
  notes?: readonly string[];
}): ChartSpec {
  const points = o.rows.map(studyPoint).filter((p): p is StudyPoint => p !== null);
  const conditions = orderConditions(o.rows.map((r) => r.condition));
  const labels = [...new Set(o.rows.map(o.rowLabel))];
  const y = (p: ChartPoint): string => o.rowLabel((p as StudyPoint).row);
  return makeSpec({
    id: o.id,
    title: o.title,
    subtitle: o.subtitle,
    notes: [
      ...(o.notes ?? []),
      'Horizontal bars: 95% bootstrap intervals.',
      ...undefinedNote(o.rows.filter((r) => r.value === null).length),
    ],
    points,
    legend: conditionLegend(conditions),
    plot: (frame) => {
      const rowPx = 16 + 10 * Math.max(conditions.length, 1);
      return {
        ...rowAxis(labels, frame),
        height: heightIn(frame, 60 + labels.length * rowPx),
        marginBottom: bottomMargin(frame),
        x: { label: o.label, grid: true, nice: true, labelOffset: Math.round(frame.font * 3) },
        color: conditionColor(conditions),
        marks: [
          P.ruleX([0], { strokeOpacity: 0.5 }),
          ...conditionDots(points, conditions, {
            y,
            step: dodgeStep(frame, 5, rowPx, conditions.length),
            frame,
            title: (p) => title(p as StudyPoint),
          }),
        ],
      };
    },
  });
}

export interface BuildsFigureInput {
  readonly benchmark: BenchmarkCharting;
  /** Rows of the models present in several builds (builds.ts `BuildComparison.rows`, concatenated). */
  readonly rows: readonly StudyRow[];
  readonly familyLabel?: (family: string) => string;
}

/** "Same model, different quantization": each build of each such model on its own row, conditions dodged. */
export function buildsSpec(input: BuildsFigureInput): ChartSpec {
  const familyLabel = input.familyLabel ?? ((f: string) => f);
  const metric = input.rows[0]?.metric;
  const info = metricInfo(input.benchmark, metric);
  return rowChart({
    id: `study-builds-${input.benchmark.id}-${info.metric}`,
    title: `${info.label}, same model in different builds`,
    subtitle: `${info.label} of each build (quantization) of a model, per condition, on the same items.`,
    label: info.label,
    rows: input.rows,
    rowLabel: (r) =>
      `${r.family === null ? r.label : familyLabel(r.family)} ${r.params === null ? '' : formatParams(r.params)} · ${r.quantization ?? 'unknown build'}`,
  });
}
