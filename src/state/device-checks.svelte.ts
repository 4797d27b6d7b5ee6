/**
 * "Check this device": runs a browser model's self-test (engine/webllm/self-test.ts) and keeps
 * the results of this browser, which the Models screen shows, the run estimate uses
 * (`speed`) and a new run records (`forRun`).
 *
 * Kept in localStorage under one key, not in IndexedDB: a check describes this browser on this
 * device, not a result, so it has no place in results files except as a copy on the runs made
 * here (RunRecord.deviceChecks, stored and exported with them through storage/); it is small (a
 * few kB per model) and read synchronously by the estimate; and the database's versions and
 * stores stay the results' own. Every entry is validated on reading (storage/validate-device.ts);
 * the latest check per model and GPU is kept, at most KEEP in all.
 */
import type { DeviceCheck, DeviceInfo, DeviceSpeed } from '../lib/core/records';
import { EngineFailure, type EngineError, type LoadProgress } from '../lib/engine/types';
import { sameDevice } from '../lib/runner/device-check';
import { checkDeviceCheck } from '../lib/storage/validate-device';

const KEY = 'device-checks';
const KEEP = 50;

export interface DeviceCheckDeps {
  /** Loads the model and runs its self-test; rejects with EngineFailure. */
  readonly run: (modelId: string, onProgress: (p: LoadProgress) => void) => Promise<DeviceCheck>;
  /** Stops the self-test under way (it then rejects `aborted`). */
  readonly interrupt: () => void;
  /** This device's GPU as WebGPU names it, or null where there is none. */
  readonly detect: () => Promise<DeviceInfo | null>;
  readonly storage?: Storage | undefined;
}

export class DeviceChecks {
  /** Every kept check, newest first. */
  all = $state.raw<DeviceCheck[]>([]);
  /** This device's GPU, once detected. */
  device = $state.raw<DeviceInfo | null>(null);
  running = $state.raw<{ readonly model: string; readonly progress: LoadProgress | null } | null>(null);
  /** Why the last self-test could not finish. */
  error = $state.raw<{ readonly model: string; readonly error: EngineError } | null>(null);

  constructor(private readonly deps: DeviceCheckDeps) {
    try {
      const saved: unknown = JSON.parse(deps.storage?.getItem(KEY) ?? '[]');
      if (!Array.isArray(saved)) return;
      this.all = saved.flatMap((entry: unknown, i) => {
        try {
          return [checkDeviceCheck(entry, `device-checks[${i}]`)];
        } catch (e) {
          console.warn('A saved device check could not be read and was dropped:', e);
          return [];
        }
      });
    } catch (e) {
      console.warn('Saved device checks could not be read and were ignored:', e);
    }
  }

  async detect(): Promise<DeviceInfo | null> {
    try {
      this.device = await this.deps.detect();
    } catch (e) {
      console.warn('Could not describe the GPU:', e);
    }
    return this.device;
  }

  /** The newest check of `modelId` on `device` (this one by default), or null. */
  latest(modelId: string, device: DeviceInfo | null = this.device): DeviceCheck | null {
    if (device === null) return null;
    return this.all.find((c) => c.model === modelId && sameDevice(c.device, device)) ?? null;
  }

  /** What the estimate uses for this model here: the newest check's measured rates, if it measured them. */
  speed(modelId: string): DeviceSpeed | null {
    return this.latest(modelId)?.speed ?? null;
  }

  /** The checks a run of these models on `device` records. */
  forRun(models: readonly string[], device: DeviceInfo | null): DeviceCheck[] {
    return models.flatMap((m) => this.latest(m, device) ?? []);
  }

  /** Loads the model and checks it; the result (or why it failed) is kept. */
  async check(modelId: string): Promise<DeviceCheck | null> {
    if (this.running !== null) return null;
    this.running = { model: modelId, progress: null };
    this.error = null;
    try {
      const check = await this.deps.run(modelId, (progress) => (this.running = { model: modelId, progress }));
      this.device = check.device;
      this.#save([check, ...this.all.filter((c) => !(c.model === check.model && sameDevice(c.device, check.device)))]);
      return check;
    } catch (e) {
      this.error = {
        model: modelId,
        error:
          e instanceof EngineFailure
            ? e.error
            : { kind: 'unknown', message: 'The self-test failed unexpectedly.', detail: String(e) },
      };
      return null;
    } finally {
      this.running = null;
    }
  }

  stop(): void {
    if (this.running !== null) this.deps.interrupt();
  }

  #save(checks: DeviceCheck[]): void {
    this.all = checks.slice(0, KEEP);
    try {
      this.deps.storage?.setItem(KEY, JSON.stringify(this.all));
    } catch (e) {
      console.warn('The device check could not be saved in this browser:', e);
    }
  }
}
