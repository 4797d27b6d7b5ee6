/**
 * Every screen on a laptop, a large screen and a phone, in both themes, with a stored run on
 * Results, Explore and Present: no screen (Run, Results, Explore, Models, Method, Present) may
 * scroll sideways (wide tables scroll in their own box, charts fit their cards), and axe-core
 * finds no serious or critical violation on any screen. Screenshots go to test-results/screens/
 * (git-ignored) for a person to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openSession, type Session } from './browser';
import { importResults, writeSeedResults } from './seed';

const SHOTS = 'test-results/screens';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;
const THEMES = ['light', 'dark'] as const;
type Screen = 'run' | 'results' | 'explore' | 'present' | 'models' | 'about';

let s: Session;
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const seed = await writeSeedResults();
  s = await openSession();
  await importResults(s.page, inject('baseUrl'), seed.file);
}, 120_000);
afterAll(async () => {
  await s?.close();
});

/** Two frames later: charts draw on the frame after their card's width is known. */
const settled = (page: Page): Promise<unknown> =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

/** Opens a screen and waits until what it draws from the stored run is there. */
async function open(page: Page, screen: Screen): Promise<void> {
  await page.goto(`${inject('baseUrl')}#/${screen}`);
  const ready: Record<Screen, () => Promise<unknown>> = {
    run: () => page.getByRole('heading', { name: 'New run' }).waitFor(),
    results: async () => {
      await page.getByTestId('results-counts').waitFor();
      // Every benchmark section has drawn its charts (metrics come from the summary worker).
      await expect.poll(() => page.locator('main figure svg').count(), { timeout: 20_000 }).toBeGreaterThan(6);
    },
    explore: () => page.getByTestId('trial').first().waitFor(),
    // Slides appear as the metrics arrive: the title slide, then one per figure.
    present: () => expect.poll(() => page.getByTestId('slide-count').textContent()).toMatch(/^1 \/ ([2-9]|[1-9]\d+)$/),
    models: () => page.getByRole('heading', { name: 'Catalogue' }).waitFor(),
    about: () => page.getByRole('heading', { name: 'Method notes' }).waitFor(),
  };
  await ready[screen]();
  await settled(page);
}

/**
 * How far the page scrolls sideways and, if it does, the outermost elements that stick out past
 * the right edge (content of a box that scrolls on its own does not count).
 */
function sideways(page: Page): Promise<{ extra: number; culprits: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const extra = root.scrollWidth - root.clientWidth;
    const edge = root.clientWidth + 0.5;
    const culprits: string[] = [];
    const clipped = (el: Element): boolean => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      return false;
    };
    for (const el of extra > 0 ? document.querySelectorAll('body *') : []) {
      if (el.getBoundingClientRect().right <= edge || clipped(el)) continue;
      const parent = el.parentElement;
      if (parent && parent !== document.body && parent.getBoundingClientRect().right > edge) continue;
      const name = `${el.tagName.toLowerCase()}${el.getAttribute('class') ? `.${el.getAttribute('class')}` : ''}`;
      culprits.push(`${name} (${Math.round(el.getBoundingClientRect().right)} px)`);
    }
    return { extra, culprits: culprits.slice(0, 8) };
  });
}

describe('no screen scrolls sideways', () => {
  for (const theme of THEMES) {
    for (const viewport of VIEWPORTS) {
      it(`${viewport.width}×${viewport.height}, ${theme} theme`, async () => {
        const { page } = s;
        await page.emulateMedia({ colorScheme: theme });
        await page.setViewportSize(viewport);
        for (const screen of ['run', 'results', 'explore', 'models', 'about', 'present'] as const) {
          await open(page, screen);
          const name = `${screen}-${viewport.width}x${viewport.height}-${theme}`;
          // Whole pages on the phone (where things spill); the first screenful elsewhere (tall pages are slow to save).
          await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: viewport.width < 600 });
          expect(await sideways(page), name).toEqual({ extra: 0, culprits: [] });
          if (screen !== 'present') continue;
          // Every slide, not just the title.
          const count = Number(/\/ (\d+)/.exec((await page.getByTestId('slide-count').textContent()) ?? '')?.[1]);
          for (let n = 2; n <= count; n++) {
            await page.keyboard.press('ArrowRight');
            await expect.poll(() => page.getByTestId('slide-count').textContent()).toMatch(new RegExp(`^${n} /`));
            await settled(page);
            if (n === 2) await page.screenshot({ path: `${SHOTS}/${name}-slide2.png` });
            expect(await sideways(page), `${name}, slide ${n}`).toEqual({ extra: 0, culprits: [] });
          }
        }
      });
    }
  }
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

async function axe(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol: the page's Content Security Policy forbids inline scripts.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: Document, o: object) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    }
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
}

describe('axe-core: no serious or critical violations', () => {
  for (const theme of THEMES) {
    it(`on every screen, ${theme} theme`, async () => {
      const { page } = s;
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize(VIEWPORTS[0]);
      for (const screen of ['run', 'models', 'results', 'explore', 'present', 'about'] as const) {
        await open(page, screen);
        const found = await axe(page);
        const serious = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(serious, `${screen}, ${theme}`).toEqual([]);
      }
    });
  }
});
