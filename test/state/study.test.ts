/**
 * The Study view's state over real storage, and `cli study` on the same files: the same rows,
 * because both call lib/study's `buildStudy` on `summarizeRun`'s rows (issue 14). Also: several
 * files imported at once, a run already stored reported and not doubled, "all runs with these
 * items", and a run with other items listed with its reason and left out.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../../src/lib/benchmarks/registry';
import { createInlineSummarizer } from '../../src/lib/results/summarizer';
import { main } from '../../src/cli/commands';
import { buildAppState } from '../../src/state/app';
import type { Services } from '../../src/state/services';
import { openFreshStore } from '../doubles/fresh-store';
import { MemoryBus } from '../doubles/memory-coordinator';
import { ScriptedEngine } from '../doubles/scripted-engine';
import { studyFiles } from '../doubles/study-files';

async function page() {
  const store = await openFreshStore();
  const services: Services = {
    store,
    engineFor: () => new ScriptedEngine(),
    concurrencyFor: () => 1,
    check: async () => ({ kind: 'ready', notes: [] }),
    cachedModels: async () => ({}),
    coordinator: new MemoryBus().tab('solo'),
    summarize: createInlineSummarizer(),
    fetch: () => Promise.reject(new Error('no network in tests')),
    benchmarks: BENCHMARKS,
  };
  return buildAppState(services);
}

describe('a study on the page and from the command line', () => {
  it('gives the same rows and runs for the same files', async () => {
    const files = await studyFiles();
    const dir = mkdtempSync(join(tmpdir(), 'study-'));
    const paths = files.map((f) => {
      const path = join(dir, f.name);
      writeFileSync(path, f.text);
      return path;
    });
    let out = '';
    let err = '';
    // Files given in another order than the runs were made: the study orders runs itself.
    const code = await main(['study', ...[...paths].reverse()], { out: (t) => (out += t), err: (t) => (err += t) });
    expect(code).toBe(0);
    expect(err).toMatch(/Merged 3 run\(s\)/);
    expect(err).toMatch(
      /run-other-items: left out of admissions comparisons: its 12 items are not the study's 12 \(\d+ in common; seed 2, the study's 1\)/,
    );
    const cli = JSON.parse(out) as { metrics: unknown[]; runs: unknown[] };

    const app = await page();
    await app.study.importFiles(files);
    await app.study.settled();
    expect(app.study.chosen).toEqual(['run-two', 'run-third', 'run-other-items']);
    const shown = JSON.parse(JSON.stringify(app.study.study)) as typeof cli;
    expect(shown.metrics.length).toBeGreaterThan(0);
    expect(shown).toEqual(cli);

    // Three sized models in the study's rows, each with its params; none of the run with other items.
    const headline = app.study.study.metrics.filter(
      (r) => r.metric === 'discrimination' && r.condition === 'q' && r.category === null && r.baseline === undefined,
    );
    expect(headline.map((r) => [r.model, r.params])).toEqual([
      ['Qwen/Qwen2.5-7B-Instruct', 7.61e9],
      ['Qwen/Qwen2.5-14B-Instruct', 14.7e9],
      ['Qwen/Qwen2.5-32B-Instruct', 32.5e9],
    ]);
    expect(headline.every((r) => r.family === 'qwen2.5' && r.engine === 'webllm · scripted 1')).toBe(true);
  }, 60_000);

  it('reports a run already stored instead of storing it twice, and adds the runs with the same items', async () => {
    const files = await studyFiles();
    const app = await page();
    await app.study.importFiles(files.slice(0, 1));
    expect(app.library.message?.text).toBe(`Imported 1 run(s) with ${24 * 2} trials.`);
    await app.study.importFiles(files);
    expect(app.library.message).toEqual({
      kind: 'ok',
      text: 'Imported 2 run(s) with 48 trials. Already stored, not imported again: “admissions · Qwen/Qwen2.5-7B-Instruct, Qwen/Qwen2.5-14B-Instruct · 12 items · seed 1”.',
    });
    expect((await app.services.store.listRuns()).map((r) => r.id).sort()).toEqual([
      'run-other-items',
      'run-third',
      'run-two',
    ]);
    app.study.set([]);
    app.study.addWithItems('run-third');
    expect([...app.study.chosen].sort()).toEqual(['run-third', 'run-two']);
  }, 60_000);
});
