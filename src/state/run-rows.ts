/**
 * A stored run's metric rows, as cheaply as they can be had: rows kept for the run (while its
 * trials and the summarising code are as when they were computed), else computed from the run's
 * summary columns off the main thread and kept for next time. The Results screen uses it for the
 * run it shows; a study of many runs can use it once per run, reading kilobytes per run when
 * rows are kept.
 */
import type { MetricRow, RunRecord } from '../lib/core/records';
import type { RunSummary } from '../lib/core/run-summary';
import type { Services } from './services';

export type RowServices = Pick<Services, 'store' | 'metricsRecipe' | 'summarizeColumns'>;

/**
 * The run's rows; `summary` (its current summary) saves reading it again when rows must be
 * computed. Computing moves the summary's columns to the worker: they are empty afterwards.
 */
export async function runRows(services: RowServices, run: RunRecord, summary?: RunSummary): Promise<MetricRow[]> {
  const recipe = services.metricsRecipe(run);
  const kept = recipe === null ? null : await services.store.loadRunMetrics(run.id, recipe);
  if (kept !== null) return kept;
  const current = summary ?? (await services.store.loadRunSummary(run.id));
  if (current === null) throw new Error(`runRows: run ${run.id} has no summary`);
  // Moved to the worker, not copied: `current.columns` is not used again.
  const rows = await services.summarizeColumns(run, [current.columns], { transfer: true });
  if (recipe !== null) await services.store.saveRunMetrics({ runId: run.id, revision: current.revision, recipe, rows });
  return rows;
}
