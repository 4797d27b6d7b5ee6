/**
 * The Explorer state over a real run: a scripted engine runs admissions (items generated in
 * code, so no download) through the page's own Session into fake-indexeddb; the explorer then
 * filters the stored trials from a hash, pages them, and rebuilds every trial's prompt with the
 * stored promptHash matching, reasoning included.
 */
import { describe, expect, it } from 'vitest';
import { admissions } from '../../src/lib/benchmarks/admissions';
import type { Benchmark } from '../../src/lib/benchmarks/types';
import type { ChartPoint } from '../../src/lib/charts/spec';
import { buildAppState } from '../../src/state/app';
import { Explorer, PAGE_SIZE } from '../../src/state/explorer.svelte';
import type { Services } from '../../src/state/services';
import { candidateRows } from '../../src/lib/explorer/answer';
import { rebuildPrompt } from '../../src/lib/explorer/prompt';
import { createInlineSummarizer } from '../../src/lib/results/summarizer';
import { openFreshStore } from '../doubles/fresh-store';
import { MemoryBus } from '../doubles/memory-coordinator';
import { ScriptedEngine } from '../doubles/scripted-engine';

async function admissionsRun() {
  const store = await openFreshStore();
  const summarizer = createInlineSummarizer();
  const services: Services = {
    store,
    engineFor: () => new ScriptedEngine(),
    concurrencyFor: () => 1,
    check: async () => ({ kind: 'ready', notes: [] }),
    cachedModels: async () => ({}),
    device: async () => ({ kind: 'blocked', error: { kind: 'no_webgpu', message: 'no GPU here' } }),
    coordinator: new MemoryBus().tab('solo'),
    summarize: summarizer,
    summarizeColumns: (run, parts) => summarizer.columns(run, parts),
    metricsRecipe: () => null,
    fetch: async () => {
      throw new TypeError('offline');
    },
    benchmarks: [admissions as Benchmark<unknown>],
  };
  const app = buildAppState(services);
  app.setup.benchmarks = ['admissions'];
  app.setup.models = ['model-a', 'model-b'];
  app.setup.conditions = ['q', 'q_if_cot'];
  app.setup.sampleSize = 30;
  await app.session.start(app.setup.buildSpec());
  expect(app.session.phase).toBe('done');
  await app.library.refresh();
  const runId = app.session.runId ?? '';
  await app.library.select(runId);
  await app.library.trialsRead();
  return { app, runId };
}

describe('Explorer over a stored run', () => {
  it("filters from the hash, pages, and opens a chart point's trials", async () => {
    const { app, runId } = await admissionsRun();
    expect(app.library.trials).toHaveLength(120);

    const all = new Explorer(app, '#/explore');
    expect(all.runId).toBe(runId);
    expect(all.matches).toHaveLength(120);
    expect(all.pageCount).toBe(Math.ceil(120 / PAGE_SIZE));
    expect(all.pageTrials).toHaveLength(PAGE_SIZE);
    expect(all.facets.models).toEqual(['model-a', 'model-b']);
    expect(all.facets.groups.map((g) => g.field)).toEqual(['race', 'sex']);
    all.goToPage(3);
    expect(all.page).toBe(3);
    expect(all.pageTrials).toHaveLength(120 - 2 * PAGE_SIZE);
    all.setFilter({ model: 'model-b' });
    expect(all.query.page).toBe(1);
    expect(all.matches).toHaveLength(60);
    all.setFilter({ category: 'Black' });
    expect(all.matches).toHaveLength(30);

    const linked = new Explorer(app, `#/explore?run=${runId}&model=model-a&condition=q_if_cot&category=white`);
    expect(linked.matches).toHaveLength(15);
    expect(
      linked.matches.every((t) => t.model === 'model-a' && t.condition === 'q_if_cot' && t.item.race === 'white'),
    ).toBe(true);

    const point: ChartPoint = {
      benchmark: 'admissions',
      model: 'model-b',
      condition: 'q',
      category: null,
      metric: 'p_yes_black',
      value: 0.5,
      ci_low: null,
      ci_high: null,
      n: 15,
    };
    linked.openFor(point);
    expect(linked.query).toMatchObject({
      run: runId,
      model: 'model-b',
      condition: 'q',
      category: 'Black',
      benchmark: 'admissions',
    });
    expect(linked.matches).toHaveLength(15);

    expect(new Explorer(app, '#/explore?run=nope').runMissing).toBe(true);
  });

  it("rebuilds each trial's prompt exactly as hashed when it was sent", async () => {
    const { app } = await admissionsRun();
    const explorer = new Explorer(app, '#/explore');
    expect(explorer.itemData('admissions').kind).toBe('absent');
    explorer.loadItemsAtHand(['admissions']);
    await expect.poll(() => explorer.itemData('admissions').kind).toBe('ready');
    for (const trial of explorer.matches) {
      const item = explorer.itemFor(trial);
      expect(item, trial.itemKey).toBeDefined();
      const rebuilt = rebuildPrompt(admissions as Benchmark<unknown>, item, trial);
      if (rebuilt.kind !== 'ok') throw new Error(rebuilt.message);
      expect(rebuilt.hashMatches, trial.key).toBe(true);
      expect(rebuilt.steps).toHaveLength(trial.condition === 'q_if_cot' ? 2 : 1);
      if (trial.condition === 'q_if_cot')
        expect(rebuilt.steps[1]?.dialogue.messages[1]?.content).toContain(trial.reasoning[0] ?? '?');
      const rows = candidateRows(trial, rebuilt.candidates);
      expect(rows.map((r) => r.id)).toEqual(['yes', 'no']);
      expect(rows.filter((r) => r.chosen).map((r) => r.id)).toEqual([trial.answer]);
    }
    const tampered = rebuildPrompt(admissions as Benchmark<unknown>, explorer.itemFor(explorer.matches[0]!), {
      ...explorer.matches[0]!,
      promptHash: 'x',
    });
    expect(rebuilt(tampered)).toBe(false);
  });
});

function rebuilt(r: ReturnType<typeof rebuildPrompt>): boolean {
  return r.kind === 'ok' && r.hashMatches;
}
