/**
 * This browser's GPU as the Run screen shows it on load, before anything is chosen or
 * downloaded: no WebGPU (use a server), a software adapter (very slow), or a GPU with or without
 * shader-f16 (which builds the form may offer). Checked once per page; asking again reuses it.
 */
import type { DeviceCheck } from '../lib/engine/preflight';
import type { Services } from './services';

export type DeviceStatus = { readonly kind: 'checking' } | DeviceCheck;

export class Device {
  status = $state.raw<DeviceStatus>({ kind: 'checking' });
  #checking: Promise<void> | null = null;

  constructor(private readonly probe: Services['device']) {}

  /** Whether f16 builds can run: null while checking or when browser models cannot run at all. */
  get hasF16(): boolean | null {
    return this.status.kind === 'ready' ? this.status.device.hasF16 : null;
  }

  check(): Promise<void> {
    this.#checking ??= this.probe().then(
      (result) => {
        this.status = result;
      },
      (e: unknown) => {
        this.status = {
          kind: 'blocked',
          error: {
            kind: 'unknown',
            message: 'The GPU check failed.',
            detail: e instanceof Error ? e.message : String(e),
          },
        };
      },
    );
    return this.#checking;
  }
}
