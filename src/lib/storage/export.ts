/**
 * The results file format: what "Export" downloads, what `cli eval --out` writes, and what
 * "Import" reads back. Versioned by `format` + `version`; a reader refuses what it does not know.
 * Version 2: every trial is a full TrialRecord plus `raw_probs` (an alias of `raw`
 * for readers without the app), and `metrics` is always present. Version 1 (no `raw_probs`,
 * optional `metrics`) is still read. Since app 0.2.0 a file also names the code and data behind it:
 * `appCommit` (the exporting app's source commit, as on every run and trial record) and `datasets`
 * (each benchmark's upstream repository, commit and licence); both are additions a version-2
 * reader may ignore, so the version stays 2, and files without them still import (their records
 * have no `appCommit`: unknown).
 * Version 3: as version 2, but trials (record schema 2) may carry `template` (which
 * chat template rendered the prompt) and `scoring.candidateTokens`. A version-2 reader would drop
 * them silently, so the version goes up and such a reader refuses the file instead; versions 1 and
 * 2 are still read, their trials without either field.
 * Version 4 (written now): as version 3, but runs (record schema 3) may carry `deviceChecks`, the
 * self-tests of their browser models on the device that ran them; for the same reason the version
 * goes up, and versions 1-3 are still read, their runs without checks. parseImport validates every
 * record before returning (validate.ts), so an import either yields fully checked records or an
 * error naming the first bad field; importResults then writes them all in one transaction, so a
 * failed import writes nothing.
 */
import type { DatasetProvenance, MetricRow, RunRecord, TrialRecord } from '../core/records';
import { APP_COMMIT, APP_VERSION } from '../core/version';
import { describe, InvalidRecord } from './check';
import { checkConsistency, checkExportedTrial, checkRunRecord, checkTrialRecord } from './validate';

export const EXPORT_FORMAT = 'self-correction-results';
export const EXPORT_VERSION = 4;
/** Versions parseImport reads. */
export const READABLE_VERSIONS: readonly number[] = [1, 2, 3, 4];

/** A stored trial as exported: the record plus `raw_probs`, equal to `raw`. */
export type ExportedTrial = TrialRecord & { readonly raw_probs: TrialRecord['raw'] };

export interface ExportFile {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly exportedAt: string;
  readonly appVersion: string;
  /** Source commit of the exporting app (types.ts AppCommit); null when unknown. */
  readonly appCommit: string | null;
  /** The data of every benchmark in `runs`: upstream repository, commit, licence. Never read back. */
  readonly datasets: readonly DatasetProvenance[];
  readonly runs: readonly RunRecord[];
  readonly trials: readonly ExportedTrial[];
  /** Metrics as shown when exported, for readers without the app; never read back. */
  readonly metrics: readonly MetricRow[];
}

export function toExportedTrial(trial: TrialRecord): ExportedTrial {
  return { ...trial, raw_probs: trial.raw };
}

export interface ExportOptions {
  readonly metrics?: readonly MetricRow[];
  /** The runs' datasets (benchmarks/provenance.ts `datasetsOf`); storage knows no benchmarks, so callers name them. */
  readonly datasets?: readonly DatasetProvenance[];
  readonly now?: Date;
}

export function buildExport(
  runs: readonly RunRecord[],
  trials: readonly TrialRecord[],
  options: ExportOptions = {},
): ExportFile {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: (options.now ?? new Date()).toISOString(),
    appVersion: APP_VERSION,
    appCommit: APP_COMMIT,
    datasets: options.datasets ?? [],
    runs,
    trials: trials.map(toExportedTrial),
    metrics: options.metrics ?? [],
  };
}

/** Serialised export, ready for a Blob download. */
export function buildExportText(
  runs: readonly RunRecord[],
  trials: readonly TrialRecord[],
  options: Omit<ExportOptions, 'now'> = {},
): string {
  return JSON.stringify(buildExport(runs, trials, options), null, 1);
}

export type ImportResult =
  | {
      readonly kind: 'ok';
      readonly runs: RunRecord[];
      readonly trials: TrialRecord[];
      readonly appVersion: string;
      readonly appCommit: string | null;
    }
  | { readonly kind: 'error'; readonly message: string };

function error(message: string): ImportResult {
  return { kind: 'error', message };
}

/** Pure: text of a results file -> validated records, or a message saying what is wrong. */
export function parseImport(text: string): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return error(`Not a results file: the text is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return error('Not a results file: expected a JSON object at the top level.');
  const file = data as Readonly<Record<string, unknown>>;
  if (file.format !== EXPORT_FORMAT)
    return error(
      `Not a results file: "format" should be "${EXPORT_FORMAT}", got ${file.format === undefined ? 'nothing' : describe(file.format)}.`,
    );
  if (typeof file.version !== 'number' || !READABLE_VERSIONS.includes(file.version)) {
    return error(
      `Unsupported results file version ${file.version === undefined ? '(missing)' : describe(file.version)}: this app reads versions ${READABLE_VERSIONS.slice(0, -1).join(', ')} and ${String(READABLE_VERSIONS.at(-1))}.`,
    );
  }
  const version = file.version;
  if (!Array.isArray(file.runs)) return error('Invalid results file: "runs" should be an array.');
  if (!Array.isArray(file.trials)) return error('Invalid results file: "trials" should be an array.');
  if (version >= 2 && !Array.isArray(file.metrics)) return error('Invalid results file: "metrics" should be an array.');
  try {
    const runs = (file.runs as unknown[]).map((r, i) => checkRunRecord(r, `runs[${i}]`));
    const trials = (file.trials as unknown[]).map((t, i) =>
      version >= 2 ? checkExportedTrial(t, `trials[${i}]`) : checkTrialRecord(t, `trials[${i}]`),
    );
    checkConsistency(runs, trials);
    const appVersion = typeof file.appVersion === 'string' ? file.appVersion : 'unknown';
    return {
      kind: 'ok',
      runs,
      trials,
      appVersion,
      appCommit: typeof file.appCommit === 'string' ? file.appCommit : null,
    };
  } catch (e) {
    if (e instanceof InvalidRecord) return error(`Invalid results file, nothing was imported: ${e.message}.`);
    throw e;
  }
}

/**
 * One line of a trial journal (`cli eval` appends each finished trial to one): a TrialRecord as
 * JSON → the validated record, or a message naming what is wrong (`where` prefixes its path).
 */
export function parseTrialLine(
  text: string,
  where: string,
): { readonly kind: 'ok'; readonly trial: TrialRecord } | { readonly kind: 'error'; readonly message: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { kind: 'error', message: `${where}: not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  try {
    return { kind: 'ok', trial: checkTrialRecord(data, where) };
  } catch (e) {
    if (e instanceof InvalidRecord) return { kind: 'error', message: e.message };
    throw e;
  }
}

/** A store that can write many records atomically (storage/idb.ts). */
export interface BulkWriter {
  putRecords(runs: readonly RunRecord[], trials: readonly TrialRecord[]): Promise<void>;
}

export type ImportOutcome =
  | { readonly kind: 'imported'; readonly runs: number; readonly trials: number }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Validates, then writes everything in one transaction. Runs with an id already stored are
 * replaced together with the file's trials for them (stored trials not in the file stay).
 * `verify` adds checks storage cannot make itself (that each benchmark can read its trials'
 * item facts); its message, when it returns one, refuses the file before anything is written.
 */
export async function importResults(
  text: string,
  store: BulkWriter,
  verify: (runs: readonly RunRecord[], trials: readonly TrialRecord[]) => string | null = () => null,
): Promise<ImportOutcome> {
  const parsed = parseImport(text);
  if (parsed.kind === 'error') return parsed;
  const refused = verify(parsed.runs, parsed.trials);
  if (refused !== null) return { kind: 'error', message: `Invalid results file, nothing was imported: ${refused}` };
  try {
    await store.putRecords(parsed.runs, parsed.trials);
  } catch (e) {
    return {
      kind: 'error',
      message: `Import failed while writing, nothing was imported: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  return { kind: 'imported', runs: parsed.runs.length, trials: parsed.trials.length };
}
