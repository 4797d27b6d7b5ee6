/**
 * The evaluation running in this tab: checks the browser, gets the data, plans, starts or
 * resumes the runner, and folds its events into what the run view shows (model download,
 * trials done, rate, time left, the reason it stopped). One run at a time per tab.
 */
import { assertNever, type BenchmarkId } from '../lib/core/ids';
import type { Engine, EngineErrorKind, EngineRates, LoadProgress } from '../lib/engine/types';
import type { RunEvent } from '../lib/runner/events';
import { buildRunPlan, type BenchmarkInput } from '../lib/runner/plan';
import { createRun, cancelStoredRun, withDeviceChecks } from '../lib/runner/record';
import { RunControl, runEvaluation } from '../lib/runner/run';
import type { DeviceInfo, RunRecord, RunSpec } from '../lib/core/records';
import type { Datasets } from './datasets.svelte';
import type { DeviceChecks } from './device-checks.svelte';
import type { Library } from './library.svelte';
import type { Models } from './models.svelte';
import type { StorageStatus } from './storage.svelte';
import { progressFigures, RateWindow, type ProgressFigures } from '../lib/runner/progress';
import { findBenchmark, type Services } from './services';

/**
 * Why a run cannot start or go on: an engine's error, a run another tab is driving, or stored
 * results this tab can no longer write (another tab upgraded the database; App shows why).
 */
export interface Problem {
  readonly kind: EngineErrorKind | 'run_locked' | 'storage_closed' | 'device_check_running';
  readonly message: string;
  readonly detail?: string;
  /** The benchmark whose data is missing (a dataset failure), so the error can offer its file picker. */
  readonly benchmark?: BenchmarkId;
}

const STORAGE_CLOSED: Problem = {
  kind: 'storage_closed',
  message:
    'The run paused because this tab can no longer write results: another tab opened a newer version of the app, or the browser closed its storage. Every trial stored so far is kept; reload, then resume the run.',
};

const ANNOUNCE_MS = 250;
const RATES_MS = 2000;

export type Phase = 'idle' | 'preparing' | 'running' | 'pausing' | 'paused' | 'cancelled' | 'done';

export class Session {
  phase = $state<Phase>('idle');
  runId = $state<string | null>(null);
  /** Why the run could not start or stopped by itself; null when all is well. */
  error = $state<Problem | null>(null);
  /** Plain-words notes from the device check (memory needs next to what the device reports). */
  notes = $state.raw<string[]>([]);
  loading = $state<{ model: string; progress: LoadProgress } | null>(null);
  currentModel = $state<string | null>(null);
  failed = $state(0);
  progress = $state<ProgressFigures>(progressFigures(0, 0, null));
  /** The engine's own prefill/decode rates (web-llm's counters), polled while running. */
  rates = $state<EngineRates | null>(null);
  #control: RunControl | null = null;
  #announced = 0;
  readonly #rate = new RateWindow();

  constructor(
    private readonly services: Services,
    private readonly datasets: Datasets,
    private readonly library: Library,
    private readonly models: Models,
    private readonly storage: StorageStatus,
    private readonly deviceChecks: DeviceChecks,
  ) {}

  get busy(): boolean {
    return this.phase === 'preparing' || this.phase === 'running' || this.phase === 'pausing';
  }

  async start(spec: RunSpec): Promise<void> {
    if (this.busy) return;
    this.#reset('preparing');
    const checked = await this.#check(spec);
    if (!checked) return;
    const inputs = await this.#inputs(spec, false);
    if (!inputs) return;
    void this.storage.requestPersistence();
    const run = createRun(spec, buildRunPlan(spec, inputs), {
      deviceChecks: this.#deviceChecks(spec, checked.gpu),
      ...(checked.device === undefined ? {} : { device: checked.device }),
    });
    await this.services.store.putRun(run);
    await this.library.refresh();
    await this.library.select(run.id);
    await this.#execute(run, inputs);
  }

  async resume(runId: string): Promise<void> {
    if (this.busy) return;
    this.#reset('preparing');
    const stored = await this.services.store.getRun(runId);
    if (!stored) return this.#fail({ kind: 'unknown', message: 'This run is no longer stored.' });
    const checked = await this.#check(stored.spec);
    if (!checked) return;
    const inputs = await this.#inputs(stored.spec, true);
    if (!inputs) return;
    const run = withDeviceChecks(stored, this.#deviceChecks(stored.spec, checked.gpu));
    if (run !== stored) await this.services.store.putRun(run);
    await this.library.select(run.id);
    await this.#execute(run, inputs);
  }

  /** Forgets the last problem once the user took another way (a server instead of the GPU). */
  clearError(): void {
    if (!this.busy) this.error = null;
  }

  pause(): void {
    if (this.phase !== 'running') return;
    this.phase = 'pausing';
    this.#control?.pause();
  }

  async cancel(runId = this.runId): Promise<void> {
    if (this.busy && this.#control) {
      this.phase = 'pausing';
      this.#control.cancel();
    } else if (runId) {
      await cancelStoredRun(this.services.store, runId);
      this.phase = 'cancelled';
      await this.library.refresh();
    }
  }

  #reset(phase: Phase): void {
    this.phase = phase;
    this.error = null;
    this.notes = [];
    this.failed = 0;
    this.loading = null;
    this.#rate.clear();
  }

  #fail(error: Problem): void {
    this.error = error;
    this.phase = 'idle';
  }

  /** The self-tests of the run's browser models on this device, which the run records. */
  #deviceChecks(spec: RunSpec, device: DeviceInfo | null) {
    return spec.engine.kind === 'webllm' ? this.deviceChecks.forRun(spec.models, device) : [];
  }

  /**
   * The device (or server) check, before anything is downloaded: null when blocked, else the
   * device it named (recorded with the run) and the GPU's fields (to find its self-tests), if any.
   */
  async #check(spec: RunSpec): Promise<{ readonly device?: string; readonly gpu: DeviceInfo | null } | null> {
    if (this.deviceChecks.running !== null) {
      this.#fail({
        kind: 'device_check_running',
        message:
          'A device self-test is running (Models screen). Wait for it to finish, or stop it, then start the run.',
      });
      return null;
    }
    const notes: string[] = [];
    let device: string | undefined;
    let gpu: DeviceInfo | null = null;
    for (const id of spec.models) {
      const model = this.models.find(id);
      const result = await this.services.check(spec.engine, {
        id,
        label: model?.label ?? id,
        needsF16: model?.needsF16 ?? /f16/.test(id),
        ...(model?.vramMB ? { vramMB: model.vramMB } : {}),
      });
      if (result.kind === 'blocked') {
        this.#fail(result.error);
        return null;
      }
      notes.push(...result.notes);
      device ??= result.device;
      gpu = result.gpu ?? gpu;
    }
    this.notes = notes;
    return device === undefined ? { gpu } : { device, gpu };
  }

  async #inputs(spec: RunSpec, resuming: boolean): Promise<BenchmarkInput[] | null> {
    const inputs: BenchmarkInput[] = [];
    for (const id of spec.benchmarks) {
      const benchmark = findBenchmark(this.services, id);
      const input =
        (await this.datasets.ensure(benchmark)) ?? (resuming ? this.datasets.useAvailable(benchmark) : null);
      if (!input) {
        this.#fail({
          kind: 'download_failed',
          message: `The ${benchmark.title} data could not be downloaded: pick its files from disk, retry, or go on with the files that loaded (see its data panel).`,
          benchmark: id,
        });
        return null;
      }
      inputs.push(input);
    }
    return inputs;
  }

  async #execute(run: RunRecord, inputs: BenchmarkInput[]): Promise<void> {
    this.runId = run.id;
    this.phase = 'running';
    const control = (this.#control = new RunControl());
    const { coordinator, store } = this.services;
    const engine = this.services.engineFor(run.spec.engine);
    this.rates = null;
    let closed = false;
    const poll = setInterval(() => void this.#pollRates(engine), RATES_MS);
    try {
      const held = await coordinator.exclusive(run.id, async () => {
        try {
          return await runEvaluation({
            run,
            benchmarks: inputs,
            engine,
            store,
            control,
            concurrency: this.services.concurrencyFor(run.spec.engine),
            onEvent: (e) => this.#onEvent(e),
          });
        } finally {
          coordinator.announce({
            runId: run.id,
            done: this.progress.done,
            planned: this.progress.planned,
            phase: 'stopped',
          });
        }
      });
      if (held.kind === 'busy') {
        this.phase = 'idle';
        this.error = {
          kind: 'run_locked',
          message:
            'Another tab or window of this app is running this run. Watch it there, or close that tab and resume here; finished trials are kept either way.',
        };
        return;
      }
      const outcome = held.value;
      this.phase = outcome.kind === 'done' ? 'done' : outcome.kind === 'cancelled' ? 'cancelled' : 'paused';
      if (outcome.kind === 'paused' && outcome.reason === 'store_closed') {
        closed = true;
        this.error = STORAGE_CLOSED;
      } else if (outcome.kind === 'paused' && outcome.error) this.error = outcome.error;
    } catch (e) {
      this.phase = 'paused';
      this.error = {
        kind: 'unknown',
        message: 'The run stopped on an internal error; finished trials are kept. Resume to try again.',
        detail: e instanceof Error ? e.message : String(e),
      };
    } finally {
      clearInterval(poll);
      this.#control = null;
      this.loading = null;
      void this.models.refreshCached();
      void this.storage.refresh();
      // A closed store serves no reads: the library keeps what it shows until the page reloads.
      if (!closed) {
        await this.library.refresh();
        await this.library.settle(run.id);
      }
    }
  }

  async #pollRates(engine: Engine): Promise<void> {
    if (!engine.rates || this.loading) return;
    try {
      this.rates = (await engine.rates()) ?? this.rates;
    } catch (e) {
      console.warn('Engine rates unavailable:', e instanceof Error ? e.message : e);
    }
  }

  #onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'started':
        this.progress = progressFigures(event.done, event.planned, null);
        break;
      case 'model_loading':
        this.loading = { model: event.model, progress: event.progress };
        this.currentModel = event.model;
        break;
      case 'model_ready':
        this.loading = null;
        this.#rate.clear();
        break;
      case 'trial_started':
        this.currentModel = event.model;
        break;
      case 'trial_stored':
        this.#rate.add(Date.now());
        if (event.trial.status === 'failed') this.failed += 1;
        this.progress = progressFigures(event.done, event.planned, this.#rate.rate());
        this.library.addTrial(event.trial);
        // Other tabs hear about progress a few times a second, not once per trial.
        if (Date.now() - this.#announced >= ANNOUNCE_MS) {
          this.#announced = Date.now();
          this.services.coordinator.announce({
            runId: event.trial.runId,
            done: event.done,
            planned: event.planned,
            phase: 'running',
          });
        }
        break;
      case 'paused':
        if (event.error) this.error = event.error;
        break;
      case 'cancelled':
      case 'finished':
        break;
      default:
        assertNever(event, 'run event');
    }
  }
}
