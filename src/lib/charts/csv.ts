/**
 * CSV for the tables behind the charts (RFC 4180): comma-separated, CRLF line ends, a header
 * row, fields quoted when they hold a comma, quote, CR or LF, quotes doubled. Undefined values
 * (null/undefined) are empty fields, never 0. `parseCsv` reads such text back (round-trip tests,
 * imports).
 */
export type CsvValue = string | number | boolean | null | undefined;

function field(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows → CSV text; columns default to the keys of the first row, in order. */
export function toCsv<Row extends object>(rows: readonly Row[], columns?: readonly (keyof Row & string)[]): string {
  const first = rows[0];
  const cols: readonly string[] = columns ?? (first ? Object.keys(first) : []);
  const lines = [cols.map(field).join(',')];
  for (const row of rows) {
    const record = row as Readonly<Record<string, unknown>>;
    lines.push(cols.map((c) => {
      const v = record[c];
      return field(typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as CsvValue));
    }).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** CSV text → rows of fields (strings). Accepts CRLF or LF; throws on a malformed quote. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') throw new Error(`csv: unexpected "${next}" after a closing quote at offset ${i}`);
        continue;
      }
      cur += ch;
      i++;
      continue;
    }
    if (ch === '"' && cur === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(cur);
      cur = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cur += ch;
      i++;
    }
  }
  if (quoted) throw new Error('csv: unterminated quoted field');
  if (cur !== '' || row.length > 0) {
    row.push(cur);
    rows.push(row);
  }
  return rows;
}
