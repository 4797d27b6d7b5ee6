/**
 * The slides of a talk about one run: a title slide, then per benchmark the headline figure by
 * model size, the paired effects, and the largest model's detail figures, each with its own
 * takeaway computed from the data (docs/method.md §6), and the caller's note on a sample too
 * small for its thresholds. Pure: rebuilt whenever the rows change, so slides update live.
 */
import type { MetricRow, RunRecord, TrialRecord } from '../core/records';
import { formatInteger } from '../core/format';
import { contrastSpec } from './contrast';
import type { Presentation } from './figures';
import type { BenchmarkCharting } from './metrics';
import { scalingSpec } from './scaling';
import type { SizeLookup } from '../core/sizes';
import type { ChartSpec } from './spec';
import { buildTakeaway, scalingTakeaway } from './takeaway';

export interface Slide {
  readonly id: string;
  readonly title: string;
  readonly takeaway: string;
  readonly spec: ChartSpec | null;
}

/** A benchmark as the slides need it: its charting fields, its model figures and warnings (benchmarks/present.ts). */
export interface SlideBenchmark extends BenchmarkCharting, Pick<Presentation, 'modelFigures' | 'warnings'> {}

export interface SlidesInput {
  readonly run: RunRecord;
  readonly rows: readonly MetricRow[];
  readonly trials: readonly TrialRecord[];
  readonly sizes: SizeLookup;
  readonly benchmarks: readonly SlideBenchmark[];
  /** Per benchmark id, a sentence added to its takeaways (the sample planner's, when the sample is too small). */
  readonly notes?: Readonly<Partial<Record<string, string>>>;
}

export function buildSlides(input: SlidesInput): Slide[] {
  const { run, rows, sizes } = input;
  const done = input.trials.filter((t) => t.status === 'ok').length;
  const slides: Slide[] = [
    {
      id: 'title',
      title: 'Can language models correct their own bias when asked?',
      takeaway: `${run.spec.models.map((m) => sizes(m).label).join(', ')} · ${formatInteger(done)} of ${formatInteger(run.plannedTrials)} trials · seed ${run.spec.seed}`,
      spec: null,
    },
  ];
  for (const benchmark of input.benchmarks) {
    const mine = rows.filter((r) => r.benchmark === benchmark.id);
    if (!benchmark.metrics.some((m) => m.headline) || mine.length === 0) continue;
    const label = (m: string): string => sizes(m).label;
    // Each figure gets its own sentence (docs/method.md §6), then the benchmark's warnings for the
    // models it shows (all of them, or the one of a detail figure).
    const note = input.notes?.[benchmark.id];
    const say = (sentence: string, model?: string): string =>
      [sentence, ...(benchmark.warnings?.(mine, label, model) ?? []), ...(note ? [note] : [])].join(' ');
    const family = sizes(run.spec.models[0] ?? '').family;
    slides.push({
      id: `${benchmark.id}-scaling`,
      title: benchmark.title,
      takeaway: say(scalingTakeaway(benchmark, mine, sizes)),
      spec: scalingSpec({ benchmark, rows: mine, sizes, family, reference: true }).main,
    });
    const largest = [...run.spec.models].sort((a, b) => (sizes(b).params ?? 0) - (sizes(a).params ?? 0))[0];
    slides.push({
      id: `${benchmark.id}-effects`,
      title: `${benchmark.title}: effect of asking`,
      takeaway: say(buildTakeaway(benchmark, mine, sizes)),
      spec: contrastSpec({ benchmark, rows: mine, sizes, mode: 'difference' }),
    });
    if (largest === undefined) continue;
    for (const spec of benchmark.modelFigures({
      rows: mine,
      trials: input.trials.filter((t) => t.benchmark === benchmark.id),
      model: largest,
      modelLabel: label(largest),
    })) {
      slides.push({
        id: `${benchmark.id}-${spec.id}`,
        title: spec.title,
        takeaway: say(spec.takeaway ?? buildTakeaway(benchmark, mine, sizes, largest), largest),
        spec,
      });
    }
  }
  return slides;
}
