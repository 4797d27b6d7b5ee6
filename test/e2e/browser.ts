/**
 * Headless Chromium for the browser tests: Debian's chromium driven by playwright-core.
 * Every request that leaves loopback is aborted (as CI's closed network would refuse it) and
 * recorded, so tests can assert what the page tried to reach.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** URLs of requests that left loopback (all aborted). */
  external: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
  close(): Promise<void>;
}

export async function openSession(options: { webgpu?: boolean } = {}): Promise<Session> {
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  // A software WebGPU adapter (no shader-f16), so the app gets past its device check.
  if (options.webgpu) args.push('--enable-unsafe-webgpu');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args,
  });
  const context = await browser.newContext();
  const external: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    external.push(url.href);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return {
    browser,
    context,
    page,
    external,
    errors,
    close: () => browser.close(),
  };
}
