import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MLCEngine, type MLCEngineInterface } from '@mlc-ai/web-llm';
import { inspectMLCEngine } from '../../../../src/lib/engine/webllm/internals';
import { QWEN_CHATML } from '../../../fixtures/engine/conv-templates';
import { webTokenizer } from '../../../doubles/real-tokenizers';

const LIB = 'node_modules/@mlc-ai/web-llm/lib';

describe('web-llm 0.2.86 internals the worker relies on', () => {
  it('a real MLCEngine holds its pipelines and chat configs in Maps under the expected names', () => {
    const engine = new MLCEngine();
    const fields = engine as unknown as Record<string, unknown>;
    expect(fields.loadedModelIdToPipeline).toBeInstanceOf(Map);
    expect(fields.loadedModelIdToChatConfig).toBeInstanceOf(Map);
  });

  it('the pipeline keeps its tokenizer in a field named "tokenizer", and the public APIs used exist', () => {
    expect(readFileSync(`${LIB}/llm_chat.d.ts`, 'utf8')).toMatch(
      /class LLMChatPipeline \{\s*private config;\s*private tokenizer;/,
    );
    const engine = readFileSync(`${LIB}/engine.d.ts`, 'utf8');
    expect(engine).toMatch(
      /forwardTokensAndSample\(inputIds: Array<number>, isPrefill: boolean, modelId\?: string\): Promise<number>;/,
    );
    expect(engine).toMatch(/resetChat\(keepStats\?: boolean, modelId\?: string\): Promise<void>;/);
    // the LogitProcessor still runs first on raw logits, before logit_bias, in the shipped bundle
    const bundle = readFileSync(`${LIB}/index.js`, 'utf8');
    const processor = bundle.indexOf('logitsOnCPUArray = this.logitProcessor.processLogits(logitsOnCPUArray);');
    const bias = bundle.indexOf('// 2. Apply logit_bias on GPU', processor);
    const penalties = bundle.indexOf('// 3. Apply penalties to logits on GPU', processor);
    expect(processor).toBeGreaterThan(0);
    expect(bias).toBeGreaterThan(processor);
    expect(penalties).toBeGreaterThan(bias);
  });
});

describe('inspectMLCEngine', () => {
  const tokenizer = webTokenizer('qwen3');
  const shaped = (pipeline: unknown, config: unknown) =>
    ({
      loadedModelIdToPipeline: new Map([['m', pipeline]]),
      loadedModelIdToChatConfig: new Map([['m', config]]),
    }) as unknown as MLCEngineInterface;

  it('returns the tokenizer, template and context window of the loaded model', () => {
    const parts = inspectMLCEngine(
      shaped({ tokenizer }, { conv_template: QWEN_CHATML, context_window_size: 4096 }),
      'm',
    );
    expect(parts.tokenizer).toBe(tokenizer);
    expect(parts.convTemplate).toBe(QWEN_CHATML);
    expect(parts.contextWindow).toBe(4096);
    expect(parts.templateName).toBe('qwen2');
    expect(parts.tokenizerFiles).toEqual([]);
  });

  it('reads the tokenizer files the model package lists (where tokenizer_config.json comes from)', () => {
    const config = {
      conv_template: QWEN_CHATML,
      context_window_size: 4096,
      tokenizer_files: ['tokenizer.json', 'tokenizer_config.json', 7],
    };
    expect(inspectMLCEngine(shaped({ tokenizer }, config), 'm').tokenizerFiles).toEqual([
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
  });

  it('treats a sliding-window model (context -1) as unbounded', () => {
    expect(
      inspectMLCEngine(shaped({ tokenizer }, { conv_template: QWEN_CHATML, context_window_size: -1 }), 'm')
        .contextWindow,
    ).toBe(Infinity);
  });

  it('fails loudly if the internals change or the model is missing', () => {
    expect(() => inspectMLCEngine(shaped({ tok: tokenizer }, {}), 'm')).toThrow(/internals changed/);
    expect(() =>
      inspectMLCEngine(shaped({ tokenizer }, { conv_template: QWEN_CHATML, context_window_size: 1 }), 'other'),
    ).toThrow(/is the model loaded/);
  });
});
