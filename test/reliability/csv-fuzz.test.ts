/**
 * Guarantee (issue 6, bad imports): an admissions profiles CSV that is malformed or truncated
 * never crashes the import; it yields {kind: 'error', line, message} naming the line and what is
 * wrong, and no profiles. 1,200 seeded files: cells made invalid (sex, LSAT, UGPA out of range,
 * NaN / Infinity / 1e999, empty, markup), required columns missing or doubled, rows cut short,
 * unclosed quotes, empty, binary; truncations (which may leave a shorter valid file) must give
 * either an error or only valid profiles. The pristine file imports (control).
 */
import { describe, expect, it } from 'vitest';
import { parseProfilesCsv, type ProfilesCsvResult } from '../../src/lib/benchmarks/admissions/csv';
import { Fuzz } from './fuzz';

const ATTEMPTS = 1200;
const ROWS = 30;

/** A valid LSAC-like file: unnamed index column, quoted extra columns, CRLF or LF. */
function buildCsv(f: Fuzz): { lines: string[]; columns: string[] } {
  const columns = ['', 'race', 'sex', 'LSAT', 'UGPA', 'region_first'];
  const lines = [columns.map((c) => (c === '' ? '""' : `"${c}"`)).join(',')];
  for (let i = 1; i <= ROWS; i++) {
    lines.push(
      [
        String(i),
        '"White"',
        String(f.int(1, 2)),
        String(f.int(120, 180)),
        (f.int(150, 400) / 100).toFixed(2),
        '"GL, \u201cquoted\u201d"',
      ].join(','),
    );
  }
  return { lines, columns };
}

const BAD_CELL: Readonly<Record<'sex' | 'LSAT' | 'UGPA', readonly string[]>> = {
  sex: ['0', '3', 'x', '', 'F', '1.5', 'NaN', '<b>1</b>'],
  LSAT: ['181', '-1', 'abc', '', 'NaN', 'Infinity', '1e999', '0x10', '12 5', '<script>1</script>'],
  UGPA: ['5.1', '-0.1', 'x', '', 'NaN', '-Infinity', '1e999', '3.5.1'],
};

interface Case {
  readonly label: string;
  readonly text: string;
  /** Line the error must name, when known. */
  readonly line?: number;
  readonly expect: 'error' | 'either';
}

function generate(f: Fuzz): Case {
  const { lines, columns } = buildCsv(f);
  const eol = f.chance(0.5) ? '\n' : '\r\n';
  const join = () => lines.join(eol) + (f.chance(0.5) ? eol : '');
  switch (f.int(0, 8)) {
    case 0:
    case 1:
    case 2: {
      const row = f.int(1, ROWS);
      const column = f.pick(['sex', 'LSAT', 'UGPA'] as const);
      const cells = (lines[row] ?? '').split(',');
      cells[columns.indexOf(column)] = f.pick(BAD_CELL[column]);
      lines[row] = cells.join(',');
      return { label: `line ${row + 1}: bad ${column}`, text: join(), line: row + 1, expect: 'error' };
    }
    case 3: {
      const column = f.pick(['sex', 'LSAT', 'UGPA']);
      lines[0] = (lines[0] ?? '').replace(
        `"${column}"`,
        f.pick(['"other"', '""', `"${column}"x`, `"${column}","${column}"`]),
      );
      return { label: `header without a single ${column}`, text: join(), line: 1, expect: 'error' };
    }
    case 4: {
      const row = f.int(1, ROWS);
      lines[row] = (lines[row] ?? '').split(',').slice(0, f.int(1, 3)).join(',');
      return { label: `line ${row + 1} cut short`, text: join(), expect: 'error' };
    }
    case 5: {
      const row = f.int(1, ROWS);
      lines[row] = `${lines[row] ?? ''},"never closed`;
      return { label: `line ${row + 1}: unclosed quote`, text: join(), expect: 'error' };
    }
    case 6: {
      const what = f.int(0, 2);
      if (what === 0) return { label: 'binary', text: f.binaryText(3000), expect: 'error' };
      if (what === 1)
        return { label: 'empty', text: f.pick(['', '\n', '\r\n\r\n', '\uFEFF', ' , , ']), expect: 'error' };
      return { label: 'header only', text: lines[0] ?? '', expect: 'error' };
    }
    case 7:
      return { label: 'truncated (characters)', text: f.truncate(join()), expect: 'either' };
    default:
      return { label: 'truncated (UTF-8 bytes)', text: f.truncateBytes(join()), expect: 'either' };
  }
}

describe('importing malformed admissions profile CSVs', () => {
  it('imports the pristine file (control)', () => {
    const result = parseProfilesCsv(buildCsv(new Fuzz(1)).lines.join('\n'));
    expect(result.kind === 'ok' && result.population.profiles.length).toBe(ROWS);
  });

  it(`refuses ${ATTEMPTS} seeded malformed files with the line and reason, never throwing`, () => {
    const f = new Fuzz(4242);
    let errors = 0;
    for (let n = 0; n < ATTEMPTS; n++) {
      const c = generate(f);
      const where = `attempt ${n}: ${c.label}`;
      let result: ProfilesCsvResult;
      try {
        result = parseProfilesCsv(c.text);
      } catch (e) {
        throw new Error(`${where}: parseProfilesCsv threw ${String(e)}`, { cause: e });
      }
      if (result.kind === 'error') {
        errors += 1;
        expect(result.message.length, where).toBeGreaterThan(10);
        expect(result.message.length, where).toBeLessThan(500);
        expect(Number.isInteger(result.line) && result.line >= 1, where).toBe(true);
        if (c.line !== undefined) expect(result.line, where).toBe(c.line);
        expect(result, where).not.toHaveProperty('population');
      } else {
        expect(c.expect, `${where}: accepted`).toBe('either');
        expect(result.population.profiles.length, where).toBeLessThanOrEqual(ROWS);
        for (const p of result.population.profiles) {
          expect(['female', 'male'], where).toContain(p.sex);
          expect(p.lsat >= 0 && p.lsat <= 180 && p.gpa >= 0 && p.gpa <= 5, where).toBe(true);
        }
      }
    }
    expect(errors).toBeGreaterThan(ATTEMPTS * 0.7);
  });
});
