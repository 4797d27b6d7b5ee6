/**
 * All state objects of the page, built once by App.svelte from the services and shared with
 * the views through Svelte context.
 */
import { getContext, setContext } from 'svelte';
import { Datasets } from './datasets.svelte';
import { DeviceChecks } from './device-checks.svelte';
import { Device } from './device.svelte';
import { Library } from './library.svelte';
import { Models } from './models.svelte';
import { Router } from './router.svelte';
import { ServerSettings } from './server.svelte';
import type { Services } from './services';
import { Session } from './session.svelte';
import { Setup } from './setup.svelte';
import { StorageStatus } from './storage.svelte';
import { StudyState } from './study.svelte';
import { Theme } from './theme.svelte';

export interface AppState {
  readonly services: Services;
  readonly theme: Theme;
  readonly router: Router;
  readonly models: Models;
  readonly deviceChecks: DeviceChecks;
  readonly device: Device;
  readonly datasets: Datasets;
  readonly library: Library;
  readonly setup: Setup;
  readonly session: Session;
  readonly storage: StorageStatus;
  readonly server: ServerSettings;
  readonly study: StudyState;
}

/** Without a browser engine (tests, a page without WebGPU): nothing to check, nothing kept. */
function noDeviceChecks(): DeviceChecks {
  return new DeviceChecks({
    run: async () => {
      throw new Error('no browser engine to check');
    },
    interrupt: () => undefined,
    detect: async () => null,
  });
}

/** The state objects over the services; `models`, `server` and `deviceChecks` may be built first (the services use them). */
export function buildAppState(
  services: Services,
  parts: { models?: Models; server?: ServerSettings; deviceChecks?: DeviceChecks } = {},
): AppState {
  const models = parts.models ?? new Models(services.cachedModels);
  const deviceChecks = parts.deviceChecks ?? noDeviceChecks();
  const server = parts.server ?? new ServerSettings();
  const datasets = new Datasets(services);
  const library = new Library(services);
  const storage = new StorageStatus();
  return {
    server,
    storage,
    services,
    theme: new Theme(),
    router: new Router(),
    models,
    deviceChecks,
    device: new Device(services.device),
    datasets,
    library,
    setup: new Setup(services, datasets, models, server, globalThis.localStorage, (id) => deviceChecks.speed(id)),
    session: new Session(services, datasets, library, models, storage, deviceChecks),
    study: new StudyState(services, library),
  };
}

const KEY = Symbol('app-state');

export function provideAppState(state: AppState): void {
  setContext(KEY, state);
}

export function useAppState(): AppState {
  const state = getContext<AppState | undefined>(KEY);
  if (!state) throw new Error('useAppState() called outside App');
  return state;
}
