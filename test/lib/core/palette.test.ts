/**
 * The conditions' palette (core/conditions.ts) for projectors and colour-blind eyes: each
 * colour is at least 3:1 against the page background in both themes (WCAG 2.1 non-text
 * contrast), and every pair of conditions stays at least ΔE2000 15 apart as seen with normal
 * vision, protanopia and deuteranopia (Machado et al. 2009, severity 1.0), in both themes;
 * shapes and dashes are distinct too, so colour is never the only cue. The baseline's
 * `currentColor` is the theme's text colour. Theme colours are read from src/app.css.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONDITIONS } from '../../../src/lib/core/conditions';
import { CONDITION_IDS } from '../../../src/lib/core/ids';
import { contrast, deltaE2000, labOfLinear, linear, parseHex, seenApart, simulate } from './color-science';

/** ΔE2000 below which two marks' colours count as confusable. */
const APART = 15;

const css = readFileSync(new URL('../../../src/app.css', import.meta.url), 'utf8');
function themeVar(selector: string, name: string): string {
  const block = new RegExp(`${selector.replace(/[[\]()'.*]/g, '\\$&')}\\s*\\{([^}]*)\\}`).exec(css)?.[1] ?? '';
  const value = new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(block)?.[1];
  if (!value) throw new Error(`no --${name} in ${selector}`);
  return value;
}
const THEMES = {
  light: { bg: themeVar(':root', 'bg'), fg: themeVar(':root', 'fg') },
  dark: { bg: themeVar(":root[data-theme='dark']", 'bg'), fg: themeVar(":root[data-theme='dark']", 'fg') },
};

const colourIn = (color: string, theme: keyof typeof THEMES): string =>
  color === 'currentColor' ? THEMES[theme].fg : color;

describe('the condition palette', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`is at least 3:1 against the ${theme} background`, () => {
      for (const c of CONDITION_IDS) {
        const ratio = contrast(parseHex(colourIn(CONDITIONS[c].color, theme)), parseHex(THEMES[theme].bg));
        expect(ratio, `${c} on ${THEMES[theme].bg}`).toBeGreaterThanOrEqual(3);
      }
    });

    for (const vision of ['normal', 'protanopia', 'deuteranopia'] as const)
      it(`keeps every pair of conditions ΔE2000 ≥ ${APART} apart with ${vision} (${theme} theme)`, () => {
        for (const [i, a] of CONDITION_IDS.entries())
          for (const b of CONDITION_IDS.slice(i + 1)) {
            const d = seenApart(
              parseHex(colourIn(CONDITIONS[a].color, theme)),
              parseHex(colourIn(CONDITIONS[b].color, theme)),
              vision,
            );
            expect(d, `${a} vs ${b}`).toBeGreaterThanOrEqual(APART);
          }
      });
  }

  it('uses the Okabe–Ito colours (its black as the text colour)', () => {
    const okabeIto = ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7'];
    for (const c of CONDITION_IDS) {
      const { color } = CONDITIONS[c];
      expect(color === 'currentColor' || okabeIto.includes(color.toLowerCase()), `${c}: ${color}`).toBe(true);
    }
  });

  it('gives every condition its own shape, dash and short name', () => {
    for (const key of ['shape', 'dash', 'short'] as const)
      expect(new Set(CONDITION_IDS.map((c) => CONDITIONS[c][key])).size, key).toBe(CONDITION_IDS.length);
  });

  it('would fail the palette it replaced: its blue and purple were about 6 apart under protanopia', () => {
    const d = seenApart(parseHex('#3d8fe0'), parseHex('#b566d4'), 'protanopia');
    expect(d).toBeLessThan(APART);
    expect(d).toBeCloseTo(6.4, 1);
    expect(contrast(parseHex('#e8850c'), parseHex('#ffffff'))).toBeLessThan(3); // its orange on white
  });
});

describe('colour science', () => {
  it('gives CIEDE2000 as in Sharma, Wu & Dalal (2005), test pairs 1, 2, 3, 7, 17, 25, 34', () => {
    const pairs: [number[], number[], number][] = [
      [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
      [[50, 3.1571, -77.2803], [50, 0, -82.7485], 2.8615],
      [[50, 2.8361, -74.02], [50, 0, -82.7485], 3.4412],
      [[50, 0, 0], [50, -1, 2], 2.3669],
      [[50, 2.5, 0], [73, 25, -18], 27.1492],
      [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
      [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
    ];
    for (const [a, b, want] of pairs)
      expect(deltaE2000(a as [number, number, number], b as [number, number, number])).toBeCloseTo(want, 4);
  });

  it('gives CIELAB and WCAG contrast of known colours', () => {
    const red = labOfLinear(linear(parseHex('#ff0000')));
    expect(red[0]).toBeCloseTo(53.24, 2);
    expect(red[1]).toBeCloseTo(80.09, 2);
    expect(red[2]).toBeCloseTo(67.2, 2);
    expect(contrast(parseHex('#000000'), parseHex('#ffffff'))).toBeCloseTo(21, 6);
    expect(contrast(parseHex('#767676'), parseHex('#ffffff'))).toBeCloseTo(4.54, 2);
  });

  it('keeps greys grey under protanopia and deuteranopia, and makes red and green alike', () => {
    for (const kind of ['protanopia', 'deuteranopia'] as const) {
      const grey = simulate(parseHex('#808080'), kind);
      for (const c of grey) expect(c).toBeCloseTo(linear(parseHex('#808080'))[0], 3);
      expect(seenApart(parseHex('#d62728'), parseHex('#2ca02c'), kind)).toBeLessThan(
        seenApart(parseHex('#d62728'), parseHex('#2ca02c'), 'normal') / 2,
      );
    }
  });
});
