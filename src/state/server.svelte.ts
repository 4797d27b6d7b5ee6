/**
 * The OpenAI-compatible server a run can use instead of the browser: base URL, the models to run
 * on it (each with its size, family, Hugging Face id and build, for size axes and series; the
 * size is prefilled from the catalogue or the name and can be corrected), requests in flight,
 * and the API key. The key stays in this browser only (localStorage, per base URL): it is never
 * put in a run spec, an export, a link or a log.
 */
import { checkConnection, normalizeBaseUrl, type OpenAIEngineConfig, type ServerModel } from '../lib/engine/openai';
import { guessModelInfo, normalizeFamily, parseParamCount } from '../lib/engine/model-facts';
import type { EngineError } from '../lib/engine/types';
import type { ModelInfo } from '../lib/core/records';
import { formatParams } from '../lib/core/sizes';

const SETTINGS_KEY = 'server-settings';
const KEYS_KEY = 'server-api-keys';

export type ServerStatus =
  | { readonly kind: 'unchecked' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'ok'; readonly server: string; readonly models: readonly ServerModel[] }
  | { readonly kind: 'error'; readonly error: EngineError };

/** One model to run on the server, as typed in the form (text fields; checked by `problem`). */
export interface ServerModelEntry {
  name: string;
  /** Parameter count as typed: "494M", "7.6B", "7.6e9"; empty when unknown. */
  size: string;
  family: string;
  hfId: string;
  /** Build, e.g. "AWQ", "fp8", "q4_K_M"; empty when unknown. */
  quantization: string;
}

type Prefilled = Partial<Record<'size' | 'family' | 'hfId' | 'quantization', string>>;

const emptyEntry = (): ServerModelEntry => ({ name: '', size: '', family: '', hfId: '', quantization: '' });

function readEntry(value: unknown): ServerModelEntry | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    name: text(o.name),
    size: text(o.size),
    family: text(o.family),
    hfId: text(o.hfId),
    quantization: text(o.quantization),
  };
}

export class ServerSettings {
  baseUrl = $state('http://localhost:8000/v1');
  /** The models to run, in order; every one runs on the same items. */
  models = $state<ServerModelEntry[]>([emptyEntry()]);
  concurrency = $state(4);
  apiKey = $state('');
  status = $state<ServerStatus>({ kind: 'unchecked' });
  /** What each entry's fields were prefilled with, so a name change refills them unless the user changed them. */
  #prefilled: Prefilled[] = [{}];

  constructor(
    private readonly storage: Storage | undefined = globalThis.localStorage,
    /** Why the page may not connect to a URL (its security policy), or null when it may. */
    private readonly blockedReason: (url: string) => string | null = () => null,
  ) {
    try {
      const saved = JSON.parse(storage?.getItem(SETTINGS_KEY) ?? '{}') as Partial<
        Record<'baseUrl' | 'model' | 'paramsB' | 'models' | 'concurrency', unknown>
      >;
      if (typeof saved.baseUrl === 'string') this.baseUrl = saved.baseUrl;
      const entries = Array.isArray(saved.models)
        ? saved.models.map(readEntry).filter((e): e is ServerModelEntry => e !== null)
        : [];
      // Settings saved before several models: one model and its size in billions.
      if (entries.length === 0 && typeof saved.model === 'string')
        entries.push({
          ...emptyEntry(),
          name: saved.model,
          size: typeof saved.paramsB === 'number' && saved.paramsB > 0 ? formatParams(saved.paramsB * 1e9) : '',
        });
      if (entries.length > 0) {
        this.models = entries;
        this.#prefilled = entries.map(() => ({}));
      }
      if (typeof saved.concurrency === 'number') this.concurrency = saved.concurrency;
    } catch (e) {
      console.warn('Saved server settings could not be read and were ignored:', e);
    }
    this.apiKey = this.keyFor(this.baseUrl) ?? '';
  }

  /** The first model's name (the one "Check connection" checks). */
  get model(): string {
    return this.models[0]?.name ?? '';
  }

  set model(name: string) {
    this.setName(0, name);
  }

  /** Names of the models to run, trimmed, empty rows left out. */
  get modelNames(): string[] {
    return this.models.map((m) => m.name.trim()).filter((n) => n !== '');
  }

  /**
   * Sets an entry's name and prefills its size, family, Hugging Face id and build from the
   * catalogue or the name (model-facts.ts `guessModelInfo`): a field is refilled only while it
   * is empty or still holds what was prefilled, so a value the user typed stays.
   */
  setName(index: number, name: string): void {
    while (this.models.length <= index) this.addModel();
    const entry = this.models[index] as ServerModelEntry;
    const before = this.#prefilled[index] ?? {};
    const guess = guessModelInfo(name);
    const next: Prefilled = {
      size: guess.params === undefined ? '' : formatParams(guess.params),
      family: guess.family ?? '',
      hfId: guess.hfId ?? '',
      quantization: guess.quantization ?? '',
    };
    entry.name = name;
    for (const field of ['size', 'family', 'hfId', 'quantization'] as const) {
      if (entry[field] === '' || entry[field] === before[field]) entry[field] = next[field] ?? '';
    }
    this.#prefilled[index] = next;
  }

  /** Replaces the list (a shared link): each name prefilled as typed, then the size given, if any. */
  replaceModels(models: readonly { readonly name: string; readonly params?: number }[]): void {
    this.models = [];
    this.#prefilled = [];
    models.forEach((m, i) => {
      this.setName(i, m.name);
      const entry = this.models[i];
      if (entry && m.params !== undefined) entry.size = formatParams(m.params);
    });
    if (this.models.length === 0) this.addModel();
  }

  addModel(): void {
    this.models.push(emptyEntry());
    this.#prefilled.push({});
  }

  removeModel(index: number): void {
    if (this.models.length <= 1) {
      this.models[0] = emptyEntry();
      this.#prefilled = [{}];
      return;
    }
    this.models.splice(index, 1);
    this.#prefilled.splice(index, 1);
  }

  /** Why the models cannot be run as typed (a size that is not a count, a name twice), or null. */
  get problem(): string | null {
    const names = new Set<string>();
    for (const [i, m] of this.models.entries()) {
      const name = m.name.trim();
      const which = this.models.length > 1 ? `Model ${i + 1}` : 'The model';
      if (name === '') continue;
      if (names.has(name)) return `${which}: "${name}" is listed twice.`;
      names.add(name);
      if (m.size.trim() !== '' && parseParamCount(m.size) === null)
        return `${which}: the size "${m.size.trim()}" is not a parameter count (write e.g. 494M, 7.6B or 7.6e9, or leave it empty).`;
    }
    return null;
  }

  /** What the run records of each named model (fields left empty are left out). */
  modelInfo(): Record<string, ModelInfo> {
    const out: Record<string, ModelInfo> = {};
    for (const m of this.models) {
      const name = m.name.trim();
      if (name === '') continue;
      const params = m.size.trim() === '' ? null : parseParamCount(m.size);
      const info: ModelInfo = {
        ...(params === null ? {} : { params }),
        ...(m.family.trim() === '' ? {} : { family: normalizeFamily(m.family) }),
        ...(m.hfId.trim() === '' ? {} : { hfId: m.hfId.trim() }),
        ...(m.quantization.trim() === '' ? {} : { quantization: m.quantization.trim() }),
      };
      if (Object.keys(info).length > 0) out[name] = info;
    }
    return out;
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
        models: this.models,
        concurrency: this.concurrency,
      }),
    );
    const keys = this.#readKeys();
    if (this.apiKey === '') delete keys[baseUrl];
    else keys[baseUrl] = this.apiKey;
    this.storage?.setItem(KEYS_KEY, JSON.stringify(keys));
  }
}
