/**
 * Where a model sits on a size axis: its parameter count, family and build (quantization), from
 * the catalogue or from what the user entered for a custom model. Charts take a `SizeLookup`
 * so they never guess a size from a model's name.
 * Invariant: a model without a known size gets `params: null` and is never placed on the axis.
 */
import type { CustomModel } from '../engine/custom-models';
import { FAMILY_LABELS, MODEL_CATALOGUE, type ModelFamily } from '../engine/models';

export interface ModelSize {
  /** Total parameters, or null when unknown. */
  readonly params: number | null;
  /** Family id (e.g. "qwen2.5"), or null for custom and server models. */
  readonly family: string | null;
  /** Build variant: models of one family and size but different builds get separate lines. */
  readonly variant: string;
  /** Short display name. */
  readonly label: string;
}

export type SizeLookup = (model: string) => ModelSize;

/** Display name of a family id (catalogue families by their label, others as given). */
export function familyLabel(family: string): string {
  return family in FAMILY_LABELS ? FAMILY_LABELS[family as ModelFamily] : family;
}

/**
 * Catalogue models by their card's parameter count, custom models by what the user entered,
 * `extra` for anything else (e.g. server models with a size the user typed); unknown → null.
 */
export function catalogueSizes(custom: readonly CustomModel[] = [], extra: Readonly<Record<string, number>> = {}): SizeLookup {
  return (model) => {
    const entry = MODEL_CATALOGUE.find((m) => m.id === model);
    if (entry) return { params: entry.params, family: entry.family, variant: entry.quantization, label: entry.label };
    const own = custom.find((m) => m.id === model);
    const params = own?.params ?? extra[model] ?? null;
    return { params: params !== null && Number.isFinite(params) && params > 0 ? params : null, family: null, variant: '', label: own?.label ?? model };
  };
}
