/**
 * The models a user can pick: the curated catalogue plus models they added by URL (kept in
 * this browser's localStorage). One lookup for labels, sizes and GPU needs everywhere.
 */
import { validateCustomModel, type CustomModel, type CustomModelCheck } from '../lib/engine/custom-models';
import { GROUP_LABELS, MODEL_CATALOGUE, type ModelFamily } from '../lib/engine/models';
import type { CandidateCheck, PromptTemplateInfo } from '../lib/engine/types';

const KEY = 'custom-models';

export interface ModelOption {
  readonly id: string;
  readonly label: string;
  /** Catalogue family, or 'custom'. */
  readonly family: ModelFamily | 'custom';
  readonly params: number | null;
  readonly vramMB: number | null;
  readonly needsF16: boolean;
}

export { GROUP_LABELS };

function fromCustom(m: CustomModel): ModelOption {
  return { id: m.id, label: m.label, family: 'custom', params: m.params ?? null, vramMB: null, needsF16: m.needsF16 };
}

/** What loading a browser model found (engine/webllm/protocol.ts LoadedInfo, the parts shown). */
export interface LoadCheck {
  readonly prompt: PromptTemplateInfo;
  /** The beginning-of-sequence check at load: one BOS, none, or a doubled one fixed (engine/webllm/renderer.ts). */
  readonly bos: 'single' | 'none' | 'fixed_double';
  readonly templateNote?: string;
  readonly candidates: readonly CandidateCheck[];
}

export class Models {
  custom = $state.raw<CustomModel[]>([]);
  /** Model id -> weights already in this browser's cache; absent while unknown. */
  cached = $state.raw<Readonly<Record<string, boolean>>>({});
  /** Per browser model loaded in this session: its prompt template and how benchmark candidates tokenise (docs/method.md §2, §4). */
  loadChecks = $state.raw<Readonly<Record<string, LoadCheck>>>({});

  constructor(
    private readonly lookupCached: (ids: readonly string[]) => Promise<Readonly<Record<string, boolean>>>,
    private readonly storage: Storage | undefined = globalThis.localStorage,
  ) {
    try {
      const saved: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
      if (Array.isArray(saved)) {
        this.custom = saved.filter((m): m is CustomModel => validateCustomModel(m as CustomModel).kind === 'valid');
      }
    } catch (e) {
      console.warn('Saved custom models could not be read and were ignored:', e);
    }
  }

  get all(): ModelOption[] {
    return [
      ...MODEL_CATALOGUE.map((m) => ({
        id: m.id,
        label: m.label,
        family: m.family,
        params: m.params,
        vramMB: m.vramMB,
        needsF16: m.needsF16,
      })),
      ...this.custom.map(fromCustom),
    ];
  }

  find(id: string): ModelOption | undefined {
    return this.all.find((m) => m.id === id);
  }

  label(id: string): string {
    return this.find(id)?.label ?? id;
  }

  recordLoad(modelId: string, check: LoadCheck): void {
    this.loadChecks = { ...this.loadChecks, [modelId]: check };
  }

  customModel(id: string): CustomModel | undefined {
    return this.custom.find((m) => m.id === id);
  }

  /** Asks the engine which models are cached; a failed check only leaves the marks unknown. */
  async refreshCached(): Promise<void> {
    try {
      this.cached = await this.lookupCached(this.all.map((m) => m.id));
    } catch (e) {
      console.warn('Could not check which models are cached:', e);
    }
  }

  add(model: CustomModel): CustomModelCheck {
    const check = validateCustomModel(
      model,
      this.custom.map((m) => m.id),
    );
    if (check.kind === 'valid') this.#save([...this.custom, check.model]);
    return check;
  }

  remove(id: string): void {
    this.#save(this.custom.filter((m) => m.id !== id));
  }

  #save(models: CustomModel[]): void {
    this.custom = models;
    this.storage?.setItem(KEY, JSON.stringify(models));
  }
}
