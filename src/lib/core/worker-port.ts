/**
 * One typed port over postMessage for both workers (web-llm inference, summary): the page sends
 * `Out` messages with an optional transfer list and receives `In` messages; a worker that
 * crashes or a message that cannot be read reaches the `onFailure` callback as words, so the
 * caller can reject what it was waiting for instead of hanging. The worker end types its
 * requests and replies the same way. Protocols (ids, errors as values) stay with each worker.
 */

/** The page's end of a worker; tests connect it straight to a handler. */
export interface Port<Out, In> {
  post(message: Out, transfer?: readonly Transferable[]): void;
  /** Registers the receiver of messages and of transport failures (the worker crashed). */
  listen(onMessage: (message: In) => void, onFailure: (detail: string) => void): void;
  close(): void;
}

/** What the user is told when the worker fails without a message, or a message cannot be read. */
export interface FailureWords {
  readonly failed: string;
  readonly unreadable: string;
}

/** A module worker as a typed port. */
export function connectWorker<Out, In>(worker: Worker, words: FailureWords): Port<Out, In> {
  return {
    post: (message, transfer = []) => worker.postMessage(message, [...transfer]),
    listen: (onMessage, onFailure) => {
      worker.onmessage = (event: MessageEvent<In>) => onMessage(event.data);
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        onFailure(event.message || words.failed);
      };
      worker.onmessageerror = () => onFailure(words.unreadable);
    },
    close: () => worker.terminate(),
  };
}

/** The parts of a dedicated worker's global scope the port uses. */
export interface WorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}

/**
 * The worker's end: `create` gets the typed reply function and returns the handler of typed
 * requests, which receives every message the page posts.
 */
export function serveWorker<In, Out>(
  scope: WorkerScope,
  create: (post: (message: Out, transfer?: readonly Transferable[]) => void) => (message: In) => void,
): void {
  const handle = create((message, transfer = []) => scope.postMessage(message, [...transfer]));
  scope.onmessage = (event: MessageEvent) => handle(event.data as In);
}
