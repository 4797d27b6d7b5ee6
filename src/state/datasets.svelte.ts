/**
 * Benchmark data for the page: downloaded from the pinned upstream commit (or the browser's
 * cache), or picked from disk, verified, then parsed. A failed download keeps what did load and
 * says which file failed and why; the user can retry, pick files, or go on with what loaded
 * (the page then says which files were left out).
 */
import type { Benchmark, DataProblem } from '../lib/benchmarks/types';
import type { BenchmarkId } from '../lib/core/ids';
import { loadDataset, readPickedFiles, type FileFailure, type PickedFile } from '../lib/datasets/load';
import type { BenchmarkInput } from '../lib/runner/plan';
import type { Services } from './services';

export type DatasetStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading'; readonly file: string; readonly loadedFiles: number; readonly totalFiles: number }
  | {
      readonly kind: 'failed';
      readonly failures: readonly FileFailure[];
      readonly loadedFiles: readonly string[];
    }
  | {
      readonly kind: 'ready';
      readonly itemCount: number;
      readonly problems: readonly DataProblem[];
      /** Data files not included (download failed and not picked). */
      readonly missing: readonly string[];
      /** Name of the user's own file in use (Benchmark.userFile), or null for the default items. */
      readonly userFile: string | null;
    };

export class Datasets {
  #status = $state<Partial<Record<BenchmarkId, DatasetStatus>>>({});
  readonly #files = new Map<BenchmarkId, Map<string, string>>();
  readonly #inputs = new Map<BenchmarkId, BenchmarkInput>();
  readonly #userFiles = new Map<BenchmarkId, string>();

  constructor(private readonly services: Services) {}

  status(id: BenchmarkId): DatasetStatus {
    return this.#status[id] ?? { kind: 'idle' };
  }

  /** The parsed items of a ready benchmark, or null (reactive through its status). */
  input(id: BenchmarkId): BenchmarkInput | null {
    return this.status(id).kind === 'ready' ? (this.#inputs.get(id) ?? null) : null;
  }

  /** Parsed items, downloading what is not cached; null (with a failed status) when files are missing. */
  async ensure(benchmark: Benchmark<unknown>): Promise<BenchmarkInput | null> {
    const ready = this.#inputs.get(benchmark.id);
    if (ready) return ready;
    if (benchmark.source.files.length === 0) return this.#parse(benchmark, []);
    this.#status[benchmark.id] = {
      kind: 'loading',
      file: '',
      loadedFiles: 0,
      totalFiles: benchmark.source.files.length,
    };
    const result = await loadDataset(benchmark.source, {
      store: this.services.store,
      fetch: this.services.fetch,
      onProgress: (p) => (this.#status[benchmark.id] = { kind: 'loading', ...p }),
    });
    this.#merge(benchmark.id, result.files);
    if (result.kind === 'ok') return this.#parse(benchmark, []);
    this.#status[benchmark.id] = {
      kind: 'failed',
      failures: result.failures,
      loadedFiles: [...this.#filesOf(benchmark.id).keys()],
    };
    return null;
  }

  /** Files picked from disk: verified by checksum, merged with what already loaded. */
  async pick(benchmark: Benchmark<unknown>, files: readonly PickedFile[]): Promise<string[]> {
    const result = await readPickedFiles(files, benchmark.source, this.services.store);
    this.#merge(benchmark.id, result.files);
    const missing = benchmark.source.files.filter((f) => !this.#filesOf(benchmark.id).has(f.name)).map((f) => f.name);
    if (this.#filesOf(benchmark.id).size > 0) this.#parse(benchmark, missing);
    return result.problems.map((p) => p.message);
  }

  /**
   * The user's own file (e.g. admissions profiles): used only if it parses to items without
   * problems; otherwise nothing changes and the problems (with line and reason) are returned.
   */
  async pickUserFile(
    benchmark: Benchmark<unknown>,
    file: { name: string; text(): Promise<string> },
  ): Promise<string[]> {
    const spec = benchmark.userFile;
    if (!spec) throw new Error(`benchmark "${benchmark.id}" takes no user file`);
    const files = new Map(this.#filesOf(benchmark.id)).set(spec.name, await file.text());
    const parsed = benchmark.parse(files);
    const problems = parsed.problems
      .filter((p) => p.file === spec.name)
      .map((p) => `${file.name}${p.line ? `, line ${p.line}` : ''}: ${p.message}`);
    if (problems.length > 0 || parsed.items.length === 0)
      return problems.length > 0 ? problems : [`${file.name}: no usable rows`];
    this.#files.set(benchmark.id, files);
    this.#userFiles.set(benchmark.id, file.name);
    this.#parse(benchmark, []);
    return [];
  }

  /** Back to the benchmark's default items. */
  clearUserFile(benchmark: Benchmark<unknown>): void {
    const spec = benchmark.userFile;
    if (!spec) return;
    this.#filesOf(benchmark.id).delete(spec.name);
    this.#userFiles.delete(benchmark.id);
    this.#parse(benchmark, []);
  }

  /** Goes on with the files that loaded, leaving the others out (stated on the page). */
  useAvailable(benchmark: Benchmark<unknown>): BenchmarkInput | null {
    const have = this.#filesOf(benchmark.id);
    if (have.size === 0) return null;
    return this.#parse(
      benchmark,
      benchmark.source.files.filter((f) => !have.has(f.name)).map((f) => f.name),
    );
  }

  /** Forgets a failed state so the next ensure() downloads again. */
  reset(id: BenchmarkId): void {
    this.#inputs.delete(id);
    this.#status[id] = { kind: 'idle' };
  }

  #filesOf(id: BenchmarkId): Map<string, string> {
    let files = this.#files.get(id);
    if (!files) this.#files.set(id, (files = new Map()));
    return files;
  }

  #merge(id: BenchmarkId, files: ReadonlyMap<string, string>): void {
    const target = this.#filesOf(id);
    for (const [name, text] of files) target.set(name, text);
  }

  #parse(benchmark: Benchmark<unknown>, missing: readonly string[]): BenchmarkInput {
    const parsed = benchmark.parse(this.#filesOf(benchmark.id));
    const input: BenchmarkInput = { benchmark, items: parsed.items };
    this.#inputs.set(benchmark.id, input);
    this.#status[benchmark.id] = {
      kind: 'ready',
      itemCount: parsed.items.length,
      problems: parsed.problems,
      missing,
      userFile: this.#userFiles.get(benchmark.id) ?? null,
    };
    return input;
  }
}
