/**
 * Building and updating RunRecords. A RunRecord is immutable; status changes produce a new
 * record with a fresh `updatedAt`. Ids use crypto.getRandomValues, which (unlike
 * crypto.randomUUID) also exists outside secure contexts.
 */
import { APP_COMMIT, APP_VERSION } from '../core/version';
import type { EngineError } from '../engine/types';
import { RECORD_SCHEMA_VERSION, type DeviceCheck, type RunRecord, type RunSpec, type RunStatus } from '../core/records';
import type { ResultStore } from '../storage/port';
import type { RunPlan } from './plan';

export interface CreateRunOptions {
  readonly name?: string;
  readonly now?: Date;
  readonly id?: string;
  /** Self-tests of the run's browser models on this device (recorded when there are any). */
  readonly deviceChecks?: readonly DeviceCheck[];
  /** The device the run starts on (RunRecord.device), when known. */
  readonly device?: string;
}

export function buildRunId(now: Date = new Date()): string {
  const random = new Uint8Array(6);
  globalThis.crypto.getRandomValues(random);
  const hex = [...random].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `run-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${hex}`;
}

export function buildRunName(spec: RunSpec): string {
  const size = spec.sampleSize === 'all' ? 'all items' : `${spec.sampleSize} items`;
  return `${spec.benchmarks.join(' + ')} · ${spec.models.join(', ')} · ${size} · seed ${spec.seed}`;
}

/** A new run, status 'running', ready to be stored and handed to runEvaluation. */
export function createRun(spec: RunSpec, plan: RunPlan, options: CreateRunOptions = {}): RunRecord {
  const now = (options.now ?? new Date()).toISOString();
  return {
    schema: RECORD_SCHEMA_VERSION,
    id: options.id ?? buildRunId(options.now),
    name: options.name ?? buildRunName(spec),
    createdAt: now,
    updatedAt: now,
    spec,
    status: 'running',
    itemKeys: plan.itemKeys,
    benchmarkVersions: plan.benchmarkVersions,
    plannedTrials: plan.plannedTrials,
    appVersion: APP_VERSION,
    appCommit: APP_COMMIT,
    ...(options.deviceChecks?.length ? { deviceChecks: options.deviceChecks } : {}),
    ...(options.device === undefined ? {} : { device: options.device }),
  };
}

/** The run with these device checks added (a resume on another device, or a check made since); the same record when none is new. */
export function withDeviceChecks(run: RunRecord, checks: readonly DeviceCheck[]): RunRecord {
  const known = new Set((run.deviceChecks ?? []).map((c) => c.id));
  const added = checks.filter((c) => !known.has(c.id));
  if (added.length === 0) return run;
  return { ...run, schema: RECORD_SCHEMA_VERSION, deviceChecks: [...(run.deviceChecks ?? []), ...added] };
}

/** The record with a new status; `lastError` is set when given and cleared otherwise. */
export function withStatus(
  run: RunRecord,
  status: RunStatus,
  lastError?: EngineError,
  now: Date = new Date(),
): RunRecord {
  const { lastError: _previous, ...rest } = run;
  return { ...rest, status, updatedAt: now.toISOString(), ...(lastError === undefined ? {} : { lastError }) };
}

/** Cancels a run that is not currently executing (e.g. a paused run the user gives up on). */
export async function cancelStoredRun(store: ResultStore, runId: string): Promise<RunRecord | undefined> {
  const run = await store.getRun(runId);
  if (run === undefined) return undefined;
  const cancelled = withStatus(run, 'cancelled');
  await store.putRun(cancelled);
  return cancelled;
}
