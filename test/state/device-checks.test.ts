/**
 * "Check this device" in the page's state: a self-test's result is kept in this browser (latest
 * per model and GPU, read back and validated on the next visit), the run estimate times a model
 * from its measured rates (and says so), and a run records the checks of its models on the device
 * that runs it, at start and when resumed on another one; no run starts while a self-test runs.
 */
import { describe, expect, it } from 'vitest';
import { admissions } from '../../src/lib/benchmarks/admissions';
import type { Benchmark } from '../../src/lib/benchmarks/types';
import type { DeviceInfo } from '../../src/lib/core/records';
import { EngineFailure } from '../../src/lib/engine/types';
import { createInlineSummarizer } from '../../src/lib/results/summarizer';
import { buildAppState } from '../../src/state/app';
import { DeviceChecks } from '../../src/state/device-checks.svelte';
import type { Services } from '../../src/state/services';
import { OTHER_DEVICE, sampleDeviceCheck, TEST_DEVICE } from '../doubles/device-checks';
import { openFreshStore } from '../doubles/fresh-store';
import { MemoryBus } from '../doubles/memory-coordinator';
import { MemoryStorage } from '../doubles/memory-storage';
import { ScriptedEngine } from '../doubles/scripted-engine';

/** DeviceChecks whose self-test answers with the sample check on `device()`. */
function checks(storage: Storage, device: () => DeviceInfo = () => TEST_DEVICE, fail?: EngineFailure) {
  let n = 0;
  return new DeviceChecks({
    run: async (model, onProgress) => {
      onProgress({ fraction: 0.5, text: 'loading' });
      if (fail) throw fail;
      n += 1;
      return sampleDeviceCheck({ model, device: device(), now: new Date(Date.UTC(2025, 4, n)) });
    },
    interrupt: () => undefined,
    detect: async () => device(),
    storage,
  });
}

describe('DeviceChecks', () => {
  it('keeps the latest check per model and GPU in this browser, and reads it back', async () => {
    const storage = new MemoryStorage();
    let device = TEST_DEVICE;
    const dc = checks(storage, () => device);
    await dc.detect();
    expect(dc.latest('m')).toBeNull();
    const first = await dc.check('m');
    const second = await dc.check('m');
    expect(dc.all).toEqual([second]); // the same model on the same GPU: replaced
    device = OTHER_DEVICE;
    const elsewhere = await dc.check('m');
    expect(dc.all).toEqual([elsewhere, second]);
    expect(dc.latest('m', TEST_DEVICE)).toEqual(second);
    expect(first?.id).not.toBe(second?.id);

    const again = checks(storage);
    expect(again.all).toEqual([elsewhere, second]);
    await again.detect();
    expect(again.latest('m')).toEqual(second);
    expect(again.speed('m')).toEqual(second?.speed);
    expect(again.speed('other')).toBeNull();
  });

  it('drops a saved entry that does not validate, keeping the others', () => {
    const storage = new MemoryStorage();
    const good = sampleDeviceCheck();
    storage.setItem('device-checks', JSON.stringify([{ ...good, passed: 'yes' }, good]));
    expect(checks(storage).all).toEqual([good]);
    storage.setItem('device-checks', '{not json');
    expect(checks(storage).all).toEqual([]);
  });

  it('shows progress while it runs and keeps why it failed', async () => {
    const lost = new EngineFailure({ kind: 'device_lost', message: 'The GPU device was lost.' });
    const dc = checks(new MemoryStorage(), undefined, lost);
    const running = dc.check('m');
    expect(dc.running).toEqual({ model: 'm', progress: { fraction: 0.5, text: 'loading' } });
    await expect(running).resolves.toBeNull();
    expect(dc.running).toBeNull();
    expect(dc.error).toEqual({ model: 'm', error: lost.error });
    expect(dc.all).toEqual([]);
  });
});

function services(device: () => DeviceInfo) {
  return async (): Promise<Services> => ({
    store: await openFreshStore(),
    engineFor: () => new ScriptedEngine(),
    concurrencyFor: () => 1,
    check: async () => ({ kind: 'ready', notes: [], device: 'test GPU', gpu: device() }),
    cachedModels: async () => ({}),
    coordinator: new MemoryBus().tab('solo'),
    summarize: createInlineSummarizer(),
    summarizeColumns: async () => [],
    metricsRecipe: () => null,
    device: async () => ({ kind: 'blocked', error: { kind: 'no_webgpu', message: 'no GPU here' } }),
    fetch: async () => {
      throw new TypeError('no network');
    },
    benchmarks: [admissions as Benchmark<unknown>],
  });
}

describe('the estimate and the run record', () => {
  it('times a checked model from its measured rates and says which models are measured', async () => {
    const dc = checks(new MemoryStorage());
    await dc.detect();
    const app = buildAppState(await services(() => TEST_DEVICE)(), { deviceChecks: dc });
    app.setup.models = ['Qwen2.5-0.5B-Instruct-q4f32_1-MLC', 'unchecked-custom'];
    app.setup.benchmarks = ['admissions'];
    app.setup.conditions = ['q', 'q_if', 'q_if_cot'];
    app.setup.sampleSize = 10;
    expect(app.setup.estimateSeconds).toBeNull(); // the custom model has no size and no check
    await dc.check('unchecked-custom');
    app.setup.models = ['unchecked-custom'];
    expect(app.setup.estimateBasis).toEqual({ measured: ['unchecked-custom'], assumed: [] });
    // The sample check measured 800 prompt tokens/s and 40 decoded tokens/s, no admissions prompt:
    // 250 prompt tokens each; reasoning reads 250, writes 256 and answers over 506.
    const perItem = 250 / 800 + 250 / 800 + (250 / 800 + 256 / 40 + 506 / 800);
    expect(app.setup.estimateSeconds).toBeCloseTo(10 * perItem, 9);
    app.setup.models = ['Qwen2.5-0.5B-Instruct-q4f32_1-MLC', 'unchecked-custom'];
    expect(app.setup.estimateBasis).toEqual({
      measured: ['unchecked-custom'],
      assumed: ['Qwen2.5-0.5B-Instruct-q4f32_1-MLC'],
    });
  });

  it('records the checks of the run models on this device, and adds another device on resume', async () => {
    let device = TEST_DEVICE;
    const dc = checks(new MemoryStorage(), () => device);
    const here = await dc.check('model-a');
    const app = buildAppState(await services(() => device)(), { deviceChecks: dc });
    app.setup.models = ['model-a', 'model-b'];
    app.setup.benchmarks = ['admissions'];
    app.setup.conditions = ['q'];
    app.setup.sampleSize = 2;
    await app.session.start(app.setup.buildSpec());
    expect(app.session.phase).toBe('done');
    const runId = app.session.runId ?? '';
    expect((await app.services.store.getRun(runId))?.deviceChecks).toEqual([here]);

    device = OTHER_DEVICE;
    const there = await dc.check('model-b');
    await app.session.resume(runId);
    const run = await app.services.store.getRun(runId);
    expect(run?.deviceChecks).toEqual([here, there]);
    expect(run?.schema).toBe(3);
  });

  it('does not start a run while a self-test is running', async () => {
    const dc = checks(new MemoryStorage());
    const app = buildAppState(await services(() => TEST_DEVICE)(), { deviceChecks: dc });
    app.setup.models = ['model-a'];
    app.setup.benchmarks = ['admissions'];
    dc.running = { model: 'model-a', progress: null };
    await app.session.start(app.setup.buildSpec());
    expect(app.session.error?.kind).toBe('device_check_running');
    expect(await app.services.store.listRuns()).toEqual([]);
  });
});
