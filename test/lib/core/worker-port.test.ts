// The typed worker port: messages and transfer lists cross both ways, crashes and unreadable
// messages reach onFailure in words, close terminates the worker.
import { describe, expect, it } from 'vitest';
import { connectWorker, serveWorker, type WorkerScope } from '../../../src/lib/core/worker-port';

type Request = { readonly n: number; readonly buffer: ArrayBuffer };
type Reply = { readonly doubled: number };

/** A worker and its scope wired to each other in-process, recording transfer lists. */
function pair() {
  const transfers: unknown[][] = [];
  let terminated = false;
  const scope: WorkerScope = {
    onmessage: null,
    postMessage: (message, transfer) => {
      transfers.push(transfer);
      worker.onmessage?.({ data: message } as MessageEvent);
    },
  };
  const worker = {
    onmessage: null as ((event: MessageEvent) => void) | null,
    onerror: null as ((event: ErrorEvent) => void) | null,
    onmessageerror: null as (() => void) | null,
    postMessage: (message: unknown, transfer: unknown[]) => {
      transfers.push(transfer);
      scope.onmessage?.({ data: message } as MessageEvent);
    },
    terminate: () => {
      terminated = true;
    },
  };
  return { worker, scope, transfers, terminated: () => terminated };
}

describe('worker port', () => {
  it('carries typed requests and replies with their transfer lists', () => {
    const { worker, scope, transfers } = pair();
    serveWorker<Request, Reply>(scope, (post) => (message) => post({ doubled: message.n * 2 }));
    const port = connectWorker<Request, Reply>(worker as unknown as Worker, {
      failed: 'failed',
      unreadable: 'unreadable',
    });
    const replies: Reply[] = [];
    port.listen(
      (m) => replies.push(m),
      () => expect.unreachable(),
    );
    const buffer = new ArrayBuffer(8);
    port.post({ n: 21, buffer }, [buffer]);
    expect(replies).toEqual([{ doubled: 42 }]);
    expect(transfers).toEqual([[buffer], []]);
  });

  it('reports a crash and an unreadable message in words, and terminates on close', () => {
    const { worker, terminated } = pair();
    const port = connectWorker<Request, Reply>(worker as unknown as Worker, {
      failed: 'the worker failed',
      unreadable: 'could not be read',
    });
    const failures: string[] = [];
    port.listen(
      () => expect.unreachable(),
      (detail) => failures.push(detail),
    );
    let prevented = false;
    worker.onerror?.({ message: '', preventDefault: () => (prevented = true) } as unknown as ErrorEvent);
    worker.onerror?.({ message: 'Device was lost', preventDefault: () => undefined } as unknown as ErrorEvent);
    worker.onmessageerror?.();
    expect(failures).toEqual(['the worker failed', 'Device was lost', 'could not be read']);
    expect(prevented).toBe(true);
    port.close();
    expect(terminated()).toBe(true);
  });
});
