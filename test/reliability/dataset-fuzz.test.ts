/**
 * Guarantee (issue 6, bad imports; dataset integrity): malformed or truncated dataset files never
 * crash parsing; every bad row becomes a problem naming the file and its line, and the items that
 * do come out are well-formed. 1,200 seeded BBQ jsonl files and 1,200 Winogender tsv pairs.
 * Handed to readPickedFiles (the Run page's "pick from disk"), every modified file is refused with
 * a message naming it (its checksum no longer matches), nothing of it is cached, and the files
 * already cached stay as they were; the pristine files are accepted (control).
 */
import { describe, expect, it } from 'vitest';
import { readData } from '../data-dir';
import { parseBbqJsonl } from '../../src/lib/benchmarks/bbq/parse';
import { BBQ_SOURCE } from '../../src/lib/benchmarks/bbq/source';
import type { DataProblem } from '../../src/lib/benchmarks/types';
import { parseWinogender } from '../../src/lib/benchmarks/winogender/parse';
import { WINOGENDER_SOURCE } from '../../src/lib/benchmarks/winogender/source';
import { readPickedFiles, type PickedFile } from '../../src/lib/datasets/load';
import { gitBlobSha1 } from '../../src/lib/core/hash';
import { openFreshStore } from '../doubles/fresh-store';
import { Fuzz, nested } from './fuzz';

const ATTEMPTS = 1200;
const AGE = readData('bbq/data/Age.jsonl');
const AGE_ROWS = AGE.split('\n')
  .filter((l) => l.trim() !== '')
  .slice(0, 24);
const TEMPLATES = readData('winogender/data/templates.tsv');
const STATS = readData('winogender/data/occupations-stats.tsv');

const BBQ_FIELDS = [
  'example_id',
  'question_index',
  'question_polarity',
  'context_condition',
  'category',
  'answer_info',
  'additional_metadata',
  'context',
  'question',
  'ans0',
  'ans1',
  'ans2',
  'label',
];
const WRONG: readonly unknown[] = [null, -1, 1.5, 'x', [], {}, true, 'x'.repeat(400)];

function expectProblems(problems: readonly DataProblem[], file: string, lines: number, where: string): void {
  for (const p of problems) {
    expect(p.message.length, where).toBeGreaterThan(5);
    expect(p.message.length, where).toBeLessThan(1500);
    if (p.line !== undefined) expect(p.line >= 1 && p.line <= lines, `${where}: line ${p.line}`).toBe(true);
  }
  expect(problems.some((p) => p.file === file) || problems.length === 0, where).toBe(true);
}

/** One BBQ file: one damaged row (its 1-based line), or a damaged whole file (line undefined). */
function damageBbq(f: Fuzz): { text: string; line?: number; label: string } {
  const rows = AGE_ROWS.slice();
  const i = f.int(0, rows.length - 1);
  const row = JSON.parse(rows[i] ?? '{}') as Record<string, unknown>;
  const what = f.int(0, 6);
  if (what === 0) {
    const field = f.pick(BBQ_FIELDS);
    delete row[field];
    rows[i] = JSON.stringify(row);
    return { text: rows.join('\n'), line: i + 1, label: `row ${i + 1} without ${field}` };
  }
  if (what === 1) {
    const field = f.pick(BBQ_FIELDS.filter((x) => !['context', 'question', 'ans0', 'ans1', 'ans2'].includes(x)));
    const deep = f.chance(0.3);
    row[field] = deep ? '\u0000DEEP\u0000' : f.pick(WRONG);
    rows[i] = JSON.stringify(row).replace('"\\u0000DEEP\\u0000"', nested(f.pick([100, 20_000])));
    return { text: rows.join('\n'), line: i + 1, label: `row ${i + 1}: ${field} wrong` };
  }
  if (what === 2) {
    rows[i] = f.truncate(rows[i] ?? '');
    return {
      text: rows.join('\n'),
      ...(rows[i]?.trim() === '' ? {} : { line: i + 1 }),
      label: `row ${i + 1} truncated`,
    };
  }
  if (what === 3) {
    rows[i] = f.pick([
      'NaN',
      '{"example_id": Infinity}',
      nested(f.pick([10, 5000, 100_000])),
      '{"__proto__": {"x": 1}}',
      '[]',
      'null',
      '{',
      '"row"',
    ]);
    return { text: rows.join('\n'), line: i + 1, label: `row ${i + 1} replaced by junk` };
  }
  if (what === 4) return { text: f.truncateBytes(rows.join('\n')), label: 'file truncated (bytes)' };
  if (what === 5) return { text: f.binaryText(5000), label: 'binary' };
  rows.splice(f.int(0, rows.length), 0, rows[i] ?? '');
  return { text: rows.join('\n'), label: 'duplicated row' };
}

function damageWinogender(f: Fuzz): { templates: string; stats: string; label: string } {
  const which = f.chance(0.5) ? 'templates' : 'stats';
  const text = which === 'templates' ? TEMPLATES : STATS;
  const lines = text.split('\n');
  const i = f.int(0, Math.min(lines.length, 60) - 1);
  const what = f.int(0, 4);
  if (what === 0) lines[i] = (lines[i] ?? '').split('\t').slice(0, f.int(1, 3)).join('\t');
  else if (what === 1)
    lines[i] = (lines[i] ?? '').replace(
      /\t[^\t]*$/,
      `\t${f.pick(['', 'NaN', '-5', '101', '1e999', '$NOM_PRONOUN $NOM_PRONOUN', '<img src=x onerror=alert(1)>'])}`,
    );
  else if (what === 2) lines[i] = `${lines[i] ?? ''}\textra`;
  else if (what === 3)
    return {
      templates: which === 'templates' ? f.truncateBytes(text) : TEMPLATES,
      stats: which === 'stats' ? f.truncateBytes(text) : STATS,
      label: `${which} truncated`,
    };
  else
    return {
      templates: which === 'templates' ? f.binaryText(3000) : TEMPLATES,
      stats: which === 'stats' ? f.binaryText(3000) : STATS,
      label: `${which} binary`,
    };
  const damaged = lines.join('\n');
  return {
    templates: which === 'templates' ? damaged : TEMPLATES,
    stats: which === 'stats' ? damaged : STATS,
    label: `${which} line ${i + 1} damaged`,
  };
}

const picked = (name: string, text: string): PickedFile => ({
  name,
  arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
});

describe('malformed BBQ data files', () => {
  it(
    `parses ${ATTEMPTS} seeded damaged files into problems naming file and line, never throwing`,
    { timeout: 30_000 },
    () => {
      const f = new Fuzz(77);
      for (let n = 0; n < ATTEMPTS; n++) {
        const c = damageBbq(f);
        const where = `attempt ${n}: ${c.label}`;
        const parsed = (() => {
          try {
            return parseBbqJsonl('Age.jsonl', c.text);
          } catch (e) {
            throw new Error(`${where}: parseBbqJsonl threw ${String(e)}`, { cause: e });
          }
        })();
        expectProblems(parsed.problems, 'Age.jsonl', c.text.split('\n').length, where);
        if (c.line !== undefined)
          expect(
            parsed.problems.map((p) => p.line),
            where,
          ).toContain(c.line);
        expect(
          parsed.items.length + parsed.problems.filter((p) => !p.message.includes('biased option')).length,
          where,
        ).toBeLessThanOrEqual(c.text.split('\n').length);
        for (const item of parsed.items) {
          expect(item.answers.every((a) => typeof a === 'string') && [0, 1, 2].includes(item.label), where).toBe(true);
        }
      }
    },
  );

  it('refuses every modified file picked from disk by name, caches nothing of it, keeps the cache', async () => {
    const store = await openFreshStore();
    const good = await readPickedFiles([picked('Age.jsonl', AGE)], BBQ_SOURCE, store);
    expect(good.problems).toEqual([]);
    expect(good.files.get('Age.jsonl')).toBe(AGE);
    const cachedBefore = await store.getFile(BBQ_SOURCE.files[0]?.sha1 ?? '');
    const f = new Fuzz(78);
    for (let n = 0; n < 60; n++) {
      const c = damageBbq(f);
      const name = f.pick(['Age.jsonl', 'Religion.jsonl', 'evil<img src=x>.jsonl']);
      const result = await readPickedFiles([picked(name, c.text)], BBQ_SOURCE, store);
      const where = `attempt ${n}: ${c.label} as ${name}`;
      expect(result.files.size, where).toBe(0);
      expect(result.problems, where).toHaveLength(1);
      expect(result.problems[0]?.message, where).toContain(name.split('/').pop() ?? name);
      expect(result.problems[0]?.kind, where).toBe(name.includes('evil') ? 'unknown' : 'checksum');
      expect(await store.getFile(gitBlobSha1(new TextEncoder().encode(c.text))), where).toBeUndefined();
    }
    expect(await store.getFile(BBQ_SOURCE.files[0]?.sha1 ?? '')).toEqual(cachedBefore);
    store.close();
  });
});

describe('malformed Winogender data files', () => {
  it(
    `parses ${ATTEMPTS} seeded damaged pairs into problems naming the file, never throwing`,
    { timeout: 30_000 },
    () => {
      const f = new Fuzz(99);
      const pristine = parseWinogender(
        new Map([
          ['templates.tsv', TEMPLATES],
          ['occupations-stats.tsv', STATS],
        ]),
      );
      for (let n = 0; n < ATTEMPTS; n++) {
        const c = damageWinogender(f);
        const where = `attempt ${n}: ${c.label}`;
        const parsed = (() => {
          try {
            return parseWinogender(
              new Map([
                ['templates.tsv', c.templates],
                ['occupations-stats.tsv', c.stats],
              ]),
            );
          } catch (e) {
            throw new Error(`${where}: parseWinogender threw ${String(e)}`, { cause: e });
          }
        })();
        for (const p of parsed.problems) {
          expect(['templates.tsv', 'occupations-stats.tsv'], where).toContain(p.file);
          expect(p.message.length, where).toBeGreaterThan(5);
          expect(p.message.length, where).toBeLessThan(1500);
        }
        for (const item of parsed.items)
          expect(item.stats.blsPctFemale >= 0 && item.stats.blsPctFemale <= 100, where).toBe(true);
        if (c.templates !== TEMPLATES || c.stats !== STATS) {
          expect(
            parsed.problems.length > pristine.problems.length || parsed.items.length < pristine.items.length,
            `${where}: damage unnoticed`,
          ).toBe(true);
        }
      }
    },
  );

  it('refuses modified Winogender files picked from disk, naming them', async () => {
    const store = await openFreshStore();
    const f = new Fuzz(100);
    for (let n = 0; n < 20; n++) {
      const c = damageWinogender(f);
      const result = await readPickedFiles(
        [picked('templates.tsv', c.templates), picked('occupations-stats.tsv', c.stats)],
        WINOGENDER_SOURCE,
        store,
      );
      const damaged = c.templates !== TEMPLATES ? 'templates.tsv' : 'occupations-stats.tsv';
      expect(result.problems.map((p) => p.file)).toEqual([damaged]);
      expect(result.problems[0]?.message).toContain('checksum mismatch');
      expect(result.missing).toEqual([damaged]);
    }
    store.close();
  });
});
