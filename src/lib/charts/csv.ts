/**
 * CSV for the tables behind the charts: the one CSV writer (core/csv.ts `toCsv`, RFC 4180),
 * re-exported for the chart kit's callers.
 */
export { toCsv, type CsvValue } from '../core/csv';
