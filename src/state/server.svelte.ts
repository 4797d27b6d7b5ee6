/**
 * The OpenAI-compatible server a run can use instead of the browser: base URL, model, its size
 * (for size axes), requests in flight, and the API key. The key stays in this browser only
 * (localStorage, per base URL): it is never put in a run spec, an export, a link or a log.
 */
import { checkConnection, normalizeBaseUrl, type OpenAIEngineConfig, type ServerModel } from '../lib/engine/openai';
import type { EngineError } from '../lib/engine/types';

const SETTINGS_KEY = 'server-settings';
const KEYS_KEY = 'server-api-keys';

export type ServerStatus =
  | { readonly kind: 'unchecked' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'ok'; readonly server: string; readonly models: readonly ServerModel[] }
  | { readonly kind: 'error'; readonly error: EngineError };

export class ServerSettings {
  baseUrl = $state('http://localhost:8000/v1');
  model = $state('');
  /** Parameter count in billions, when the user gives it (placing the model on a size axis). */
  paramsB = $state<number | null>(null);
  concurrency = $state(4);
  apiKey = $state('');
  status = $state<ServerStatus>({ kind: 'unchecked' });

  constructor(
    private readonly storage: Storage | undefined = globalThis.localStorage,
    /** Why the page may not connect to a URL (its security policy), or null when it may. */
    private readonly blockedReason: (url: string) => string | null = () => null,
  ) {
    try {
      const saved = JSON.parse(storage?.getItem(SETTINGS_KEY) ?? '{}') as Partial<
        Record<'baseUrl' | 'model' | 'paramsB' | 'concurrency', unknown>
      >;
      if (typeof saved.baseUrl === 'string') this.baseUrl = saved.baseUrl;
      if (typeof saved.model === 'string') this.model = saved.model;
      if (typeof saved.paramsB === 'number') this.paramsB = saved.paramsB;
      if (typeof saved.concurrency === 'number') this.concurrency = saved.concurrency;
    } catch (e) {
      console.warn('Saved server settings could not be read and were ignored:', e);
    }
    this.apiKey = this.keyFor(this.baseUrl) ?? '';
  }

  /** The normalised base URL, or why the typed one is not usable. */
  get normalized(): { kind: 'ok'; baseUrl: string } | { kind: 'error'; message: string } {
    return normalizeBaseUrl(this.baseUrl);
  }

  /** The stored key for a base URL (used to resume a run on that server). */
  keyFor(baseUrl: string): string | undefined {
    const key = this.#readKeys()[baseUrl];
    return typeof key === 'string' && key !== '' ? key : undefined;
  }

  #readKeys(): Record<string, unknown> {
    try {
      const keys: unknown = JSON.parse(this.storage?.getItem(KEYS_KEY) ?? '{}');
      return typeof keys === 'object' && keys !== null ? (keys as Record<string, unknown>) : {};
    } catch (e) {
      console.warn('Saved API keys could not be read and were ignored:', e instanceof Error ? e.name : 'error');
      return {};
    }
  }

  /** Engine configuration for a base URL, with this browser's key for it. */
  configFor(baseUrl: string): OpenAIEngineConfig {
    const apiKey = this.keyFor(baseUrl);
    return {
      baseUrl,
      concurrency: this.concurrency,
      origin: globalThis.location?.origin,
      ...(apiKey ? { apiKey } : {}),
    };
  }

  /** Remembers the settings (and the key, separately) and checks server, key, model and log-probabilities. */
  async check(): Promise<void> {
    const base = this.normalized;
    if (base.kind === 'error') {
      this.status = { kind: 'error', error: { kind: 'server_error', message: base.message } };
      return;
    }
    this.save(base.baseUrl);
    const blocked = this.blockedReason(base.baseUrl);
    if (blocked) {
      this.status = { kind: 'error', error: { kind: 'server_error', message: blocked } };
      return;
    }
    this.status = { kind: 'checking' };
    const result = await checkConnection(
      this.configFor(base.baseUrl),
      this.model.trim() === '' ? undefined : this.model.trim(),
    );
    this.status =
      result.kind === 'ok'
        ? { kind: 'ok', server: result.server, models: result.models }
        : { kind: 'error', error: result.error };
    if (result.kind === 'ok' && this.model.trim() === '' && result.models[0]) this.model = result.models[0].id;
  }

  save(baseUrl: string): void {
    this.storage?.setItem(
      SETTINGS_KEY,
      JSON.stringify({
        baseUrl: this.baseUrl,
        model: this.model,
        paramsB: this.paramsB,
        concurrency: this.concurrency,
      }),
    );
    const keys = this.#readKeys();
    if (this.apiKey === '') delete keys[baseUrl];
    else keys[baseUrl] = this.apiKey;
    this.storage?.setItem(KEYS_KEY, JSON.stringify(keys));
  }
}
