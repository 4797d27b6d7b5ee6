/**
 * Getting a benchmark's pinned data files: from the store's file cache, else from GitHub raw at
 * the pinned commit, else from files the user picks from disk. Every byte is checked against
 * the pinned git blob SHA-1 before it is cached or parsed; a mismatching file is refused, never
 * used. Failures are values naming the file and why, so the page can show them as they are.
 */
import type { DataFile, DatasetSource } from '../benchmarks/types';
import type { ResultStore } from '../storage/port';
import { gitBlobSha1Async } from '../core/hash';

export type FileFailureKind = 'network' | 'http' | 'checksum';

export interface FileFailure {
  readonly file: string;
  readonly kind: FileFailureKind;
  /** The whole story, with the URL. */
  readonly message: string;
  /** Why, in a few words without the URL ("network error: Failed to fetch", "HTTP 404"). */
  readonly reason: string;
}

export type DatasetLoadResult =
  | { readonly kind: 'ok'; readonly files: Map<string, string> }
  /** `files` holds the files that did load (already cached). */
  | { readonly kind: 'failed'; readonly failures: readonly FileFailure[]; readonly files: Map<string, string> };

export interface LoadProgressInfo {
  readonly file: string;
  readonly loadedFiles: number;
  readonly totalFiles: number;
}

export interface LoadDatasetDeps {
  readonly store: ResultStore;
  readonly fetch: typeof fetch;
  readonly onProgress?: (p: LoadProgressInfo) => void;
}

/** The pinned raw URL of a file; each path segment is URL-encoded (spaces -> %20). */
export function buildRawUrl(source: DatasetSource, file: DataFile): string {
  const path = file.path.split('/').map(encodeURIComponent).join('/');
  return `https://raw.githubusercontent.com/${source.repo}/${source.commit}/${path}`;
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

function checksumMessage(file: DataFile, actual: string): string {
  return `${file.name}: checksum mismatch (expected ${file.sha1}, got ${actual}) — the file was refused`;
}

async function loadOne(
  source: DatasetSource,
  file: DataFile,
  deps: LoadDatasetDeps,
): Promise<{ kind: 'ok'; text: string } | FileFailure> {
  const cached = await deps.store.getFile(file.sha1);
  if (cached !== undefined) return { kind: 'ok', text: cached.text };
  const url = buildRawUrl(source, file);
  let response: Response;
  try {
    response = await deps.fetch(url);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      file: file.name,
      kind: 'network',
      message: `${file.name}: network error fetching ${url} (${why}); check the connection, or pick the file from disk`,
      reason: `network error: ${why}`,
    };
  }
  if (!response.ok) {
    return {
      file: file.name,
      kind: 'http',
      message: `${file.name}: HTTP ${response.status} from ${url}`,
      reason: `HTTP ${response.status}`,
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      file: file.name,
      kind: 'network',
      message: `${file.name}: download from ${url} broke off (${why})`,
      reason: `download broke off: ${why}`,
    };
  }
  const actual = await gitBlobSha1Async(bytes);
  if (actual !== file.sha1)
    return { file: file.name, kind: 'checksum', message: checksumMessage(file, actual), reason: 'checksum mismatch' };
  const text = decode(bytes);
  await deps.store.putFile({ sha1: file.sha1, name: file.name, text, storedAt: new Date().toISOString() });
  return { kind: 'ok', text };
}

/** Every file of the source, by DataFile.name. Files are fetched one after another. */
export async function loadDataset(source: DatasetSource, deps: LoadDatasetDeps): Promise<DatasetLoadResult> {
  const files = new Map<string, string>();
  const failures: FileFailure[] = [];
  let loadedFiles = 0;
  for (const file of source.files) {
    const result = await loadOne(source, file, deps);
    if (result.kind === 'ok') files.set(file.name, result.text);
    else failures.push(result);
    loadedFiles += 1;
    deps.onProgress?.({ file: file.name, loadedFiles, totalFiles: source.files.length });
  }
  return failures.length === 0 ? { kind: 'ok', files } : { kind: 'failed', failures, files };
}

/**
 * Failures in one line: "11 of 11 files could not be downloaded (network error: Failed to fetch)",
 * naming the reasons, each once, most common first.
 */
export function foldFailures(failures: readonly Pick<FileFailure, 'reason'>[], totalFiles: number): string {
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
  const reasons = [...counts].sort((a, b) => b[1] - a[1]).map(([reason]) => reason);
  const shown = reasons.slice(0, 2).join('; ') + (reasons.length > 2 ? `; ${reasons.length - 2} more reasons` : '');
  const files = totalFiles === 1 ? 'file' : 'files';
  return `${failures.length} of ${totalFiles} ${files} could not be downloaded (${shown})`;
}

export interface PickedFile {
  readonly name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type PickedProblem =
  | { readonly kind: 'unknown'; readonly file: string; readonly message: string }
  | { readonly kind: 'checksum'; readonly file: string; readonly message: string };

export interface PickedResult {
  /** Verified texts by DataFile.name (already cached). */
  readonly files: Map<string, string>;
  readonly problems: readonly PickedProblem[];
  /** DataFile names still missing (neither picked nor verified). */
  readonly missing: readonly string[];
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Files the user picked from disk instead of downloading: each is matched to a DataFile by its
 * content hash, else by file name (basename of the path, or the DataFile name); verified;
 * cached. Unknown and mismatching files are reported by name.
 */
export async function readPickedFiles(
  files: readonly PickedFile[],
  source: DatasetSource,
  store: ResultStore,
): Promise<PickedResult> {
  const out = new Map<string, string>();
  const problems: PickedProblem[] = [];
  for (const picked of files) {
    const bytes = new Uint8Array(await picked.arrayBuffer());
    const actual = await gitBlobSha1Async(bytes);
    const byHash = source.files.find((f) => f.sha1 === actual);
    if (byHash !== undefined) {
      const text = decode(bytes);
      await store.putFile({ sha1: byHash.sha1, name: byHash.name, text, storedAt: new Date().toISOString() });
      out.set(byHash.name, text);
      continue;
    }
    const byName = source.files.find((f) => basename(f.path) === picked.name || f.name === picked.name);
    if (byName === undefined) {
      problems.push({
        kind: 'unknown',
        file: picked.name,
        message: `${picked.name}: not a file of this dataset (expected one of ${source.files.map((f) => basename(f.path)).join(', ')})`,
      });
    } else {
      problems.push({ kind: 'checksum', file: picked.name, message: checksumMessage(byName, actual) });
    }
  }
  const missing = source.files.filter((f) => !out.has(f.name)).map((f) => f.name);
  return { files: out, problems, missing };
}
