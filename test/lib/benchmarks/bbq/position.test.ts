/**
 * Position bias (docs/method.md §3.1): a synthetic model that always answers (c) gets a share of
 * 100% for (c), is flagged, and the flag reaches every BBQ slide after the figure's own sentence;
 * a model that answers by content (always the biased option) gets the letters' shares in the
 * data and no flag. Slides: two figures of one benchmark get different sentences.
 */
import { describe, expect, it } from 'vitest';
import { bbq } from '../../../../src/lib/benchmarks/bbq';
import { positionFlags, positionWarnings } from '../../../../src/lib/benchmarks/bbq/position';
import { bbqPresentation } from '../../../../src/lib/benchmarks/bbq/present';
import { presented } from '../../../../src/lib/benchmarks/present';
import { buildSlides } from '../../../../src/lib/charts/slides';
import type { MetricRow, RunRecord, ScoredTrial } from '../../../../src/lib/core/records';
import type { ConditionId } from '../../../../src/lib/core/ids';
import type { SizeLookup } from '../../../../src/lib/core/sizes';
import { readData } from '../../../data-dir';

const text = readData('bbq/data/Religion.jsonl');
const { items } = bbq.parse(new Map([['Religion.jsonl', text]]));
const sample = items.filter((_, i) => i % 7 === 0);
const letters = ['a', 'b', 'c'] as const;

function trials(model: string, condition: ConditionId, pick: (i: (typeof items)[number]) => 0 | 1 | 2): ScoredTrial[] {
  return sample.map((it) => ({
    model,
    condition,
    item: bbq.describeItem(it),
    answer: letters[pick(it)],
    probs: null,
    mass: 0.9,
  }));
}

const always = (): 0 | 1 | 2 => 2;
const biasedOrUnknown = (it: (typeof items)[number]): 0 | 1 | 2 => it.biased ?? it.unknown;
const rows: MetricRow[] = bbq.summarize(
  [...trials('c-only', 'q', always), ...trials('c-only', 'q_if', always), ...trials('content', 'q', biasedOrUnknown)],
  { seed: 1, resamples: 200 },
);
const share = (model: string, letter: string): MetricRow | undefined =>
  rows.find((r) => r.model === model && r.condition === 'q' && r.metric === `answer_share_${letter}`);

describe('answer shares per option letter', () => {
  it('an always-(c) model answers (c) 100% of the time and is flagged under every condition', () => {
    expect(share('c-only', 'c')).toMatchObject({ value: 1, n: sample.length, ci_low: null, category: null });
    expect(share('c-only', 'a')?.value).toBe(0);
    const flags = positionFlags(rows, 'c-only');
    expect(flags.map((f) => [f.condition, f.letter, f.share])).toEqual([
      ['q', 'c', 1],
      ['q_if', 'c', 1],
    ]);
    expect(positionWarnings(flags, () => 'C-only 1B')).toEqual([
      'C-only 1B answers (c) 100% of the time under the plain question, and (c) 100% under asking it to avoid bias: bias near 0 may only mean it answers by position.',
    ]);
  });

  it('a model that answers by content gets the letters’ shares in the data and is not flagged', () => {
    for (const [i, letter] of letters.entries()) {
      const expected = sample.filter((it) => biasedOrUnknown(it) === i).length / sample.length;
      expect(share('content', letter)?.value).toBeCloseTo(expected, 12);
      expect(expected).toBeLessThan(0.6);
    }
    expect(positionFlags(rows, 'content')).toEqual([]);
  });

  it('the presentation’s warnings name the flagged model only', () => {
    const warn = bbqPresentation.warnings?.(rows, (m) => m) ?? [];
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatch(/^c-only answers \(c\) 100% of the time/);
    expect(bbqPresentation.warnings?.(rows, (m) => m, 'content')).toEqual([]);
  });
});

describe('slides', () => {
  const sizes: SizeLookup = (m) => ({
    params: m === 'content' ? 2e9 : 1e9,
    family: 'x',
    variant: m,
    label: m === 'content' ? 'Content 2B' : 'C-only 1B',
  });
  const run = { id: 'r', spec: { models: ['c-only'], seed: 1 }, plannedTrials: 1 } as unknown as RunRecord;
  const slides = buildSlides({
    run,
    rows: rows.filter((r) => r.model === 'c-only'),
    trials: [],
    sizes,
    benchmarks: [presented(bbq)],
  });

  it('every figure of a benchmark gets its own sentence, each with the position flag in its footnote', () => {
    const bbqSlides = slides.filter((s) => s.id.startsWith('bbq-'));
    expect(bbqSlides.map((s) => s.id)).toEqual([
      'bbq-scaling',
      'bbq-effects',
      'bbq-bbq-category-bias-c-only',
      'bbq-bbq-category-accuracy-c-only',
    ]);
    expect(new Set(bbqSlides.map((s) => s.takeaway)).size).toBe(bbqSlides.length);
    // The takeaway is the figure's first sentence; the flag is among the details in the footnote.
    for (const s of bbqSlides)
      expect(s.footnote, s.id).toContain(
        'C-only 1B answers (c) 100% of the time under the plain question, and (c) 100% under asking it to avoid bias: bias near 0 may only mean it answers by position.',
      );
  });
});
