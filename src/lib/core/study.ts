/**
 * The vocabulary of a study (issue 14): many runs (several people's, several engines') merged
 * into one set of metric rows, each naming its model's size, family and build and what made it.
 * The study module (lib/study) builds these; the chart kit draws them; the CLI prints them. Kept
 * in core so that charts, which import only core, can read them.
 */
import type { BenchmarkId } from './ids';
import type { MetricRow } from './records';

/** What made one point: the engine, device, build, prompt template and app behind it. */
export interface PointProvenance {
  /** Engine kind and version(s) of its trials, e.g. "openai · vLLM 0.6.3", "webllm · @mlc-ai/web-llm 0.2.86". */
  readonly engine: string;
  /** The WebGPU device or the server it ran on; null when not recorded. */
  readonly device: string | null;
  /** Template source(s) of its trials ("hf", "mlc", "raw", "server"); null when the trials do not say. */
  readonly template: string | null;
  /** App version(s) and short commit(s) of its trials, e.g. "0.2.0 · 1a2b3c4". */
  readonly app_version: string;
}

/**
 * One metric row of one run in a study: the run's row, its model's facts (null where unknown,
 * never guessed) and its provenance. Only rows of runs whose items for that benchmark are the
 * study's are in a study; the others are listed, with why, in its runs.
 */
export interface StudyRow extends MetricRow, PointProvenance {
  readonly run: string;
  readonly run_name: string;
  readonly params: number | null;
  readonly family: string | null;
  readonly quantization: string | null;
  readonly hf_id: string | null;
  /** The model's display name. */
  readonly label: string;
}

/** Whether a run's results for one benchmark are part of the study's comparisons, and why not. */
export interface StudyBenchmarkStatus {
  readonly benchmark: BenchmarkId;
  readonly included: boolean;
  /** Planned items of the run for this benchmark. */
  readonly items: number;
  readonly version: string | null;
  /** Why it is left out (items or benchmark version differ from the study's); null when included. */
  readonly reason: string | null;
}

/** A run of a study, as listed beside it. */
export interface StudyRun {
  readonly id: string;
  readonly name: string;
  readonly created_at: string;
  readonly status: string;
  readonly models: readonly string[];
  readonly engine: string;
  readonly device: string | null;
  readonly app_version: string;
  /** Trials stored (ok and failed) and planned. */
  readonly trials: number;
  readonly planned: number;
  readonly benchmarks: readonly StudyBenchmarkStatus[];
}

export interface Study {
  readonly metrics: readonly StudyRow[];
  readonly runs: readonly StudyRun[];
}
