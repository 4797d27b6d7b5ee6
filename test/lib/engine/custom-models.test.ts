import { describe, expect, it } from 'vitest';
import { buildModelRecord, validateCustomModel, type CustomModel } from '../../../src/lib/engine/custom-models';

const GOOD: CustomModel = {
  id: 'MyQwen-q4f32_1-MLC',
  modelUrl: 'https://huggingface.co/me/MyQwen-q4f32_1-MLC',
  modelLibUrl: 'https://example.org/libs/MyQwen-q4f32_1-webgpu.wasm',
  label: 'My Qwen',
  params: 1.5e9,
  needsF16: false,
};

describe('validateCustomModel', () => {
  it('accepts a complete model', () => {
    expect(validateCustomModel(GOOD)).toEqual({ kind: 'valid', model: GOOD });
  });

  it('reports every problem in plain words', () => {
    const check = validateCustomModel({
      ...GOOD,
      id: 'my model f16',
      modelUrl: 'ftp://x',
      modelLibUrl: 'https://x/lib.js',
      label: ' ',
      params: -1,
    });
    expect(check.kind).toBe('invalid');
    const fields = check.kind === 'invalid' ? check.problems.map((p) => p.field) : [];
    expect(fields).toEqual(['id', 'label', 'modelUrl', 'modelLibUrl', 'params', 'needsF16']);
  });

  it('refuses catalogue ids and taken ids', () => {
    const clash = validateCustomModel({ ...GOOD, id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC' });
    expect(clash.kind === 'invalid' && clash.problems[0]?.message).toMatch(/catalogue/);
    expect(validateCustomModel(GOOD, [GOOD.id]).kind).toBe('invalid');
  });

  it('allows plain http only on localhost, and a relative URL never', () => {
    expect(validateCustomModel({ ...GOOD, modelUrl: 'http://localhost:8000/m/' }).kind).toBe('valid');
    expect(validateCustomModel({ ...GOOD, modelUrl: 'http://example.org/m/' }).kind).toBe('invalid');
    expect(validateCustomModel({ ...GOOD, modelUrl: '/models/m/' }).kind).toBe('invalid');
  });
});

describe('buildModelRecord', () => {
  it('builds web-llm ModelRecord fields, requiring shader-f16 for f16 builds', () => {
    expect(buildModelRecord(GOOD)).toEqual({ model: GOOD.modelUrl, model_id: GOOD.id, model_lib: GOOD.modelLibUrl });
    expect(buildModelRecord({ ...GOOD, needsF16: true }).required_features).toEqual(['shader-f16']);
  });
});
