/**
 * A benchmark's data for `cli eval`: from a local folder laid out like the repository's data/
 * (`<data>/<benchmark id>/<DataFile.path>`, e.g. bbq/data/Age.jsonl, winogender/data/templates.tsv)
 * or, without --data, downloaded from the pinned upstream commit by the page's own loader
 * (lib/datasets/load.ts) with a verified on-disk cache. Every file is checked against its pinned
 * git blob SHA-1; a mismatching file refuses the whole command. Missing files are reported and
 * the run goes on with the files present (the page does the same), unless none is present.
 * Benchmarks generated in code (no files) parse an empty map.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark } from '../lib/benchmarks/types';
import { loadDataset } from '../lib/datasets/load';
import type { BenchmarkInput } from '../lib/runner/plan';
import type { CachedFile } from '../lib/core/records';
import type { ResultStore } from '../lib/storage/port';
import { gitBlobSha1 } from './loadData';

export type DataResult =
  | { readonly kind: 'ok'; readonly input: BenchmarkInput; readonly notes: readonly string[] }
  | { readonly kind: 'error'; readonly message: string };

function finish(benchmark: Benchmark<unknown>, files: ReadonlyMap<string, string>, notes: string[]): DataResult {
  const parsed = benchmark.parse(files);
  for (const p of parsed.problems.slice(0, 5))
    notes.push(`data ${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}`);
  if (parsed.problems.length > 5) notes.push(`… and ${parsed.problems.length - 5} more data problems`);
  if (parsed.items.length === 0)
    return {
      kind: 'error',
      message: `${benchmark.id}: the data gave no items${notes.length > 0 ? `:\n  ${notes.join('\n  ')}` : ''}`,
    };
  return { kind: 'ok', input: { benchmark, items: parsed.items }, notes };
}

function missingNote(benchmark: Benchmark<unknown>, missing: readonly string[]): string {
  return `${benchmark.id}: ${missing.length} of ${benchmark.source.files.length} files not available (${missing.join(', ')}); going on with the others`;
}

/**
 * Admissions with a user's profile CSV (--profiles): the benchmark reads it when handed as
 * "profiles.csv" (benchmarks/admissions/index.ts); a bad CSV gives no items and its message.
 */
export function readProfiles(benchmark: Benchmark<unknown>, path: string, fileName: string): DataResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { kind: 'error', message: `cannot read --profiles ${path}: ${e instanceof Error ? e.message : String(e)}` };
  }
  return finish(benchmark, new Map([[fileName, text]]), []);
}

/** Reads `<dir>/<benchmark id>/<path>` for each pinned file. */
export function readDataFolder(benchmark: Benchmark<unknown>, dir: string): DataResult {
  const files = new Map<string, string>();
  const missing: string[] = [];
  const refused: string[] = [];
  for (const file of benchmark.source.files) {
    const path = join(dir, benchmark.id, file.path);
    if (!existsSync(path)) {
      missing.push(file.name);
      continue;
    }
    const bytes = readFileSync(path);
    const sha1 = gitBlobSha1(bytes);
    if (sha1 !== file.sha1)
      refused.push(
        `${path}: blob SHA-1 ${sha1} does not match the pinned ${file.sha1} (${benchmark.source.repo}@${benchmark.source.commit.slice(0, 7)} ${file.path})`,
      );
    else files.set(file.name, bytes.toString('utf8'));
  }
  if (refused.length > 0) return { kind: 'error', message: `refused data file(s):\n  ${refused.join('\n  ')}` };
  if (benchmark.source.files.length > 0 && files.size === 0) {
    return {
      kind: 'error',
      message: `no ${benchmark.id} data files under ${join(dir, benchmark.id)} (expected e.g. ${benchmark.source.files[0]?.path ?? ''})`,
    };
  }
  return finish(benchmark, files, missing.length > 0 ? [missingNote(benchmark, missing)] : []);
}

/** The file-cache part of a ResultStore, on disk; only what loadDataset uses. */
export function diskCache(dir: string): ResultStore {
  const unused = (name: string) => () =>
    Promise.reject(new Error(`diskCache: ${name} is not used by the dataset loader`));
  return {
    putRun: unused('putRun'),
    getRun: unused('getRun'),
    listRuns: unused('listRuns'),
    deleteRun: unused('deleteRun'),
    putTrial: unused('putTrial'),
    listTrials: unused('listTrials'),
    completedKeys: unused('completedKeys'),
    trialKeys: unused('trialKeys'),
    async getFile(sha1: string): Promise<CachedFile | undefined> {
      const path = join(dir, sha1);
      if (!existsSync(path)) return undefined;
      const bytes = readFileSync(path);
      // A cache entry is re-verified: a damaged file is ignored and downloaded again.
      if (gitBlobSha1(bytes) !== sha1) return undefined;
      return { sha1, name: sha1, text: bytes.toString('utf8'), storedAt: new Date().toISOString() };
    },
    async putFile(file: CachedFile): Promise<void> {
      mkdirSync(dir, { recursive: true });
      const tmp = join(dir, `${file.sha1}.${process.pid}.tmp`);
      writeFileSync(tmp, file.text);
      renameSync(tmp, join(dir, file.sha1));
    },
  };
}

export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'self-correction-bench', 'datasets');
}

/** Downloads from the pinned URLs (through the cache), verifying every file. */
export async function downloadData(
  benchmark: Benchmark<unknown>,
  cacheDir: string,
  onFile: (text: string) => void,
): Promise<DataResult> {
  if (benchmark.source.files.length === 0) return finish(benchmark, new Map(), []);
  const result = await loadDataset(benchmark.source, {
    store: diskCache(cacheDir),
    fetch: (input, init) => globalThis.fetch(input, init),
    onProgress: (p) => onFile(`${benchmark.id}: ${p.loadedFiles}/${p.totalFiles} files (${p.file})`),
  });
  if (result.kind === 'ok') return finish(benchmark, result.files, []);
  const checksum = result.failures.filter((f) => f.kind === 'checksum');
  if (checksum.length > 0 || result.files.size === 0)
    return { kind: 'error', message: result.failures.map((f) => f.message).join('\n  ') };
  const notes = result.failures.map((f) => f.message);
  return finish(benchmark, result.files, [
    missingNote(
      benchmark,
      result.failures.map((f) => f.file),
    ),
    ...notes,
  ]);
}
