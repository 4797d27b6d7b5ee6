import { beforeEach, describe, expect, it } from 'vitest';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { WebLLMEngine } from '../../../../src/lib/engine/webllm/client';
import type { WorkerRequest } from '../../../../src/lib/engine/webllm/protocol';
import { EngineFailure, type LoadProgress } from '../../../../src/lib/engine/types';
import type { CustomModel } from '../../../../src/lib/engine/custom-models';
import { FakeMLCEngine } from '../../../doubles/webllm-fake-engine';
import { webTokenizer } from '../../../doubles/real-tokenizers';
import { QWEN_CHATML } from '../../../fixtures/engine/conv-templates';
import { inProcessWorker, type InProcessWorker } from '../../../doubles/webllm-worker';
import { SELF_TEST_REQUEST } from '../../../../src/lib/benchmarks/self-test-prompts';
import { DEVICE_CHECK_KINDS } from '../../../../src/lib/core/records';

/** The real handler in-process over a fake engine whose model parts are stubbed (one real tokenizer). */
function inProcessPort(sent: WorkerRequest[], engines: FakeMLCEngine[]): InProcessWorker {
  const tok = webTokenizer('qwen3');
  return inProcessWorker(
    {
      createEngine: (config) => {
        const engine = new FakeMLCEngine(config, () => ({ logits: new Map([[tok.id('a'), 3]]) }));
        engines.push(engine);
        return engine;
      },
      baseAppConfig: prebuiltAppConfig,
      inspect: () => ({
        tokenizer: tok,
        convTemplate: QWEN_CHATML,
        convOverride: undefined,
        contextWindow: 4096,
        templateName: 'qwen2',
        tokenizerFiles: ['tokenizer.json'],
      }),
      hasModelInCache: async (modelId) => modelId.startsWith('Qwen2.5-0.5B'),
    },
    sent,
  );
}

const QWEN = 'Qwen3-0.6B-q4f32_1-MLC';
const CUSTOM: CustomModel = {
  id: 'Mine-q4f32_1-MLC',
  modelUrl: 'https://hf.co/me/m',
  modelLibUrl: 'https://hf.co/me/m.wasm',
  label: 'Mine',
  needsF16: false,
};

let sent: WorkerRequest[];
let engines: FakeMLCEngine[];
let port: ReturnType<typeof inProcessPort>;
let spawned: number;
let client: WebLLMEngine;

beforeEach(() => {
  sent = [];
  engines = [];
  spawned = 0;
  client = new WebLLMEngine({
    resolveCustomModel: (id) => (id === CUSTOM.id ? CUSTOM : undefined),
    spawn: () => {
      spawned++;
      port = inProcessPort(sent, engines);
      return port;
    },
  });
});

describe('WebLLMEngine (main thread) through the worker protocol', () => {
  it('names itself with the web-llm version for the record', () => {
    expect(client.info).toEqual({ kind: 'webllm', version: '@mlc-ai/web-llm 0.2.86' });
  });

  it('loads a catalogue model with its opening, forwarding progress', async () => {
    const progress: LoadProgress[] = [];
    await client.load(QWEN, (p) => progress.push(p));
    expect(sent[0]).toEqual({
      kind: 'load',
      id: 1,
      options: { modelId: QWEN, custom: null, opening: 'empty_think_block' },
    });
    expect(progress.map((p) => p.fraction)).toEqual([0.5, 1]);
    expect(client.loaded?.modelId).toBe(QWEN);
  });

  it('sends a custom model with its definition', async () => {
    await client.load(CUSTOM.id, () => {});
    expect(sent[0]).toMatchObject({ kind: 'load', options: { modelId: CUSTOM.id, custom: CUSTOM, opening: 'plain' } });
  });

  it('asks the worker which models are cached, sending custom models with their definition', async () => {
    const cached = await client.cachedModels(['Qwen2.5-0.5B-Instruct-q4f32_1-MLC', CUSTOM.id]);
    expect(cached).toEqual({ 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC': true, [CUSTOM.id]: false });
    expect(sent[0]).toEqual({
      kind: 'cached',
      id: 1,
      models: [
        { modelId: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC', custom: null },
        { modelId: CUSTOM.id, custom: CUSTOM },
      ],
    });
  });

  it('rejects an unknown id with model_not_found before starting a worker', async () => {
    await expect(client.load('Nope', () => {})).rejects.toMatchObject({ error: { kind: 'model_not_found' } });
    expect(spawned).toBe(0);
  });

  it('scores and generates, with replies matched to request ids', async () => {
    await client.load(QWEN, () => {});
    const dialogue = { messages: [{ role: 'user' as const, content: 'Q' }], prefill: 'The answer is (' };
    const [score, gen] = await Promise.all([
      client.score({
        dialogue,
        candidates: [
          { id: 'a', texts: ['a'] },
          { id: 'b', texts: ['b'] },
        ],
      }),
      client.generate({ dialogue, temperature: 0, topP: 1, maxTokens: 3, seed: 1 }),
    ]);
    expect(score.method).toBe('exact');
    expect(score.raw.a).toBeGreaterThan(score.raw.b ?? 1);
    expect(gen).toMatchObject({ text: 'aaa', finishReason: 'length', completionTokens: 3 });
    expect(sent.map((m) => m.kind)).toEqual(['load', 'score', 'generate']);
  });

  it('runs the self-test on the loaded model and gets its report back (not_loaded before a load)', async () => {
    await expect(client.selfTest(SELF_TEST_REQUEST)).rejects.toMatchObject({ error: { kind: 'not_loaded' } });
    await client.load(QWEN, () => {});
    const report = await client.selfTest(SELF_TEST_REQUEST);
    expect(sent.at(-1)).toEqual({ kind: 'selfTest', id: 3, request: SELF_TEST_REQUEST });
    expect(report.checks.map((c) => c.kind)).toEqual(DEVICE_CHECK_KINDS);
    expect(report.template.source).toBe('mlc');
  }, 60_000);

  it('rejects with EngineFailure values from the worker', async () => {
    const failure = client.score({
      dialogue: { messages: [{ role: 'user', content: 'Q' }], prefill: '' },
      candidates: [{ id: 'a', texts: ['a'] }],
    });
    await expect(failure).rejects.toBeInstanceOf(EngineFailure);
    await expect(failure).rejects.toMatchObject({ error: { kind: 'not_loaded' } });
  });

  it('interrupts the request in flight: it rejects as aborted', async () => {
    await client.load(QWEN, () => {});
    const running = client.generate({
      dialogue: { messages: [{ role: 'user', content: 'Q' }], prefill: '' },
      temperature: 0,
      topP: 1,
      maxTokens: 1000,
      seed: 1,
    });
    await Promise.resolve();
    client.interrupt();
    await expect(running).rejects.toMatchObject({ error: { kind: 'aborted' } });
    expect(sent.at(-1)).toEqual({ kind: 'interrupt' });
  });

  it('rejects everything pending when the worker crashes, and starts a new worker next time', async () => {
    await client.load(QWEN, () => {});
    const pending = client.generate({
      dialogue: { messages: [{ role: 'user', content: 'Q' }], prefill: '' },
      temperature: 0,
      topP: 1,
      maxTokens: 1000,
      seed: 1,
    });
    port.crash('Uncaught Error: Device was lost');
    await expect(pending).rejects.toMatchObject({ error: { kind: 'device_lost' } });
    expect(client.loaded).toBeUndefined();
    await client.load(QWEN, () => {});
    expect(spawned).toBe(2);
  });
});
