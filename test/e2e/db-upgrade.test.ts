/**
 * IndexedDB version bumps in the browser (issue 11): two pages of one origin on different schema
 * versions. Page A is the built app (DB_VERSION); page B, on the same origin, opens the app's
 * database at DB_VERSION + 1 as a newer release would. B's open must not hang (A lets go at once)
 * and A must say it was updated in another tab, with a Reload button. The reverse: with the
 * database already at DB_VERSION + 1, the app says a newer version has stored data, and does
 * not crash. And a database of version 1 (test/fixtures/schema/idb-v1.json, written with raw
 * IndexedDB as that version did) upgrades when the app opens it: its runs show with their counts
 * and intervals, from summaries built then and kept for the next visit.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DB_VERSION, DEFAULT_DB_NAME } from '../../src/lib/storage/idb';
import { openSession, type Session } from './browser';

let s: Session;
beforeEach(async () => {
  s = await openSession();
});
afterEach(async () => {
  await s.close();
});

/** A page of the app's origin that does not run the app (a static file of the build). */
async function sameOriginPage(): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(new URL('favicon.svg', inject('baseUrl')).href);
  return page;
}

/** Opens the app's database at `version` in `page`, keeping the connection; 'hung' after `ms`. */
function openNewer(
  page: Page,
  version: number,
  ms: number,
): Promise<{ outcome: string; version: number | null; blocked: boolean }> {
  return page.evaluate(
    ([name, v, wait]) =>
      new Promise((resolve) => {
        let blocked = false;
        const request = indexedDB.open(name, v);
        request.onblocked = () => (blocked = true);
        request.onsuccess = () => resolve({ outcome: 'open', version: request.result.version, blocked });
        request.onerror = () => resolve({ outcome: `error: ${String(request.error)}`, version: null, blocked });
        setTimeout(() => resolve({ outcome: 'hung', version: null, blocked }), wait);
      }),
    [DEFAULT_DB_NAME, version, ms] as const,
  );
}

describe('IndexedDB version bump in another tab', () => {
  it('the app lets go at once and says it was updated in another tab', async () => {
    const a = s.page;
    await a.goto(inject('baseUrl'));
    await a.getByRole('heading', { name: 'New run' }).waitFor();

    const b = await sameOriginPage();
    const started = Date.now();
    const newer = await openNewer(b, DB_VERSION + 1, 5_000);
    expect(newer).toEqual({ outcome: 'open', version: DB_VERSION + 1, blocked: false });
    expect(Date.now() - started).toBeLessThan(5_000);

    const notice = a.getByTestId('store-notice');
    await notice.getByText('This app was updated in another tab; reload to continue').waitFor({ timeout: 5_000 });
    expect(await notice.getByRole('alert').count()).toBe(1);
    const reload = notice.getByRole('button', { name: 'Reload' });
    expect(await reload.isVisible()).toBe(true);
    // The app below stays visible but takes no input: its stored results are gone from this tab.
    expect(await a.getByRole('heading', { name: 'New run' }).isVisible()).toBe(true);
    expect(await a.locator('div[inert]').count()).toBe(1);

    // Reloading the older page while the newer version holds the database: the newer-version message.
    await reload.click();
    await a
      .getByText('A newer version of this app has stored data here; reload to get it')
      .waitFor({ timeout: 10_000 });
    expect(s.errors).toEqual([]);
  });

  it('an older page opening a database of a newer version shows a message, not a crash', async () => {
    const b = await sameOriginPage();
    const newer = await openNewer(b, DB_VERSION + 1, 5_000);
    expect(newer.outcome).toBe('open');
    await b.close(); // the newer release's tab closes; its database stays

    const a = s.page;
    await a.goto(inject('baseUrl'));
    const notice = a.getByTestId('store-notice');
    await notice
      .getByText('A newer version of this app has stored data here; reload to get it')
      .waitFor({ timeout: 10_000 });
    expect(await notice.getByRole('button', { name: 'Reload' }).isVisible()).toBe(true);
    expect(await a.getByText('could not be opened').count()).toBe(0);
    expect(await a.getByRole('heading', { name: 'New run' }).count()).toBe(0);
    // The database is as the newer version left it.
    const version = await a.evaluate(
      (name) =>
        new Promise<number>((resolve) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => {
            resolve(request.result.version);
            request.result.close();
          };
        }),
      DEFAULT_DB_NAME,
    );
    expect(version).toBe(DB_VERSION + 1);
    expect(s.errors).toEqual([]);
  });
});

interface V1Fixture {
  readonly name: string;
  readonly stores: Record<
    string,
    { keyPath: string; indexes: Record<string, string>; records: { runId?: string; status?: string }[] }
  >;
}

describe('a database of an older version', () => {
  it('upgrades without losing a record and shows its runs from summaries kept for the next visit', async () => {
    const fixture = JSON.parse(
      readFileSync(new URL('../fixtures/schema/idb-v1.json', import.meta.url), 'utf8'),
    ) as V1Fixture;
    const b = await sameOriginPage();
    await b.evaluate(
      (f) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open(f.name, 1);
          request.onupgradeneeded = () => {
            for (const [name, store] of Object.entries(f.stores)) {
              const os = request.result.createObjectStore(name, { keyPath: store.keyPath });
              for (const [index, keyPath] of Object.entries(store.indexes)) os.createIndex(index, keyPath);
            }
          };
          request.onerror = () => reject(new Error(String(request.error)));
          request.onsuccess = () => {
            const db = request.result;
            const tx = db.transaction(Object.keys(f.stores), 'readwrite');
            for (const [name, store] of Object.entries(f.stores))
              for (const record of store.records) tx.objectStore(name).put(record);
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(new Error(String(tx.error)));
          };
        }),
      fixture,
    );
    await b.close();

    const a = s.page;
    await a.goto(`${inject('baseUrl')}#/results`);
    const runs = fixture.stores.runs?.records ?? [];
    const trials = fixture.stores.trials?.records ?? [];
    const picker = a.locator('.picker select');
    for (const run of runs as { id: string; plannedTrials: number }[]) {
      await picker.selectOption(run.id);
      const own = trials.filter((t) => t.runId === run.id);
      const ok = own.filter((t) => t.status === 'ok').length;
      await a
        .getByTestId('results-counts')
        .getByText(`${ok} of ${run.plannedTrials} planned trials stored, ${own.length - ok} failed`)
        .waitFor({ timeout: 10_000 });
      await a.locator('.ci').first().waitFor({ timeout: 10_000 });
    }
    // Every record is there at the new version, and each run has its summary now.
    const stored = await a.evaluate(
      (name) =>
        new Promise<{ version: number; counts: Record<string, number> }>((resolve) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => {
            const db = request.result;
            const names = [...db.objectStoreNames];
            const tx = db.transaction(names);
            const counts: Record<string, number> = {};
            for (const n of names) {
              const c = tx.objectStore(n).count();
              c.onsuccess = () => (counts[n] = c.result);
            }
            tx.oncomplete = () => {
              db.close();
              resolve({ version: db.version, counts });
            };
          };
        }),
      DEFAULT_DB_NAME,
    );
    expect(stored.version).toBe(DB_VERSION);
    expect(stored.counts).toMatchObject({
      runs: runs.length,
      trials: trials.length,
      files: fixture.stores.files?.records.length,
      summaries: runs.length,
      columns: runs.length,
    });
    expect(s.errors).toEqual([]);
  });
});
