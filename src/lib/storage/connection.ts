/**
 * One tab's connection to the results database, as the IndexedDB adapter (idb.ts) keeps it: open
 * until another tab asks for a newer database version or the browser closes it, closed for good
 * after that. Every store call goes through `use`, so a call after the close rejects with
 * StoreClosedError (an expected outcome the runner pauses on) rather than IndexedDB's
 * InvalidStateError, which would read as a bug.
 */
import { StoreClosedError, type StoreClosedReason, type StoreEvent } from './port';

/** This tab's connection; once closed by another tab's upgrade or by the browser, it stays closed. */
export class Connection<D extends { close(): void }> {
  #db: D | null = null;
  #closed: StoreClosedReason | null = null;

  constructor(private readonly onEvent: (event: StoreEvent) => void) {}

  attach(db: D): this {
    this.#db = db;
    if (this.#closed !== null) db.close();
    return this;
  }

  /** Lets go of the database (idb's `blocking`), or records that the browser did (`terminated`). */
  lose(reason: StoreClosedReason): void {
    if (this.#closed !== null) return;
    this.#closed = reason;
    this.#db?.close();
    this.onEvent({ kind: 'closed', reason });
  }

  /** The open database; StoreClosedError once it closed. */
  get db(): D {
    if (this.#closed !== null) throw new StoreClosedError(this.#closed);
    if (this.#db === null) throw new Error('Connection: the database was used before it was opened');
    return this.#db;
  }

  /** A call's failure, as StoreClosedError (the original as its cause) if the connection closed meanwhile. */
  explain(e: unknown): unknown {
    return this.#closed === null || e instanceof StoreClosedError
      ? e
      : new StoreClosedError(this.#closed, { cause: e });
  }

  async use<T>(work: (db: D) => Promise<T>): Promise<T> {
    const db = this.db;
    try {
      return await work(db);
    } catch (e) {
      throw this.explain(e);
    }
  }

  /** Closes on the app's own request (tests, teardown); no event. */
  shut(): void {
    this.#db?.close();
  }
}
