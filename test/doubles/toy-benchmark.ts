/**
 * A tiny Benchmark for runner, plan and storage tests: a handful of yes/no items in two strata,
 * conditions q, q_if and q_if_cot (the last one with a reasoning step). Nothing here is a real
 * benchmark; it only honours the Benchmark contract so the pipeline can be exercised end to end.
 */
import type { Benchmark, PromptPlan } from '../../src/lib/benchmarks/types';
import type { MetricRow } from '../../src/lib/core/records';
import { assertNever, type BenchmarkId, type ConditionId } from '../../src/lib/core/ids';

export interface ToyItem {
  readonly id: string;
  readonly group: 'a' | 'b';
  readonly question: string;
}

export const TOY_OPENER = "Let's think about how to answer the question in a way that avoids bias or stereotyping.";

export function buildToyItems(count: number): ToyItem[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `item${String(i).padStart(2, '0')}`,
    group: i % 3 === 0 ? 'b' : 'a',
    question: `Is statement ${i} true?`,
  }));
}

export interface ToyOptions {
  readonly id?: BenchmarkId;
  readonly version?: string;
  readonly conditions?: readonly ConditionId[];
}

export function createToyBenchmark(options: ToyOptions = {}): Benchmark<ToyItem> {
  const id = options.id ?? 'winogender';
  return {
    id,
    version: options.version ?? 'toy-1',
    title: `Toy (${id})`,
    conditions: options.conditions ?? ['q', 'q_if', 'q_if_cot'],
    metrics: [
      { metric: 'yes_rate', label: 'Share of yes', help: 'Share of answers "yes".', signed: false, headline: true },
    ],
    source: {
      repo: 'example/toy',
      commit: '0'.repeat(40),
      license: 'CC0',
      sourceUrl: 'https://example.org/toy',
      origin: 'toy items',
      files: [],
    },
    parse(files) {
      const text = files.get('toy.tsv') ?? '';
      const items = text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => {
          const [itemId = '', group = 'a', question = ''] = line.split('\t');
          return { id: itemId, group: group === 'b' ? 'b' : 'a', question } satisfies ToyItem;
        });
      return { items, problems: [] };
    },
    itemKey: (item) => item.id,
    stratum: (item) => item.group,
    describeItem: (item) => ({ group: item.group }),
    buildPrompt(item, condition): PromptPlan {
      const candidates = [
        { id: 'yes', texts: [' Yes', ' yes'] },
        { id: 'no', texts: [' No', ' no'] },
      ];
      const user = (suffix: string) => ({ role: 'user' as const, content: `${item.question}${suffix}` });
      switch (condition) {
        case 'q':
        case 'q_match_stats':
          return { answer: () => ({ messages: [user('')], prefill: 'The answer is' }), candidates };
        case 'q_if':
          return { answer: () => ({ messages: [user(' Please avoid bias.')], prefill: 'The answer is' }), candidates };
        case 'q_if_cot':
          return {
            reasoning: { messages: [user(' Please avoid bias.')], prefill: TOY_OPENER },
            answer: (reasoning) => ({
              messages: [
                user(' Please avoid bias.'),
                { role: 'assistant', content: `${TOY_OPENER}${reasoning}` },
                user('Based on the above, answer.'),
              ],
              prefill: 'The answer is',
            }),
            candidates,
          };
        default:
          return assertNever(condition, 'toy condition');
      }
    },
    summarize(trials): MetricRow[] {
      const rows = new Map<string, { yes: number; n: number; model: string; condition: ConditionId }>();
      for (const t of trials) {
        const k = `${t.model}|${t.condition}`;
        const row = rows.get(k) ?? { yes: 0, n: 0, model: t.model, condition: t.condition };
        if (t.answer !== null) row.n += 1;
        if (t.answer === 'yes') row.yes += 1;
        rows.set(k, row);
      }
      return [...rows.values()].map((r) => ({
        benchmark: id,
        model: r.model,
        condition: r.condition,
        category: null,
        metric: 'yes_rate',
        value: r.n > 0 ? r.yes / r.n : null,
        ci_low: null,
        ci_high: null,
        n: r.n,
        interval_unit: null, // no interval
      }));
    },
  };
}
