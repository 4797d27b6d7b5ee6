/**
 * CSV for the tables behind the charts (RFC 4180): comma-separated, CRLF line ends, a header
 * row, fields quoted when they hold a comma, quote, CR or LF, quotes doubled. Undefined values
 * (null/undefined) are empty fields, never 0. The one reader of such text is core/csv.ts.
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
