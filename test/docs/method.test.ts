/**
 * docs/method.md is the project's own method document: code comments cite its sections, and it
 * quotes every prompt string the code sends. These tests keep the two in step.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as admissions from '../../src/lib/benchmarks/admissions/prompt';
import * as bbq from '../../src/lib/benchmarks/bbq/prompt';
import * as winogender from '../../src/lib/benchmarks/winogender/prompt';
import { NOT_YET, OUR_CHOICES } from '../../src/ui/method-notes';

const root = fileURLToPath(new URL('../..', import.meta.url));
const method = readFileSync(join(root, 'docs/method.md'), 'utf8');
const self = fileURLToPath(import.meta.url);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|js|mjs|svelte|md|wat)$/.test(name) ? [path] : [];
  });
}

const sources = ['src', 'test', 'scripts', 'bench']
  .flatMap((dir) => filesUnder(join(root, dir)))
  .filter((path) => path !== self);

/** Section numbers of docs/method.md: "## 3. …" and "### 3.1 …". */
const sections = new Set([...method.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]));

describe('docs/method.md', () => {
  it('has the sections code comments cite, numbered as the specification', () => {
    for (const n of ['1', '2', '3', '3.1', '3.2', '3.3', '4', '5', '6', '7']) expect(sections, `§${n}`).toContain(n);
  });

  it('ends with what this version does differently', () => {
    const headings = [...method.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    expect(headings.at(-1)).toMatch(/^Where version \d+\.\d+\.\d+ differs from this method$/);
  });

  it('every "docs/method.md §n" citation names an existing section', () => {
    let citations = 0;
    for (const path of sources) {
      const text = readFileSync(path, 'utf8');
      for (const m of text.matchAll(/docs\/method\.md`? (§[\d.,§ ]+)/g)) {
        for (const n of (m[1] ?? '').match(/\d+(?:\.\d+)?/g) ?? []) {
          citations += 1;
          expect(sections, `${relative(root, path)} cites §${n}`).toContain(n);
        }
      }
    }
    expect(citations).toBeGreaterThan(50);
  });

  it('nothing cites the old specification or documents outside the repository', () => {
    const old = new RegExp(['METHOD(\\.md)? §', 'docs/METHOD\\.md', '\\.\\./shared/docs'].join('|'));
    const offenders = sources
      .filter((path) => old.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });

  it('quotes every prompt string of the code byte for byte', () => {
    const strings = Object.entries({ ...bbq, ...winogender, ...admissions } as Record<string, unknown>).flatMap(
      ([name, value]) => (typeof value === 'string' ? [[name, value] as const] : []),
    );
    expect(strings.length).toBeGreaterThanOrEqual(14);
    // Parts of the admissions template, quoted whole (test/lib/benchmarks/admissions/prompt.test.ts).
    const templateParts = new Set(['ADMISSIONS_INTRO', 'ADMISSIONS_QUESTION']);
    for (const [name, text] of strings) {
      // The BBQ answer prefills are quoted without the " (" the code appends for scoring.
      const quoted = text.endsWith(' (') ? text.slice(0, -2) : text;
      expect(method, name).toContain(templateParts.has(name) ? quoted : `"${quoted}"`);
    }
  });

  it('the Method page lists the same differences, section by section, and [ours] choices of existing sections', () => {
    const last = method.slice(method.lastIndexOf('\n## '));
    const perSection = new Map<string, number>();
    let section: string | null = null;
    for (const line of last.split('\n')) {
      const heading = /^\*\*.* \(§(\d+(?:\.\d+)?)\)\*\*$/.exec(line);
      if (heading) section = heading[1] ?? null;
      else if (line.startsWith('- ') && section !== null) perSection.set(section, (perSection.get(section) ?? 0) + 1);
    }
    const onPage = new Map<string, number>();
    for (const note of NOT_YET) onPage.set(note.section, (onPage.get(note.section) ?? 0) + 1);
    const headings = last.match(/^\*\*.* \(§\d+(?:\.\d+)?\)\*\*$/gm) ?? [];
    expect(headings.length).toBeGreaterThan(0);
    expect(perSection.size).toBe(headings.length);
    expect(Object.fromEntries(onPage)).toEqual(Object.fromEntries(perSection));
    for (const note of OUR_CHOICES.flatMap((g) => g.notes)) expect(sections, note.text).toContain(note.section);
  });
});
