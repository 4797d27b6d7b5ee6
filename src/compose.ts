/**
 * The composition root's wiring: the only module that picks concrete adapters (IndexedDB
 * store, web-llm worker, OpenAI-compatible HTTP engine, Web Locks coordination) and hands them
 * to the state objects as Services.
 */
import { BENCHMARKS } from './lib/benchmarks/registry';
import { checkConnection, OpenAIEngine } from './lib/engine/openai';
import { runPreflight } from './lib/engine/preflight';
import { WebLLMEngine } from './lib/engine/webllm/client';
import { openResultStore } from './lib/storage/idb';
import { buildAppState, type AppState } from './state/app';
import { createBrowserCoordinator } from './state/coordination';
import { Models } from './state/models.svelte';
import { ServerSettings } from './state/server.svelte';
import type { EngineCheck, Services } from './state/services';

export interface ComposedApp {
  readonly state: AppState;
  /** Stops the model worker (page teardown). */
  dispose(): void;
}

export async function composeApp(): Promise<ComposedApp> {
  const store = await openResultStore();
  const server = new ServerSettings();
  let webllm: WebLLMEngine | undefined;
  const browserEngine = (): WebLLMEngine => (webllm ??= new WebLLMEngine({ resolveCustomModel: (id) => models.customModel(id) }));
  const models = new Models((ids) => browserEngine().cachedModels(ids));

  const services: Services = {
    store,
    benchmarks: BENCHMARKS,
    fetch: (...args) => globalThis.fetch(...args),
    coordinator: createBrowserCoordinator(),
    cachedModels: (ids) => browserEngine().cachedModels(ids),
    engineFor: (spec) => (spec.kind === 'webllm' ? browserEngine() : new OpenAIEngine(server.configFor(spec.baseUrl))),
    concurrencyFor: (spec) => (spec.kind === 'webllm' ? 1 : Math.max(1, Math.floor(server.concurrency))),
    check: async (spec, model): Promise<EngineCheck> => {
      if (spec.kind === 'webllm') {
        const result = await runPreflight(model);
        return result.kind === 'ready' ? { kind: 'ready', notes: result.notes } : result;
      }
      const result = await checkConnection(server.configFor(spec.baseUrl), model.id);
      return result.kind === 'ok' ? { kind: 'ready', notes: [`Connected to ${result.server} at ${spec.baseUrl}.`] } : { kind: 'blocked', error: result.error };
    },
  };
  const state = buildAppState(services, { models, server });
  await state.library.refresh();
  return { state, dispose: () => webllm?.dispose() };
}
