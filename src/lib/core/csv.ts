/**
 * The one CSV reader and writer (RFC 4180): quoted fields may hold commas, doubled quotes and line breaks.
 * Used for imported applicant profiles (admissions), the chart CSV round trip and the official
 * BBQ templates in tests. Pure and strict: a malformed quote is an error value with its 1-based
 * line, never a guess. A leading byte-order mark is dropped; blank lines are skipped; spaces
 * before an opening quote are dropped. The writer, `toCsv` (chart tables, flat trial exports):
 * comma-separated, CRLF line ends, a header row, fields quoted when they hold a comma, quote, CR or
 * LF, quotes doubled; undefined values (null/undefined) are empty fields, never 0.
 */

export interface CsvError {
  readonly line: number;
  readonly message: string;
}

export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

/** RFC 4180 records with the line each starts on; an unterminated quote is an error value. */
export function parseCsvRecords(text: string): CsvRecord[] | CsvError {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let quoteLine = 1;
  /** A quoted field just closed: only a separator or the end of the record may follow. */
  let closed = false;
  const src = text.replace(/^\uFEFF/, '');
  const endRecord = (): void => {
    cells.push(cell);
    if (!(cells.length === 1 && (cells[0] as string).trim() === '')) records.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
        closed = true;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (closed && ch !== ',' && ch !== '\n' && ch !== '\r') {
      return {
        line,
        message: `unexpected text after a closing quote (a quote inside a quoted field must be doubled: "")`,
      };
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
      closed = false;
    } else if (ch === '\n' || ch === '\r') {
      closed = false;
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cell += ch;
  }
  if (quoted) return { line: quoteLine, message: 'a quoted field is never closed' };
  endRecord();
  return records;
}

/** Rows of fields; throws (with the line) on a malformed quote. For callers that treat bad CSV as a bug. */
export function parseCsv(text: string): string[][] {
  const records = parseCsvRecords(text);
  if (!Array.isArray(records)) throw new Error(`csv: line ${records.line}: ${records.message}`);
  return records.map((r) => r.cells);
}

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
    lines.push(
      cols
        .map((c) => {
          const v = record[c];
          return field(typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as CsvValue));
        })
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
