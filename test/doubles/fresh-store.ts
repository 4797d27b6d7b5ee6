/**
 * A real IndexedDB ResultStore over a fresh, isolated fake-indexeddb factory per call, so tests
 * exercise the same adapter as the browser without sharing state.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openResultStore, type IdbResultStore } from '../../src/lib/storage/idb';

export function openFreshStore(): Promise<IdbResultStore> {
  return openResultStore({ indexedDB: new IDBFactory(), name: 'test' });
}
