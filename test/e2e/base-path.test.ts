/**
 * The static build served under a sub-path (as on GitHub Pages: /<repo>/): the page, its
 * styles and the model worker chunk all load from there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, preview, type PreviewServer } from 'vite';
import { openSession, type Session } from './browser';

const BASE = '/self-correction/sub/';
let server: PreviewServer;
let s: Session;

beforeAll(async () => {
  await build({ base: BASE, logLevel: 'warn', build: { outDir: 'dist-base-test', emptyOutDir: true } });
  server = await preview({
    base: BASE,
    logLevel: 'warn',
    build: { outDir: 'dist-base-test' },
    preview: { host: '127.0.0.1', port: 4189, strictPort: false },
  });
  s = await openSession();
});

afterAll(async () => {
  await s?.close();
  await server?.close();
});

describe('a build with a non-root base path', () => {
  it('loads the app, its styles and the worker from the sub-path', async () => {
    const url = server.resolvedUrls?.local[0] ?? '';
    expect(url).toContain(BASE);
    await s.page.goto(url);
    await s.page.getByRole('heading', { name: 'New run' }).waitFor();
    const background = await s.page.evaluate(
      () => getComputedStyle(document.querySelector('.card') as Element).borderTopStyle,
    );
    expect(background).toBe('solid');
    await s.page.getByText('download needed').first().waitFor();
    expect(s.errors).toEqual([]);
  });
});
