/**
 * Where a model sits on a size axis: its parameter count, family and build (quantization), from
 * the catalogue or from what the user entered for a custom model. Views build this lookup and
 * hand it to the chart kit (core/sizes.ts), so charts never guess a size from a model's name.
 * Invariant: a model without a known size gets `params: null` and is never placed on the axis.
 */
import type { SizeLookup } from '../core/sizes';
import type { CustomModel } from './custom-models';
import { modelFactsOf, type ModelFactsSource } from './model-facts';
import { FAMILY_LABELS, MODEL_CATALOGUE, type ModelFamily } from './models';

export type { ModelSize, SizeLookup } from '../core/sizes';

/** Display name of a family id (catalogue families by their label, others as given). */
export function familyLabel(family: string): string {
  return family in FAMILY_LABELS ? FAMILY_LABELS[family as ModelFamily] : family;
}

/**
 * Catalogue models by their card's parameter count, custom models by what the user entered,
 * `extra` for anything else (e.g. server models with a size the user typed); unknown → null.
 */
export function catalogueSizes(
  custom: readonly CustomModel[] = [],
  extra: Readonly<Record<string, number>> = {},
): SizeLookup {
  const lookup = (model: string) => {
    const entry = MODEL_CATALOGUE.find((m) => m.id === model);
    if (entry) return { params: entry.params, family: entry.family, variant: entry.quantization, label: entry.label };
    const own = custom.find((m) => m.id === model);
    const params = own?.params ?? extra[model] ?? null;
    return {
      params: params !== null && Number.isFinite(params) && params > 0 ? params : null,
      family: null,
      variant: '',
      label: own?.label ?? model,
    };
  };
  return Object.assign(lookup, { familyLabel });
}

/**
 * A run's models as its size axis places them: what the run recorded of each (sizes, families and
 * builds of server models), else the catalogue or this browser's custom models
 * (model-facts.ts `modelFactsOf`).
 */
export function runSizes(spec: ModelFactsSource, custom: readonly CustomModel[] = []): SizeLookup {
  const lookup = (model: string) => {
    const f = modelFactsOf(spec, model, custom);
    return { params: f.params, family: f.family, variant: f.quantization ?? '', label: f.label };
  };
  return Object.assign(lookup, { familyLabel });
}
