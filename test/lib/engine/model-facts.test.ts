import { describe, expect, it } from 'vitest';
import {
  guessModelInfo,
  modelFactsOf,
  normalizeFamily,
  parseParamCount,
  withModelFacts,
} from '../../../src/lib/engine/model-facts';
import { runSizes } from '../../../src/lib/engine/sizes';
import type { RunSpec } from '../../../src/lib/core/records';

const SPEC: RunSpec = {
  benchmarks: ['bbq'],
  models: ['Qwen2.5-0.5B-Instruct-q4f16_1-MLC', 'Qwen/Qwen2.5-72B-Instruct-AWQ', 'legacy', 'mystery'],
  conditions: ['q'],
  sampleSize: 10,
  seed: 1,
  generation: { temperature: 1, topP: 1, maxTokens: 8, samples: 1 },
  engine: { kind: 'openai', baseUrl: 'http://127.0.0.1:8000/v1' },
  modelParams: { legacy: 3e9, 'Qwen/Qwen2.5-72B-Instruct-AWQ': 1 },
  modelInfo: {
    'Qwen/Qwen2.5-72B-Instruct-AWQ': {
      params: 72.7e9,
      family: 'Qwen2.5',
      quantization: 'AWQ',
      hfId: 'Qwen/Qwen2.5-72B-Instruct-AWQ',
    },
  },
};

describe('parseParamCount', () => {
  it('reads sizes with a unit or as a full count', () => {
    expect(parseParamCount('494M')).toBe(494e6);
    expect(parseParamCount('7.6B')).toBe(7.6e9);
    expect(parseParamCount(' 72b ')).toBe(72e9);
    expect(parseParamCount('7.6e9')).toBe(7.6e9);
    expect(parseParamCount('7600000000')).toBe(7.6e9);
    expect(parseParamCount('1.2T')).toBe(1.2e12);
    expect(parseParamCount('135k')).toBe(135e3);
  });

  it('refuses what is not a size, and bare small numbers without a unit', () => {
    for (const text of ['', 'seven', '7.6', '-3B', '0', '0B', '7.6 GB', '1e400', 'B'])
      expect(parseParamCount(text), text).toBeNull();
  });
});

describe('guessModelInfo (prefill only)', () => {
  it('takes a catalogue id at its card', () => {
    expect(guessModelInfo('SmolLM2-135M-Instruct-q0f16-MLC')).toEqual({
      params: 135e6,
      family: 'smollm2',
      quantization: 'q0f16',
    });
  });

  it("matches a Hugging Face id to the catalogue's model of the same base name", () => {
    expect(guessModelInfo('Qwen2.5-7B-Instruct')).toEqual({ params: 7.61e9, family: 'qwen2.5' });
    expect(guessModelInfo('Qwen/Qwen2.5-7B-Instruct')).toEqual({
      params: 7.61e9,
      family: 'qwen2.5',
      hfId: 'Qwen/Qwen2.5-7B-Instruct',
    });
    expect(guessModelInfo('meta-llama/Llama-3.2-1B-Instruct')).toMatchObject({ params: 1.24e9, family: 'llama3' });
    expect(guessModelInfo('google/gemma-2-9b-it')).toMatchObject({ params: 9.24e9, family: 'gemma2' });
    // The server's own build tag, not the catalogue's MLC build.
    expect(guessModelInfo('Qwen/Qwen2.5-7B-Instruct-AWQ')).toMatchObject({ params: 7.61e9, quantization: 'AWQ' });
  });

  it('reads size, family and build from a name the catalogue does not know', () => {
    expect(guessModelInfo('Qwen/Qwen2.5-72B-Instruct')).toEqual({
      params: 72e9,
      family: 'qwen2.5',
      hfId: 'Qwen/Qwen2.5-72B-Instruct',
    });
    expect(guessModelInfo('qwen2.5:32b-instruct-q4_K_M')).toEqual({
      params: 32e9,
      family: 'qwen2.5',
      quantization: 'q4_K_M',
    });
    expect(guessModelInfo('llama3.1:70b')).toEqual({ params: 70e9, family: 'llama3' });
    expect(guessModelInfo('SmolLM2-360M')).toEqual({ params: 360e6, family: 'smollm2' });
  });

  it('gives nothing for a name that says nothing', () => {
    expect(guessModelInfo('fake-model')).toEqual({});
    expect(guessModelInfo('Mixtral-8x7B')).toEqual({});
  });
});

describe('normalizeFamily', () => {
  it("maps a catalogue family's id or label to its id, anything else as typed", () => {
    expect(normalizeFamily('Qwen2.5')).toBe('qwen2.5');
    expect(normalizeFamily('qwen2.5 instruct')).toBe('qwen2.5');
    expect(normalizeFamily('Llama 3')).toBe('llama3');
    expect(normalizeFamily(' Mistral ')).toBe('Mistral');
  });
});

describe('modelFactsOf (what a run recorded, never a guess)', () => {
  it('reads modelInfo first, then modelParams, then the exact catalogue id', () => {
    expect(modelFactsOf(SPEC, 'Qwen/Qwen2.5-72B-Instruct-AWQ')).toEqual({
      params: 72.7e9,
      family: 'qwen2.5',
      quantization: 'AWQ',
      hfId: 'Qwen/Qwen2.5-72B-Instruct-AWQ',
      label: 'Qwen/Qwen2.5-72B-Instruct-AWQ',
    });
    expect(modelFactsOf(SPEC, 'legacy')).toMatchObject({ params: 3e9, family: null, quantization: null });
    expect(modelFactsOf(SPEC, 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC')).toEqual({
      params: 490e6,
      family: 'qwen2.5',
      quantization: 'q4f16_1',
      hfId: null,
      label: 'Qwen2.5 0.5B Instruct (q4f16_1)',
    });
  });

  it('does not guess a size from a name', () => {
    expect(modelFactsOf({ ...SPEC, modelInfo: {} }, 'Qwen2.5-7B-Instruct')).toMatchObject({
      params: null,
      family: null,
    });
  });

  it('puts params, family and quantization on every exported row, null when unknown', () => {
    const rows = withModelFacts([{ model: 'mystery', metric: 'x' }, { model: 'legacy' }], SPEC);
    expect(rows).toEqual([
      { model: 'mystery', metric: 'x', params: null, family: null, quantization: null },
      { model: 'legacy', params: 3e9, family: null, quantization: null },
    ]);
  });

  it('places server models by their recorded family on the size axis', () => {
    const sizes = runSizes(SPEC);
    expect(sizes('Qwen/Qwen2.5-72B-Instruct-AWQ')).toEqual({
      params: 72.7e9,
      family: 'qwen2.5',
      variant: 'AWQ',
      label: 'Qwen/Qwen2.5-72B-Instruct-AWQ',
    });
    expect(sizes.familyLabel?.('qwen2.5')).toBe('Qwen2.5 Instruct');
  });
});
