/**
 * The Web Worker entry of the web-llm engine, and the only module that imports
 * `@mlc-ai/web-llm` at runtime (its ~6 MB bundle then lands in the worker chunk only).
 * Spawned by `client.ts` as `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`.
 */
import { hasModelInCache, MLCEngine, prebuiltAppConfig } from '@mlc-ai/web-llm';
import { serveWorker } from '../../core/worker-port';
import { WebLLMHandler } from './handler';
import { inspectMLCEngine } from './internals';
import type { WorkerRequest, WorkerResponse } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

serveWorker<WorkerRequest, WorkerResponse>(self, (post) => {
  const handler = new WebLLMHandler({
    createEngine: (config) => new MLCEngine(config),
    baseAppConfig: prebuiltAppConfig,
    inspect: inspectMLCEngine,
    post: (message: WorkerResponse) => post(message),
    hasModelInCache,
    openCache: (name) => caches.open(name),
  });
  return (message) => handler.handle(message);
});
