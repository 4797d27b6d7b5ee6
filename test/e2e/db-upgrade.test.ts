/**
 * IndexedDB version bumps in the browser (issue 11): two pages of one origin on different schema
 * versions. Page A is the built app (DB_VERSION); page B, on the same origin, opens the app's
 * database at DB_VERSION + 1 as a newer release would. B's open must not hang (A lets go at once)
 * and A must say it was updated in another tab, with a Reload button. The reverse: with the
 * database already at DB_VERSION + 1, the app says a newer version has stored data, and does
 * not crash.
 */
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
