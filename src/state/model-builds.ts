/**
 * One row per model in the run form's picker, whatever its builds. The catalogue lists every
 * model twice: an f16 build (q4f16_1, q0f16: smaller and faster, needs the GPU's shader-f16)
 * and an f32 build (q4f32_1, q0f32: runs on every WebGPU device). The form shows each model
 * once and runs the build it chose for all of them (Setup.build); a device without shader-f16
 * gets the f32 builds. Pure: no state, no browser.
 */
import type { ModelOption } from './models.svelte';

export type Build = 'f16' | 'f32';

export interface ModelRow {
  /** The model without its build (its label without the quantization). */
  readonly key: string;
  readonly label: string;
  readonly family: ModelOption['family'];
  readonly params: number | null;
  /** The model's builds; a user's own model has just the one it was added with. */
  readonly builds: Partial<Record<Build, ModelOption>>;
}

/** " (q4f16_1)", " (q0f32)" in a catalogue label (engine/models.ts writes them). */
const QUANTIZATION_IN_LABEL = / \(q\d+f(?:16|32)(?:_\d+)?\)/;

export function buildOf(option: ModelOption): Build {
  return option.needsF16 ? 'f16' : 'f32';
}

/** The picker's rows, in the order of `options` (first build seen places the row). */
export function modelRows(options: readonly ModelOption[]): ModelRow[] {
  const rows = new Map<string, ModelRow>();
  for (const option of options) {
    const custom = option.family === 'custom';
    const label = custom ? option.label : option.label.replace(QUANTIZATION_IN_LABEL, '');
    const key = custom ? `custom:${option.id}` : `${option.family}:${label}`;
    const row = rows.get(key) ?? { key, label, family: option.family, params: option.params, builds: {} };
    row.builds[buildOf(option)] ??= option;
    rows.set(key, row);
  }
  return [...rows.values()];
}

/** The row's build to run: the one asked for, else the only one it has. */
export function pickBuild(row: ModelRow, build: Build): ModelOption {
  const chosen = row.builds[build] ?? row.builds[build === 'f16' ? 'f32' : 'f16'];
  if (!chosen) throw new Error(`model row ${row.key} has no build`);
  return chosen;
}

export function rowOf(rows: readonly ModelRow[], id: string): ModelRow | undefined {
  return rows.find((r) => r.builds.f16?.id === id || r.builds.f32?.id === id);
}

/** The chosen models in another build (each row's own build where it has only one); unknown ids stay. */
export function switchBuild(selected: readonly string[], rows: readonly ModelRow[], build: Build): string[] {
  const out = selected.map((id) => {
    const row = rowOf(rows, id);
    return row ? pickBuild(row, build).id : id;
  });
  return [...new Set(out)];
}

/**
 * Megabytes of weights to download for a build, estimated from its parameter count and
 * quantization (web-llm's catalogue gives GPU memory, not download sizes): qNfM stores N bits
 * per weight plus one M-bit scale per group of 32 (q4f16_1: 4.5 bits), q0fM stores M bits.
 * Null when the size or the quantization is unknown.
 */
export function downloadEstimateMB(option: ModelOption): number | null {
  const q = /-q(\d)f(16|32)(?:_\d)?-MLC/.exec(option.id);
  if (option.params === null || !q) return null;
  const bits = Number(q[1]);
  const scale = Number(q[2]);
  const perWeight = bits === 0 ? scale : bits + scale / 32;
  return (option.params * perWeight) / 8 / (1024 * 1024);
}
