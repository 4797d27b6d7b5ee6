/**
 * The curated catalogue of browser models, laid out as size ladders per family so a run can
 * show how self-correction changes with parameter count (docs/method.md §1).
 *
 * Invariants:
 * - This module is imported by the main thread, so it must never import `@mlc-ai/web-llm` at
 *   runtime (its bundle is ~6 MB). Values are copied from web-llm 0.2.86's `prebuiltAppConfig`;
 *   `test/lib/engine/models.test.ts` checks every entry against the real config.
 * - `id` is exactly web-llm's `model_id`; `vramMB` is its `vram_required_MB`; `contextWindow` is
 *   its `overrides.context_window_size`.
 * - `needsF16` is true for every f16 build (`q4f16_1`, `q0f16`), whether or not web-llm lists
 *   `shader-f16` in `required_features` (it does so only for some records; f16 kernels need it
 *   regardless).
 * - `params` are total parameter counts as stated on each model's card.
 * - `hfId` is the Hugging Face repository of the original model the MLC build was converted
 *   from (its chat template is the one rendered, docs/method.md §2), so a browser run and a server
 *   run of one model (vLLM serves it under that id) can be matched.
 */

/** The web-llm version the catalogue and the worker were written against. */
export const WEBLLM_VERSION = '0.2.86';

export type ModelFamily = 'qwen2.5' | 'qwen3' | 'llama3' | 'smollm2' | 'gemma2';

export type Quantization = 'q4f16_1' | 'q4f32_1' | 'q0f16' | 'q0f32';

/**
 * How the open assistant turn is rendered (docs/method.md §2):
 * - `plain`: role header, then the prefill;
 * - `empty_think_block`: role header, `<think>\n\n</think>\n\n`, then the prefill. This is
 *   Qwen3's own non-thinking form (what web-llm renders for `enable_thinking: false`,
 *   llm_chat.ts:838-846 in v0.2.83) **[ours]**: the answer is scored as the model answers
 *   without hidden reasoning.
 */
export type AssistantOpening = 'plain' | 'empty_think_block';

export interface CatalogueModel {
  readonly id: string;
  readonly family: ModelFamily;
  readonly label: string;
  readonly params: number;
  readonly quantization: Quantization;
  readonly needsF16: boolean;
  readonly vramMB: number;
  readonly contextWindow?: number;
  readonly opening: AssistantOpening;
  /** The original model's Hugging Face id, e.g. `Qwen/Qwen2.5-7B-Instruct`. */
  readonly hfId: string;
}

/** The Hugging Face organisation of each family's original models. */
const HF_ORGS: Readonly<Record<ModelFamily, string>> = {
  'qwen2.5': 'Qwen',
  qwen3: 'Qwen',
  llama3: 'meta-llama',
  smollm2: 'HuggingFaceTB',
  gemma2: 'google',
};

/** `Qwen2.5-7B-Instruct-q4f16_1-MLC` → `Qwen/Qwen2.5-7B-Instruct` (the web-llm id minus its build suffix). */
export function hfIdOf(family: ModelFamily, id: string): string {
  const base = id.replace(/-(q4f16_1|q4f32_1|q0f16|q0f32)-MLC(-1k)?$/, '');
  if (base === id) throw new Error(`${id} does not end with an MLC build suffix`);
  return `${HF_ORGS[family]}/${base}`;
}

export const FAMILY_LABELS: Readonly<Record<ModelFamily, string>> = {
  'qwen2.5': 'Qwen2.5 Instruct',
  qwen3: 'Qwen3',
  llama3: 'Llama 3.2 / 3.1 Instruct',
  smollm2: 'SmolLM2 Instruct',
  gemma2: 'Gemma 2 it',
};

/** Model groups in pickers: the families, and the user's own models. */
export const GROUP_LABELS: Readonly<Record<ModelFamily | 'custom', string>> = {
  ...FAMILY_LABELS,
  custom: 'Your models',
};

function entry(
  family: ModelFamily,
  id: string,
  label: string,
  params: number,
  quantization: Quantization,
  vramMB: number,
  contextWindow: number,
): CatalogueModel {
  return {
    id,
    family,
    label: `${label} (${quantization})${id.endsWith('-1k') ? ', 1k context' : ''}`,
    params,
    quantization,
    needsF16: quantization.includes('f16'),
    vramMB,
    contextWindow,
    opening: family === 'qwen3' ? 'empty_think_block' : 'plain',
    hfId: hfIdOf(family, id),
  };
}

export const MODEL_CATALOGUE: readonly CatalogueModel[] = [
  entry('qwen2.5', 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC', 'Qwen2.5 0.5B Instruct', 490000000, 'q4f16_1', 944.62, 4096),
  entry('qwen2.5', 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC', 'Qwen2.5 0.5B Instruct', 490000000, 'q4f32_1', 1060.2, 4096),
  entry('qwen2.5', 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC', 'Qwen2.5 1.5B Instruct', 1540000000, 'q4f16_1', 1629.75, 4096),
  entry('qwen2.5', 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC', 'Qwen2.5 1.5B Instruct', 1540000000, 'q4f32_1', 1888.97, 4096),
  entry('qwen2.5', 'Qwen2.5-3B-Instruct-q4f16_1-MLC', 'Qwen2.5 3B Instruct', 3090000000, 'q4f16_1', 2504.76, 4096),
  entry('qwen2.5', 'Qwen2.5-3B-Instruct-q4f32_1-MLC', 'Qwen2.5 3B Instruct', 3090000000, 'q4f32_1', 2893.64, 4096),
  entry('qwen2.5', 'Qwen2.5-7B-Instruct-q4f16_1-MLC', 'Qwen2.5 7B Instruct', 7610000000, 'q4f16_1', 5106.67, 4096),
  entry('qwen2.5', 'Qwen2.5-7B-Instruct-q4f32_1-MLC', 'Qwen2.5 7B Instruct', 7610000000, 'q4f32_1', 5900.09, 4096),
  entry('qwen3', 'Qwen3-0.6B-q4f16_1-MLC', 'Qwen3 0.6B', 600000000, 'q4f16_1', 1403.34, 4096),
  entry('qwen3', 'Qwen3-0.6B-q4f32_1-MLC', 'Qwen3 0.6B', 600000000, 'q4f32_1', 1924.98, 4096),
  entry('qwen3', 'Qwen3-1.7B-q4f16_1-MLC', 'Qwen3 1.7B', 1700000000, 'q4f16_1', 2036.66, 4096),
  entry('qwen3', 'Qwen3-1.7B-q4f32_1-MLC', 'Qwen3 1.7B', 1700000000, 'q4f32_1', 2635.44, 4096),
  entry('qwen3', 'Qwen3-4B-q4f16_1-MLC', 'Qwen3 4B', 4000000000, 'q4f16_1', 3431.59, 4096),
  entry('qwen3', 'Qwen3-4B-q4f32_1-MLC', 'Qwen3 4B', 4000000000, 'q4f32_1', 4327.71, 4096),
  entry('qwen3', 'Qwen3-8B-q4f16_1-MLC', 'Qwen3 8B', 8200000000, 'q4f16_1', 5695.78, 4096),
  entry('qwen3', 'Qwen3-8B-q4f32_1-MLC', 'Qwen3 8B', 8200000000, 'q4f32_1', 6852.55, 4096),
  entry('llama3', 'Llama-3.2-1B-Instruct-q4f16_1-MLC', 'Llama 3.2 1B Instruct', 1240000000, 'q4f16_1', 879.04, 4096),
  entry('llama3', 'Llama-3.2-1B-Instruct-q4f32_1-MLC', 'Llama 3.2 1B Instruct', 1240000000, 'q4f32_1', 1128.82, 4096),
  entry('llama3', 'Llama-3.2-3B-Instruct-q4f16_1-MLC', 'Llama 3.2 3B Instruct', 3210000000, 'q4f16_1', 2263.69, 4096),
  entry('llama3', 'Llama-3.2-3B-Instruct-q4f32_1-MLC', 'Llama 3.2 3B Instruct', 3210000000, 'q4f32_1', 2951.51, 4096),
  entry('llama3', 'Llama-3.1-8B-Instruct-q4f16_1-MLC', 'Llama 3.1 8B Instruct', 8030000000, 'q4f16_1', 5001, 4096),
  entry(
    'llama3',
    'Llama-3.1-8B-Instruct-q4f16_1-MLC-1k',
    'Llama 3.1 8B Instruct',
    8030000000,
    'q4f16_1',
    4598.34,
    1024,
  ),
  entry('llama3', 'Llama-3.1-8B-Instruct-q4f32_1-MLC', 'Llama 3.1 8B Instruct', 8030000000, 'q4f32_1', 6101.01, 4096),
  entry('llama3', 'Llama-3.1-8B-Instruct-q4f32_1-MLC-1k', 'Llama 3.1 8B Instruct', 8030000000, 'q4f32_1', 5295.7, 1024),
  entry('smollm2', 'SmolLM2-135M-Instruct-q0f16-MLC', 'SmolLM2 135M Instruct', 135000000, 'q0f16', 359.69, 4096),
  entry('smollm2', 'SmolLM2-135M-Instruct-q0f32-MLC', 'SmolLM2 135M Instruct', 135000000, 'q0f32', 719.38, 4096),
  entry('smollm2', 'SmolLM2-360M-Instruct-q4f16_1-MLC', 'SmolLM2 360M Instruct', 362000000, 'q4f16_1', 376.06, 4096),
  entry('smollm2', 'SmolLM2-360M-Instruct-q4f32_1-MLC', 'SmolLM2 360M Instruct', 362000000, 'q4f32_1', 579.61, 4096),
  entry('smollm2', 'SmolLM2-1.7B-Instruct-q4f16_1-MLC', 'SmolLM2 1.7B Instruct', 1710000000, 'q4f16_1', 1774.19, 4096),
  entry('smollm2', 'SmolLM2-1.7B-Instruct-q4f32_1-MLC', 'SmolLM2 1.7B Instruct', 1710000000, 'q4f32_1', 2692.38, 4096),
  entry('gemma2', 'gemma-2-2b-it-q4f16_1-MLC', 'Gemma 2 2B it', 2610000000, 'q4f16_1', 1895.3, 4096),
  entry('gemma2', 'gemma-2-2b-it-q4f32_1-MLC', 'Gemma 2 2B it', 2610000000, 'q4f32_1', 2508.75, 4096),
  entry('gemma2', 'gemma-2-9b-it-q4f16_1-MLC', 'Gemma 2 9B it', 9240000000, 'q4f16_1', 6422.01, 4096),
  entry('gemma2', 'gemma-2-9b-it-q4f32_1-MLC', 'Gemma 2 9B it', 9240000000, 'q4f32_1', 8383.33, 4096),
];

export function findCatalogueModel(id: string): CatalogueModel | undefined {
  return MODEL_CATALOGUE.find((m) => m.id === id);
}

/** One family's models, smallest first (ties: f16 build before f32), for size-ladder layouts. */
export function buildLadder(family: ModelFamily): CatalogueModel[] {
  return MODEL_CATALOGUE.filter((m) => m.family === family).sort((a, b) => a.params - b.params || a.vramMB - b.vramMB);
}

/** "1.5B", "360M": parameter counts in the short form used on axes and labels (core/sizes.ts). */
export { formatParams } from '../core/sizes';
