/**
 * A counting semaphore: at most `size` requests in flight to the server, whatever the caller's
 * concurrency. Invariants: slots are handed out first come, first served; a waiter whose signal
 * aborts leaves the queue without taking a slot; release() without a held slot is a bug.
 */
export class Limiter {
  #free: number;
  readonly #size: number;
  readonly #queue: { grant: () => void; signal: AbortSignal; onAbort: () => void }[] = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`Limiter: size must be an integer ≥ 1, got ${size}`);
    this.#free = size;
    this.#size = size;
  }

  get inFlight(): number {
    return this.#size - this.#free;
  }

  acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.#free > 0) {
      this.#free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        signal,
        grant: () => {
          signal.removeEventListener('abort', entry.onAbort);
          resolve();
        },
        onAbort: () => {
          const i = this.#queue.indexOf(entry);
          if (i >= 0) this.#queue.splice(i, 1);
          reject(signal.reason);
        },
      };
      signal.addEventListener('abort', entry.onAbort, { once: true });
      this.#queue.push(entry);
    });
  }

  release(): void {
    if (this.#free >= this.#size) throw new Error('Limiter: release() without a held slot');
    const next = this.#queue.shift();
    if (next) next.grant();
    else this.#free += 1;
  }
}
