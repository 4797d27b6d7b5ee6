/**
 * What a running evaluation tells the page (and the CLI): a discriminated union of events,
 * each field documented. State classes fold these into what the UI shows.
 */
import type { BenchmarkId, ConditionId } from '../core/ids';
import type { EngineError, LoadProgress } from '../engine/types';
import type { TrialRecord } from '../core/records';

export type RunEvent =
  /** The run (new or resumed) is planned; `done` trials already exist in storage. */
  | { readonly type: 'started'; readonly runId: string; readonly planned: number; readonly done: number }
  /** A model is being downloaded / initialised. */
  | { readonly type: 'model_loading'; readonly model: string; readonly progress: LoadProgress }
  /** The model is ready; trials for it follow. */
  | { readonly type: 'model_ready'; readonly model: string; readonly loadMs: number }
  /** A trial is about to be sent to the model. */
  | {
      readonly type: 'trial_started';
      readonly model: string;
      readonly benchmark: BenchmarkId;
      readonly condition: ConditionId;
      readonly itemKey: string;
    }
  /** A trial finished (status ok or failed) and is already stored. */
  | { readonly type: 'trial_stored'; readonly trial: TrialRecord; readonly done: number; readonly planned: number }
  /**
   * The run stopped before finishing: by pause, because the engine cannot go on, or because the
   * store closed (another tab upgraded the database; nothing more could be written).
   */
  | { readonly type: 'paused'; readonly reason: 'user' | 'error' | 'store_closed'; readonly error?: EngineError }
  /** The user cancelled; stored trials stay. */
  | { readonly type: 'cancelled' }
  /** Every planned trial exists in storage. */
  | { readonly type: 'finished'; readonly failed: number };
