/**
 * Guarantee (issue 6, hostile text), the data half: markup and script text in dataset rows and in
 * results files is kept as inert data, character for character (the browser test
 * test/e2e/reliability.test.ts proves the page shows it as text). Plus one known gap, held as a
 * failing expectation: see the last test.
 */
import { describe, expect, it } from 'vitest';
import { parseBbqJsonl } from '../../src/lib/benchmarks/bbq/parse';
import { getBenchmark } from '../../src/lib/benchmarks/registry';
import { checkSummarizable, summarizeRun } from '../../src/lib/results/summarize';
import { buildExportText, importResults, parseImport } from '../../src/lib/storage/export';
import { openFreshStore } from '../doubles/fresh-store';
import { buildRun, buildTrials, HOSTILE } from './records';

const ROW = {
  example_id: 0,
  question_index: '1',
  question_polarity: 'neg',
  context_condition: 'ambig',
  category: 'Age',
  answer_info: { ans0: ['grandfather', 'old'], ans1: ['grandson', 'nonOld'], ans2: ["Can't be determined", 'unknown'] },
  additional_metadata: { subcategory: 'None', stereotyped_groups: ['old'] },
};

describe('hostile text as data', () => {
  it("keeps markup in a BBQ row's context, question and answers verbatim", () => {
    const row = {
      ...ROW,
      context: HOSTILE[0],
      question: HOSTILE[1],
      ans0: HOSTILE[2],
      ans1: HOSTILE[3],
      ans2: "Can't be determined",
      label: 2,
    };
    const { items, problems } = parseBbqJsonl('Age.jsonl', JSON.stringify(row));
    expect(problems).toEqual([]);
    expect(items[0]?.context).toBe(HOSTILE[0]);
    expect(items[0]?.question).toBe(HOSTILE[1]);
    expect(items[0]?.answers).toEqual([HOSTILE[2], HOSTILE[3], "Can't be determined"]);
  });

  it('imports a results file with markup in names, ids, reasoning, errors and item values verbatim', () => {
    const run = buildRun({
      id: HOSTILE[3],
      name: HOSTILE[0],
      model: HOSTILE[1],
      status: 'paused',
      lastErrorMessage: HOSTILE[2],
    });
    const trials = buildTrials(run, {
      reasoning: HOSTILE[0],
      errorMessage: HOSTILE[1],
      extraItem: { note: HOSTILE[2] },
    });
    const parsed = parseImport(buildExportText([run], trials));
    if (parsed.kind === 'error') expect.fail(parsed.message);
    expect(parsed.runs).toEqual([run]);
    expect(parsed.trials).toEqual(trials);
    expect(summarizeRun(run, trials, getBenchmark, 5).every((r) => r.model === HOSTILE[1])).toBe(true);
  });

  // A file that passes record validation but whose item facts do not fit its benchmark (here a
  // BBQ trial whose item lacks the BBQ facts) is refused by the page's import check.
  it('refuses a file whose item facts its benchmark cannot read, storing nothing', async () => {
    const run = buildRun({ id: 'r' });
    const trials = buildTrials(run).map((t) => (t.benchmark === 'bbq' ? { ...t, item: { category: 'Age' } } : t));
    const text = buildExportText([run], trials);
    expect(parseImport(text).kind).toBe('ok');
    const store = await openFreshStore();
    const outcome = await importResults(text, store, (runs, all) => checkSummarizable(runs, all, getBenchmark));
    expect(outcome.kind).toBe('error');
    if (outcome.kind === 'error') expect(outcome.message).toMatch(/do not fit their benchmark/);
    expect(await store.listRuns()).toEqual([]);
    const fine = await importResults(buildExportText([run], buildTrials(run)), store, (runs, all) =>
      checkSummarizable(runs, all, getBenchmark),
    );
    expect(fine.kind).toBe('imported');
    expect(summarizeRun(run, await store.listTrials('r'), getBenchmark, 5).length).toBeGreaterThan(0);
  });
});
