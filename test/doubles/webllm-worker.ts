/**
 * The web-llm worker run in-process for tests: the real handler behind a `WorkerPort`, with every
 * message structured-cloned both ways as postMessage does, so `WebLLMEngine` (client.ts) talks to
 * it exactly as to the module worker.
 */
import type { WorkerPort } from '../../src/lib/engine/webllm/client';
import { WebLLMHandler, type HandlerDeps } from '../../src/lib/engine/webllm/handler';
import type { WorkerRequest, WorkerResponse } from '../../src/lib/engine/webllm/protocol';

export interface InProcessWorker extends WorkerPort {
  /** What a crashed worker reports (ErrorEvent.message). */
  crash(detail: string): void;
}

/** `sent` collects every request the client sent, in order. */
export function inProcessWorker(deps: Omit<HandlerDeps, 'post'>, sent: WorkerRequest[] = []): InProcessWorker {
  let onMessage: (m: WorkerResponse) => void = () => {};
  let onCrash: (d: string) => void = () => {};
  const handler = new WebLLMHandler({
    ...deps,
    post: (m) => queueMicrotask(() => onMessage(structuredClone(m))),
  });
  return {
    send: (m) => {
      sent.push(structuredClone(m));
      handler.handle(structuredClone(m));
    },
    listen: (message, crash) => {
      onMessage = message;
      onCrash = crash;
    },
    terminate: () => {},
    crash: (detail) => onCrash(detail),
  };
}
