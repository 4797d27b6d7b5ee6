/**
 * Where a model sits on a size axis, as charts and takeaways read it: its parameter count,
 * family and build. The lookup is built from the model catalogue (engine/sizes.ts) and handed
 * to the chart kit, so charts never guess a size from a model's name and never import the
 * catalogue.
 * Invariant: a model without a known size gets `params: null` and is never placed on the axis.
 */
import { formatParams as formatParamsText } from './format';

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

/** A model's size by its id; `familyLabel`, when present, names a family id for display. */
export type SizeLookup = ((model: string) => ModelSize) & { readonly familyLabel?: (family: string) => string };

/** "1.5B", "360M": a parameter count for axes and tooltips (two decimals at most). */
export function formatParams(params: number): string {
  return formatParamsText(params, 2);
}
