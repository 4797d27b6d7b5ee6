/**
 * The composition root's wiring: the only module that picks concrete adapters (IndexedDB
 * store, web-llm worker, OpenAI-compatible HTTP engine, Web Locks coordination) and hands them
 * to the state objects as Services. The store's connection news (waiting for other tabs, closed
 * by another tab's upgrade) goes to the callback App hands in; a closed store also pauses a run.
 */
import { CANDIDATE_PROBES } from './lib/benchmarks/probes';
import { SELF_TEST_REQUEST } from './lib/benchmarks/self-test-prompts';
import { BENCHMARKS } from './lib/benchmarks/registry';
import type { StoreEvent } from './lib/storage/port';
import { allowsConnect } from './lib/core/csp';
import { checkConnection, OpenAIEngine } from './lib/engine/openai';
import { checkDevice, runPreflight } from './lib/engine/preflight';
import { EngineFailure } from './lib/engine/types';
import { buildDeviceCheck } from './lib/runner/device-check';
import { WebLLMEngine } from './lib/engine/webllm/client';
import { createSummarizer } from './lib/results/summarizer';
import { APP_COMMIT, APP_VERSION } from './lib/core/version';
import { connectResultStore } from './lib/storage/idb';
import { buildAppState, type AppState } from './state/app';
import { createBrowserCoordinator } from './state/coordination';
import { DeviceChecks } from './state/device-checks.svelte';
import { Models } from './state/models.svelte';
import { ServerSettings } from './state/server.svelte';
import type { EngineCheck, Services } from './state/services';

export interface ComposedApp {
  readonly state: AppState;
  /** Stops the model worker (page teardown). */
  dispose(): void;
}

/** The app, or nothing when the stored results belong to a newer version of the app. */
export type Composition = { readonly kind: 'ready'; readonly app: ComposedApp } | { readonly kind: 'newer_version' };

/** The built page's CSP (vite.config.ts) refuses endpoints it does not list: say so, and how to allow one. */
function blockedByPolicy(url: string): string | null {
  const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
  if (!policy || allowsConnect(policy, url, location.href)) return null;
  const origin = new URL(url).origin;
  return `This page's security policy does not allow connecting to ${origin}. Servers on this machine (http://localhost:PORT) always work; to use ${origin}, run the app from a build made with EXTRA_CONNECT_SRC=${origin} (see the README, "Servers").`;
}

/**
 * The identity of the code that computes metrics, under which computed rows are kept with a run's
 * summary: the app version and source commit of a production build from committed sources; null
 * (rows not kept) for the development server or a build with uncommitted changes, whose code the
 * commit does not pin.
 */
function summarizingCode(): string | null {
  if (import.meta.env.MODE !== 'production' || APP_COMMIT === null || APP_COMMIT.endsWith('-dirty')) return null;
  return `${APP_VERSION}+${APP_COMMIT}`;
}

export async function composeApp(onStoreEvent: (event: StoreEvent) => void): Promise<Composition> {
  // Once the state exists: a closed store fails every write, so pausing at once also stops the
  // model work whose results could not be kept.
  let pauseRun = (): void => undefined;
  const opening = await connectResultStore({
    onEvent: (event) => {
      if (event.kind === 'closed') pauseRun();
      onStoreEvent(event);
    },
  });
  if (opening.kind === 'newer_version') return { kind: 'newer_version' };
  const { store } = opening;
  const server = new ServerSettings(globalThis.localStorage, blockedByPolicy);
  let webllm: WebLLMEngine | undefined;
  const browserEngine = (): WebLLMEngine =>
    (webllm ??= new WebLLMEngine({
      resolveCustomModel: (id) => models.customModel(id),
      probes: CANDIDATE_PROBES,
      onLoaded: (info) =>
        models.recordLoad(info.modelId, {
          prompt: info.prompt,
          bos: info.bos,
          candidates: info.candidates ?? [],
          ...(info.templateNote === undefined ? {} : { templateNote: info.templateNote }),
        }),
    }));
  const models = new Models((ids) => browserEngine().cachedModels(ids));
  const summarizer = createSummarizer({ code: summarizingCode() });
  const deviceChecks = new DeviceChecks({
    run: async (modelId, onProgress) => {
      const model = models.find(modelId);
      const preflight = await runPreflight({
        label: model?.label ?? modelId,
        needsF16: model?.needsF16 ?? /f16/.test(modelId),
        ...(model?.vramMB ? { vramMB: model.vramMB } : {}),
      });
      if (preflight.kind === 'blocked') throw new EngineFailure(preflight.error);
      const engine = browserEngine();
      await engine.load(modelId, onProgress);
      const report = await engine.selfTest(SELF_TEST_REQUEST);
      return buildDeviceCheck({ model: modelId, report, device: preflight.device.gpu, engine: engine.info });
    },
    interrupt: () => webllm?.interrupt(),
    detect: async () => {
      const preflight = await runPreflight({ label: 'this device', needsF16: false });
      return preflight.kind === 'ready' ? preflight.device.gpu : (preflight.device?.gpu ?? null);
    },
    storage: globalThis.localStorage,
  });
  void deviceChecks.detect();

  const services: Services = {
    store,
    benchmarks: BENCHMARKS,
    fetch: (...args) => globalThis.fetch(...args),
    coordinator: createBrowserCoordinator(),
    summarize: summarizer,
    summarizeColumns: (run, parts, options) => summarizer.columns(run, parts, options),
    metricsRecipe: (run) => summarizer.recipe(run),
    cachedModels: (ids) => browserEngine().cachedModels(ids),
    device: () => checkDevice(),
    engineFor: (spec) => (spec.kind === 'webllm' ? browserEngine() : new OpenAIEngine(server.configFor(spec.baseUrl))),
    concurrencyFor: (spec) => (spec.kind === 'webllm' ? 1 : Math.max(1, Math.floor(server.concurrency))),
    check: async (spec, model): Promise<EngineCheck> => {
      if (spec.kind === 'webllm') {
        const result = await runPreflight(model);
        return result.kind === 'ready'
          ? { kind: 'ready', notes: result.notes, device: result.device.adapter, gpu: result.device.gpu }
          : result;
      }
      const result = await checkConnection(server.configFor(spec.baseUrl), model.id);
      return result.kind === 'ok'
        ? { kind: 'ready', notes: [`Connected to ${result.server} at ${spec.baseUrl}.`] }
        : { kind: 'blocked', error: result.error };
    },
  };
  const state = buildAppState(services, { models, server, deviceChecks });
  pauseRun = () => state.session.pause();
  await state.library.refresh();
  const app: ComposedApp = {
    state,
    dispose: () => {
      webllm?.dispose();
      summarizer.dispose();
    },
  };
  return { kind: 'ready', app };
}
