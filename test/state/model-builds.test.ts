/** The picker's rows (each model once, whatever its builds), switching builds, and download estimates. */
import { describe, expect, it } from 'vitest';
import { downloadEstimateMB, modelRows, switchBuild } from '../../src/state/model-builds';
import { Models, type ModelOption } from '../../src/state/models.svelte';

const catalogue = new Models(async () => ({}), undefined).all;
const option = (id: string): ModelOption => {
  const found = catalogue.find((m) => m.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe('modelRows', () => {
  it('shows each of the 34 catalogue builds in one of 17 rows, an f16 and an f32 build each', () => {
    const rows = modelRows(catalogue);
    expect(catalogue).toHaveLength(34);
    expect(rows).toHaveLength(17);
    for (const r of rows) expect([r.builds.f16?.needsF16, r.builds.f32?.needsF16]).toEqual([true, false]);
    const count = (family: string) => rows.filter((r) => r.family === family).length;
    expect([count('qwen2.5'), count('qwen3'), count('llama3'), count('smollm2'), count('gemma2')]).toEqual([
      4, 4, 4, 3, 2,
    ]);
    // The 1k-context Llama builds are a model of their own, not a third build.
    const short = rows.find((r) => r.label === 'Llama 3.1 8B Instruct, 1k context');
    expect([short?.builds.f16?.id, short?.builds.f32?.id]).toEqual([
      'Llama-3.1-8B-Instruct-q4f16_1-MLC-1k',
      'Llama-3.1-8B-Instruct-q4f32_1-MLC-1k',
    ]);
  });

  it("keeps a user's own model as it was added, in its one build", () => {
    const mine: ModelOption = {
      id: 'my-model',
      label: 'My model (q4f16_1)',
      family: 'custom',
      params: null,
      vramMB: null,
      needsF16: true,
    };
    const rows = modelRows([mine]);
    expect(rows).toEqual([
      { key: 'custom:my-model', label: 'My model (q4f16_1)', family: 'custom', params: null, builds: { f16: mine } },
    ]);
    expect(switchBuild(['my-model', 'unknown'], rows, 'f32')).toEqual(['my-model', 'unknown']);
  });
});

describe('switchBuild', () => {
  it('maps every chosen catalogue model to the other build, once each', () => {
    const rows = modelRows(catalogue);
    expect(
      switchBuild(
        ['Qwen2.5-0.5B-Instruct-q4f32_1-MLC', 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC', 'SmolLM2-135M-Instruct-q0f32-MLC'],
        rows,
        'f16',
      ),
    ).toEqual(['Qwen2.5-0.5B-Instruct-q4f16_1-MLC', 'SmolLM2-135M-Instruct-q0f16-MLC']);
  });
});

describe('downloadEstimateMB', () => {
  it('counts 4 bits a weight plus a 16- or 32-bit scale per 32, or 16 bits unquantized', () => {
    // 490M × 5 bits = 306.25 MB = 292.06 MiB; × 4.5 bits = 262.86 MiB; 135M × 16 bits = 257.49 MiB.
    expect(downloadEstimateMB(option('Qwen2.5-0.5B-Instruct-q4f32_1-MLC'))).toBeCloseTo(292.06, 2);
    expect(downloadEstimateMB(option('Qwen2.5-0.5B-Instruct-q4f16_1-MLC'))).toBeCloseTo(262.86, 2);
    expect(downloadEstimateMB(option('SmolLM2-135M-Instruct-q0f16-MLC'))).toBeCloseTo(257.49, 2);
    expect(downloadEstimateMB({ ...option('Qwen2.5-0.5B-Instruct-q4f32_1-MLC'), params: null })).toBeNull();
  });
});
