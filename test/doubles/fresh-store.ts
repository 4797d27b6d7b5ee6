/**
 * A real IndexedDB ResultStore over fake-indexeddb (installed as the global IndexedDB, which the
 * adapter opens through idb), in a database of its own per call, so tests exercise the same
 * adapter as the browser without sharing state.
 */
import 'fake-indexeddb/auto';
import { openResultStore, type IdbResultStore } from '../../src/lib/storage/idb';

let opened = 0;

/** A database name no other call in this test process has used. */
export function freshName(prefix = 'test'): string {
  opened += 1;
  return `${prefix}-${opened}`;
}

export function openFreshStore(): Promise<IdbResultStore> {
  return openResultStore({ name: freshName() });
}
