import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import {
  buildLadder,
  formatParams,
  MODEL_CATALOGUE,
  WEBLLM_VERSION,
  type ModelFamily,
} from '../../../src/lib/engine/models';

describe('model catalogue against web-llm prebuiltAppConfig', () => {
  it('is written against the installed web-llm version', () => {
    const pkg = JSON.parse(readFileSync('node_modules/@mlc-ai/web-llm/package.json', 'utf8')) as { version: string };
    expect(WEBLLM_VERSION).toBe(pkg.version);
  });

  it.each(MODEL_CATALOGUE.map((m) => [m.id, m] as const))('%s matches its prebuilt record', (id, model) => {
    const record = prebuiltAppConfig.model_list.find((r) => r.model_id === id);
    expect(record, `${id} missing from prebuiltAppConfig`).toBeDefined();
    expect(model.vramMB).toBe(record?.vram_required_MB);
    expect(model.contextWindow).toBe(record?.overrides?.context_window_size);
    expect(id).toContain(`-${model.quantization}-`);
    if (record?.required_features?.includes('shader-f16')) expect(model.needsF16).toBe(true);
    expect(model.needsF16).toBe(model.quantization.includes('f16'));
    expect(record?.model_type ?? 0).toBe(0); // an LLM, not an embedding model
  });

  it('has unique ids and the requested ladders', () => {
    expect(new Set(MODEL_CATALOGUE.map((m) => m.id)).size).toBe(MODEL_CATALOGUE.length);
    const sizes = (family: ModelFamily) => [...new Set(buildLadder(family).map((m) => formatParams(m.params)))];
    expect(sizes('qwen2.5')).toEqual(['490M', '1.54B', '3.09B', '7.61B']);
    expect(sizes('qwen3')).toEqual(['600M', '1.7B', '4B', '8.2B']);
    expect(sizes('llama3')).toEqual(['1.24B', '3.21B', '8.03B']);
    expect(sizes('smollm2')).toEqual(['135M', '362M', '1.71B']);
    expect(sizes('gemma2')).toEqual(['2.61B', '9.24B']);
  });

  it('offers both a q4f16 and a q4f32 build wherever web-llm has both', () => {
    for (const m of MODEL_CATALOGUE.filter((x) => x.quantization === 'q4f16_1')) {
      const twin = m.id.replace('q4f16_1', 'q4f32_1');
      if (prebuiltAppConfig.model_list.some((r) => r.model_id === twin)) {
        expect(
          MODEL_CATALOGUE.some((x) => x.id === twin),
          twin,
        ).toBe(true);
      }
    }
  });

  it('opens Qwen3 answers with an empty think block and every other family plainly', () => {
    for (const m of MODEL_CATALOGUE) expect(m.opening).toBe(m.family === 'qwen3' ? 'empty_think_block' : 'plain');
  });

  it('names the original Hugging Face model of every build, so browser and server runs can be matched', () => {
    const byId = (id: string) => MODEL_CATALOGUE.find((m) => m.id === id)?.hfId;
    expect(byId('Qwen2.5-7B-Instruct-q4f16_1-MLC')).toBe('Qwen/Qwen2.5-7B-Instruct');
    expect(byId('Qwen3-0.6B-q4f32_1-MLC')).toBe('Qwen/Qwen3-0.6B');
    expect(byId('Llama-3.1-8B-Instruct-q4f16_1-MLC-1k')).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(byId('SmolLM2-135M-Instruct-q0f16-MLC')).toBe('HuggingFaceTB/SmolLM2-135M-Instruct');
    expect(byId('gemma-2-9b-it-q4f32_1-MLC')).toBe('google/gemma-2-9b-it');
    for (const m of MODEL_CATALOGUE) expect(m.hfId, m.id).toMatch(/^[\w-]+\/[\w.-]+$/);
    expect(new Set(MODEL_CATALOGUE.map((m) => m.hfId)).size).toBe(16); // 4 Qwen2.5, 4 Qwen3, 3 Llama, 3 SmolLM2, 2 Gemma 2
  });
});
