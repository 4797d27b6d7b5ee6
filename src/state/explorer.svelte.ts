/**
 * The item explorer (issue 4): every stored trial of a run, filtered and paged. The URL hash is
 * the source of truth for the query (#/explore?run=…&model=…), so links are shareable, the back
 * button steps through filters, and any instance (e.g. one the results view holds for chart
 * clicks) can open the explorer with `openFor(point)`. Trials come from the Library (its selected
 * run; choosing another run here selects it there). Prompts are rebuilt from the dataset items,
 * which are loaded through Datasets only when already at hand or when the user asks.
 */
import type { Benchmark } from '../lib/benchmarks/types';
import type { ChartPoint } from '../lib/charts/spec';
import type { BenchmarkId } from '../lib/core/ids';
import type { TrialRecord } from '../lib/core/records';
import { buildFacets, type Facets } from '../lib/explorer/facets';
import { indexItems } from '../lib/explorer/prompt';
import type { Datasets } from './datasets.svelte';
import {
  EMPTY_QUERY,
  exploreHash,
  filterTrials,
  formatQuery,
  parseQuery,
  queryForPoint,
  queryFromHash,
  type ExplorerQuery,
} from '../lib/explorer/filter';
import type { Library } from './library.svelte';
import type { Services } from './services';

export const PAGE_SIZE = 50;

export interface ExplorerDeps {
  readonly library: Library;
  readonly datasets: Datasets;
  readonly services: Pick<Services, 'benchmarks'>;
}

/** Whether a benchmark's items are at hand for rebuilding prompts. */
export type ItemData =
  | { readonly kind: 'ready' }
  | { readonly kind: 'absent' }
  | { readonly kind: 'loading' }
  /** `partial`: some files did load, and prompts of their items can be rebuilt from them. */
  | { readonly kind: 'failed'; readonly message: string; readonly partial: boolean };

type Filter = Omit<ExplorerQuery, 'page'>;

export class Explorer {
  #query = $state.raw<ExplorerQuery>(EMPTY_QUERY);
  /** The query without its page, as a string: re-filtering happens only when a filter changes. */
  #filterKey = $derived(formatQuery({ ...this.#query, page: 1 }));
  /** A primitive, so the menus' choices are recomputed only when the benchmark changes. */
  #benchmarkId = $derived(this.#query.benchmark);
  #runId: string | null;
  #matches: readonly TrialRecord[];
  #facets: Facets;
  #items = $state.raw<Partial<Record<BenchmarkId, ReadonlyMap<string, unknown>>>>({});
  /** Loads in flight, and loads that failed other than by a download (those Datasets reports). */
  #loading = $state<
    Partial<Record<BenchmarkId, { readonly kind: 'loading' } | { readonly kind: 'failed'; readonly message: string }>>
  >({});

  readonly #deps: ExplorerDeps;

  constructor(deps: ExplorerDeps, hash: string = globalThis.location?.hash ?? '') {
    this.#deps = deps;
    this.#query = queryFromHash(hash) ?? EMPTY_QUERY;
    this.#runId = $derived(this.#query.run ?? deps.library.selectedId);
    this.#matches = $derived(filterTrials(deps.library.trials, parseQuery(this.#filterKey), this.#runId));
    this.#facets = $derived(buildFacets(deps.library.trials, this.#runId, this.#benchmarkId));
  }

  get query(): ExplorerQuery {
    return this.#query;
  }

  /** The run shown: the query's, else the library's selected run. */
  get runId(): string | null {
    return this.#runId;
  }

  /** The query names a run this browser does not store. */
  get runMissing(): boolean {
    return this.#runId !== null && !this.#deps.library.runs.some((r) => r.id === this.#runId);
  }

  /** Stored trials of the shown run (0 until the library has read them). */
  get totalCount(): number {
    return this.#deps.library.selectedId === this.#runId ? this.#deps.library.trials.length : 0;
  }

  get matches(): readonly TrialRecord[] {
    return this.#matches;
  }

  get facets(): Facets {
    return this.#facets;
  }

  get pageCount(): number {
    return Math.max(1, Math.ceil(this.#matches.length / PAGE_SIZE));
  }

  /** The current page, clamped to the pages there are. */
  get page(): number {
    return Math.min(this.#query.page, this.pageCount);
  }

  get pageTrials(): readonly TrialRecord[] {
    const start = (this.page - 1) * PAGE_SIZE;
    return this.#matches.slice(start, start + PAGE_SIZE);
  }

  /** Changes filters (back to page 1), as a new history entry. */
  setFilter(patch: Partial<Filter>): void {
    this.#navigate({ ...this.#query, ...patch, page: 1 });
  }

  clearFilters(): void {
    this.#navigate({ ...EMPTY_QUERY, run: this.#query.run });
  }

  goToPage(page: number): void {
    this.#navigate({ ...this.#query, page: Math.max(1, Math.min(page, this.pageCount)) });
  }

  /** Opens the explorer on the trials behind a chart point of the library's selected run. */
  openFor(point: ChartPoint): void {
    this.#navigate(queryForPoint(point, this.#deps.library.selectedId));
  }

  /** Follows the hash (back/forward, pasted links) while the explorer is shown; returns the cleanup. */
  listen(): () => void {
    this.#apply(this.#query);
    const onHash = (): void => {
      const q = queryFromHash(location.hash);
      if (q) this.#apply(q);
    };
    globalThis.addEventListener?.('hashchange', onHash);
    return () => globalThis.removeEventListener?.('hashchange', onHash);
  }

  #navigate(q: ExplorerQuery): void {
    this.#apply(q);
    if (globalThis.location) location.hash = exploreHash(q);
  }

  #apply(q: ExplorerQuery): void {
    this.#query = q;
    const { library } = this.#deps;
    if (q.run !== null && q.run !== library.selectedId && library.runs.some((r) => r.id === q.run))
      void library.select(q.run);
  }

  benchmark(id: string): Benchmark<unknown> | undefined {
    return this.#deps.services.benchmarks.find((b) => b.id === id);
  }

  itemData(id: BenchmarkId): ItemData {
    if (this.#items[id]) return { kind: 'ready' };
    const own = this.#loading[id];
    if (own?.kind === 'loading') return own;
    const status = this.#deps.datasets.status(id);
    if (status.kind === 'failed') {
      return {
        kind: 'failed',
        message: status.failures.map((f) => `${f.file}: ${f.message}`).join('; '),
        partial: status.loadedFiles.length > 0,
      };
    }
    return own ? { ...own, partial: false } : { kind: 'absent' };
  }

  /** The dataset item a trial asked, once its benchmark's data is loaded here. */
  itemFor(trial: Pick<TrialRecord, 'benchmark' | 'itemKey'>): unknown {
    return this.#items[trial.benchmark]?.get(trial.itemKey);
  }

  /** Loads a benchmark's items (from this page, the browser cache, or the pinned download). */
  async loadItems(id: BenchmarkId): Promise<void> {
    const benchmark = this.benchmark(id);
    if (!benchmark || this.#loading[id]?.kind === 'loading') return;
    this.#loading[id] = { kind: 'loading' };
    try {
      const input = await this.#deps.datasets.ensure(benchmark);
      if (input) this.#items = { ...this.#items, [id]: indexItems(benchmark, input.items) };
      // Without input, Datasets' own status says which files failed and why.
      this.#loading[id] = undefined;
    } catch (e) {
      this.#loading[id] = { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** After a partial load: rebuilds prompts from the files that did load (as the Run page can go on with them). */
  useLoadedItems(id: BenchmarkId): void {
    const benchmark = this.benchmark(id);
    const input = benchmark ? this.#deps.datasets.useAvailable(benchmark) : null;
    if (!benchmark || !input) return;
    this.#items = { ...this.#items, [id]: indexItems(benchmark, input.items) };
    this.#loading[id] = undefined;
  }

  /** Loads items that need no download: already parsed on this page, or generated in code. */
  loadItemsAtHand(ids: readonly BenchmarkId[]): void {
    for (const id of ids) {
      const benchmark = this.benchmark(id);
      if (!benchmark || this.#items[id] || this.#loading[id]) continue;
      if (this.#deps.datasets.status(id).kind === 'ready' || benchmark.source.files.length === 0)
        void this.loadItems(id);
    }
  }
}
