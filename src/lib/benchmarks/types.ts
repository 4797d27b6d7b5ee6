/**
 * What a benchmark is, for the runner and the results view: data source, parsing, items,
 * prompts per condition, and metrics over stored trials. The runner knows no benchmark by
 * name; it goes through `registry.ts`. Benchmarks are pure: no DOM, fetch, GPU or runes.
 */
import type { BenchmarkId, ConditionId } from '../core/ids';
import type { ItemSummary, MetricInfo, MetricRow, ScoredTrial } from '../core/records';
import type { Candidate, PrefilledDialogue } from '../engine/types';

/** One upstream file, pinned by commit and git blob SHA-1. */
export interface DataFile {
  /** Key under which the parsed text is handed to `parse` (e.g. "Age.jsonl"). */
  readonly name: string;
  /** Path inside the upstream repository (e.g. "data/Age.jsonl"). */
  readonly path: string;
  /** git blob SHA-1: sha1("blob " + byteLength + "\0" + bytes). */
  readonly sha1: string;
  readonly bytes?: number;
}

export interface DatasetSource {
  /** "owner/name" on GitHub ("none" when there is no upstream dataset). */
  readonly repo: string;
  readonly commit: string;
  /** Licence of the upstream data as its repository states it (e.g. "CC BY 4.0"); null when there is no upstream dataset. */
  readonly license: string | null;
  /** The upstream repository at the pinned commit, for people to read; null when there is no upstream dataset. */
  readonly sourceUrl: string | null;
  /** Where the items come from, in a few words (results page, exports). */
  readonly origin: string;
  readonly files: readonly DataFile[];
}

/** A data problem reported, not guessed around (e.g. a BBQ row without exactly one biased option). */
export interface DataProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

export interface ParsedDataset<Item> {
  readonly items: readonly Item[];
  readonly problems: readonly DataProblem[];
}

/**
 * How one condition asks one item. For CoT conditions the model first continues `reasoning`
 * (its prefill is the CoT opener); `answer` then builds the scored dialogue from the generated
 * text. Without a reasoning step `answer` is called with "".
 */
export interface PromptPlan {
  readonly reasoning?: PrefilledDialogue;
  readonly answer: (reasoning: string) => PrefilledDialogue;
  readonly candidates: readonly Candidate[];
}

export interface SummarizeOptions {
  /** Bootstrap seed (docs/method.md §6). */
  readonly seed: number;
  /** Bootstrap resamples, ≥ 1000 for reported numbers. */
  readonly resamples: number;
  /**
   * Option orders the run asked (docs/method.md §3.1); absent = 1. With more than one, an answer
   * has no letter of its own, so per-letter answer shares are not computed.
   */
  readonly optionOrders?: number;
}

export interface Benchmark<Item> {
  readonly id: BenchmarkId;
  /** Bumped whenever data handling, prompts or metrics change a number. */
  readonly version: string;
  readonly title: string;
  readonly conditions: readonly ConditionId[];
  /** The metrics `summarize` returns, in display order. */
  readonly metrics: readonly MetricInfo[];
  /** Upstream data; `files` is empty for benchmarks generated in code (admissions). */
  readonly source: DatasetSource;
  /**
   * A file the user may add, handed to `parse` under `name`, that replaces the default items
   * (admissions: their own applicant profiles). A bad file parses to no items and a problem.
   */
  readonly userFile?: { readonly name: string; readonly label: string; readonly accept: string };
  /** Text of each DataFile by `name` -> validated items and reported problems. Pure. */
  parse(files: ReadonlyMap<string, string>): ParsedDataset<Item>;
  /** Stable, unique id of an item within this benchmark version. */
  itemKey(item: Item): string;
  /** Stratum for seeded stratified sampling (docs/method.md §6). */
  stratum(item: Item): string;
  /**
   * Items that must be sampled together share a unit (admissions: a profile asked with both
   * races; Winogender: an occupation's three versions). Absent: each item is its own unit.
   */
  unit?(item: Item): string;
  /** Within a stratum, the sample alternates between these classes (BBQ: context × polarity of a template). */
  spread?(item: Item): string;
  /** Facts stored on each trial record (must include everything `summarize` needs). */
  describeItem(item: Item): ItemSummary;
  /**
   * How a condition asks an item. `rotation` (0 when absent) picks one of `optionOrders` cyclic
   * option orders; the candidates keep their option ids in every order (docs/method.md §3.1).
   */
  buildPrompt(item: Item, condition: ConditionId, rotation?: number): PromptPlan;
  /**
   * Cyclic option orders the benchmark can ask for option-order debiasing (BBQ: 3). Absent:
   * the benchmark has no options to rotate and is always asked once.
   */
  readonly optionOrders?: number;
  /** Headline and secondary metrics per model × condition (and category), with paired contrasts vs `q`. */
  summarize(trials: readonly ScoredTrial[], options: SummarizeOptions): MetricRow[];
}
