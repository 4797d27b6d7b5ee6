/**
 * The slides of a talk about one run: a title slide, then per benchmark the headline figure by
 * model size (or by model, when no model has a known size), the paired effects, and the largest
 * model's detail figures. Each figure slide says one short takeaway (the first sentence of the
 * figure's own, computed from the data, docs/method.md §6) and puts the rest in a footnote line
 * with the figure's brief notes and the caller's note on a sample too small for its thresholds;
 * the full caption stays on the Results screen. Pure: rebuilt whenever the rows change, so slides
 * update live.
 *
 * SLIDE_STAGE is the slide's size and type scale: the Present screen scales this stage to fit
 * the screen (from 1280×720 to 4K) and a 16:9 export draws the same layout.
 */
import type { MetricRow, RunRecord, TrialRecord } from '../core/records';
import { formatInteger } from '../core/format';
import { contrastSpec } from './contrast';
import type { Presentation } from './figures';
import type { BenchmarkCharting } from './metrics';
import { scalingSpec } from './scaling';
import type { SizeLookup } from '../core/sizes';
import type { ChartSpec } from './spec';
import { buildTakeaway, scalingTakeaway, SMALL_SAMPLE } from './takeaway';

/** A 16:9 slide in px at 1× (1280×720): padding, text sizes, line limits. */
export const SLIDE_STAGE = {
  width: 1280,
  height: 720,
  padX: 56,
  padTop: 32,
  padBottom: 24,
  gap: 14,
  kicker: 20,
  title: 34,
  takeaway: 24,
  footnote: 20,
  takeawayLines: 3,
  footnoteLines: 3,
} as const;

/** The words on a slide around its figure. */
export interface SlideWords {
  /** What the slide belongs to (the benchmark), above the title. */
  readonly kicker?: string;
  readonly title: string;
  /** One short sentence: the figure's result. */
  readonly takeaway: string;
  /** The details in brief: the takeaway's other sentences and the figure's notes. */
  readonly footnote: string;
}

export interface Slide extends SlideWords {
  readonly id: string;
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

/** The sentences of a takeaway (each ends with a full stop followed by a space). */
export function sentences(text: string): string[] {
  return text.split(/(?<=\.)\s+/).filter((s) => s !== '');
}

/** A figure slide: the first sentence as the takeaway, the rest and the figure's brief notes as the footnote. */
function figureSlide(id: string, kicker: string, spec: ChartSpec, said: readonly string[]): Slide {
  const [first = '', ...rest] = said.flatMap(sentences);
  return { id, kicker, title: spec.title, takeaway: first, footnote: [...rest, spec.footnote].join(' '), spec };
}

/**
 * What a figure slide says: the figure's sentence, then the planner's note on a small sample
 * first in the footnote (it must not be cut off) in place of the generic "intervals are wide",
 * then the benchmark's warnings.
 */
function saying(sentence: string, warnings: readonly string[], note: string | undefined): string[] {
  if (note === undefined) return [sentence, ...warnings];
  const [first = '', ...rest] = [sentence, ...warnings].flatMap(sentences).filter((s) => s !== SMALL_SAMPLE);
  return [first, note, ...rest];
}

export function buildSlides(input: SlidesInput): Slide[] {
  const { run, rows, sizes } = input;
  const done = input.trials.filter((t) => t.status === 'ok').length;
  const slides: Slide[] = [
    {
      id: 'title',
      title: 'Can language models correct their own bias when asked?',
      takeaway: `${run.spec.models.map((m) => sizes(m).label).join(', ')} · ${formatInteger(done)} of ${formatInteger(run.plannedTrials)} trials · seed ${run.spec.seed}`,
      footnote: 'Ganguli, Askell et al. 2023 (arXiv 2302.07459), reproduced in the browser.',
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
    const say = (sentence: string, model?: string): string[] =>
      saying(sentence, benchmark.warnings?.(mine, label, model) ?? [], note);
    const family = sizes(run.spec.models[0] ?? '').family;
    const scaling = scalingSpec({ benchmark, rows: mine, sizes, family, reference: true });
    const headline = say(scalingTakeaway(benchmark, mine, sizes));
    // Without any sized model the size axis holds only the paper: show the models by name instead.
    const sized = scaling.main.points.length > 0 || scaling.unsized === null;
    slides.push(
      figureSlide(
        `${benchmark.id}-scaling`,
        benchmark.title,
        sized ? scaling.main : (scaling.unsized ?? scaling.main),
        headline,
      ),
    );
    if (sized && scaling.unsized)
      slides.push(figureSlide(`${benchmark.id}-unsized`, benchmark.title, scaling.unsized, headline));
    slides.push(
      figureSlide(
        `${benchmark.id}-effects`,
        benchmark.title,
        contrastSpec({ benchmark, rows: mine, sizes, mode: 'difference' }),
        say(buildTakeaway(benchmark, mine, sizes)),
      ),
    );
    const largest = [...run.spec.models].sort((a, b) => (sizes(b).params ?? 0) - (sizes(a).params ?? 0))[0];
    if (largest === undefined) continue;
    for (const spec of benchmark.modelFigures({
      rows: mine,
      trials: input.trials.filter((t) => t.benchmark === benchmark.id),
      model: largest,
      modelLabel: label(largest),
    })) {
      slides.push(
        figureSlide(
          `${benchmark.id}-${spec.id}`,
          benchmark.title,
          spec,
          say(spec.takeaway ?? buildTakeaway(benchmark, mine, sizes, largest), largest),
        ),
      );
    }
  }
  return slides;
}
