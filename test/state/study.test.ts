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
import { buildsRunFile, studyFiles } from '../doubles/study-files';
import { buildComparisons } from '../../src/lib/study/builds';

async function page() {
  const store = await openFreshStore();
  const summarizer = createInlineSummarizer();
  const services: Services = {
    store,
    engineFor: () => new ScriptedEngine(),
    concurrencyFor: () => 1,
    check: async () => ({ kind: 'ready', notes: [] }),
    device: async () => ({ kind: 'blocked', error: { kind: 'no_webgpu', message: 'no GPU here' } }),
    cachedModels: async () => ({}),
    coordinator: new MemoryBus().tab('solo'),
    summarize: summarizer,
    summarizeColumns: (run, parts) => summarizer.columns(run, parts),
    metricsRecipe: () => null,
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

  it('compares two builds of one model, per condition, against the first build', async () => {
    const app = await page();
    await app.study.importFiles([await buildsRunFile()]);
    await app.study.settled();
    const [comparison, ...more] = buildComparisons(app.study.study.metrics, () => 'discrimination');
    expect(more).toEqual([]);
    expect(comparison).toMatchObject({ family: 'qwen2.5', params: 490e6, builds: ['q4f16_1', 'q4f32_1'] });
    const value = (model: string, condition: string) =>
      app.study.study.metrics.find(
        (r) =>
          r.model === model &&
          r.condition === condition &&
          r.metric === 'discrimination' &&
          r.category === null &&
          r.baseline === undefined,
      )?.value ?? NaN;
    expect(comparison?.differences.map((d) => d.condition)).toEqual(['q', 'q_if']);
    for (const d of comparison?.differences ?? []) {
      expect(d.reference.model).toBe('Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
      expect(d.value).toBeCloseTo(
        value('Qwen2.5-0.5B-Instruct-q4f32_1-MLC', d.condition) -
          value('Qwen2.5-0.5B-Instruct-q4f16_1-MLC', d.condition),
        12,
      );
      if (d.ci_low !== null && d.ci_high !== null && d.value !== null) {
        expect(d.ci_low).toBeLessThanOrEqual(d.value);
        expect(d.ci_high).toBeGreaterThanOrEqual(d.value);
      }
    }
  }, 60_000);
});
