/**
 * A lost GPU device in a real run (docs/method.md §4, issue "faults as faults"): the runner, the
 * main-thread `WebLLMEngine`, the worker handler in-process and the fake MLCEngine holding Qwen3's
 * real tokenizer and chat template. The device goes in the middle of the run; the run must pause
 * with the advice to resume (no trial stored as failed), and resuming must load the model again,
 * on a fresh engine, and finish every trial exactly once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { WebLLMEngine } from '../../../../src/lib/engine/webllm/client';
import { inspectMLCEngine } from '../../../../src/lib/engine/webllm/internals';
import { buildRunPlan, type BenchmarkInput } from '../../../../src/lib/runner/plan';
import { createRun } from '../../../../src/lib/runner/record';
import { runEvaluation } from '../../../../src/lib/runner/run';
import type { RunSpec } from '../../../../src/lib/core/records';
import { openFreshStore } from '../../../doubles/fresh-store';
import { hfTokenizer, tokenizerConfigJson, webTokenizer } from '../../../doubles/real-tokenizers';
import { TOY_SPEC } from '../../../doubles/records';
import { buildToyItems, createToyBenchmark } from '../../../doubles/toy-benchmark';
import { FakeMLCEngine } from '../../../doubles/webllm-fake-engine';
import { inProcessWorker } from '../../../doubles/webllm-worker';
import { QWEN_CHATML } from '../../../fixtures/engine/conv-templates';

const MODEL = 'Qwen3-0.6B-q4f32_1-MLC';
const inputs: BenchmarkInput[] = [{ benchmark: createToyBenchmark(), items: buildToyItems(4) }];
const spec: RunSpec = { ...TOY_SPEC, models: [MODEL], conditions: ['q', 'q_if'], sampleSize: 'all' };

beforeAll(() => void hfTokenizer('qwen3'), 30_000);

/** The model's tokenizer_config.json wherever the worker looks for it (web-llm's model cache). */
const modelCache = {
  match: async (url: string) =>
    url.endsWith('/tokenizer_config.json') ? new Response(JSON.stringify(tokenizerConfigJson('qwen3'))) : undefined,
  add: async (url: string) => {
    throw new Error(`no network in tests: ${url}`);
  },
};

describe('a GPU device lost during a browser run', () => {
  it('pauses the run with advice, stores no failed trial, and reloads the model on resume', async () => {
    const tok = webTokenizer('qwen3');
    const engines: FakeMLCEngine[] = [];
    let forwards = 0;
    let loseAt = 3; // the third forward pass of the run (the third trial)
    const engine = new WebLLMEngine({
      resolveCustomModel: () => undefined,
      spawn: () =>
        inProcessWorker({
          createEngine: (config) => {
            const fake: FakeMLCEngine = new FakeMLCEngine(
              config,
              () => {
                if (++forwards === loseAt) fake.loseDevice({ syncReturns: false });
                return { logits: new Map([[tok.id(' Yes'), 4]]) };
              },
              {
                tokenizer: () => webTokenizer('qwen3'),
                chatConfig: {
                  conv_template: QWEN_CHATML,
                  context_window_size: 4096,
                  tokenizer_files: ['tokenizer.json', 'tokenizer_config.json'],
                },
              },
            );
            engines.push(fake);
            return fake;
          },
          baseAppConfig: prebuiltAppConfig,
          inspect: inspectMLCEngine,
          openCache: async () => modelCache,
          hasModelInCache: async () => true,
          settleMs: 1,
        }),
    });
    const store = await openFreshStore();
    const run = createRun(spec, buildRunPlan(spec, inputs), { id: 'lost' });
    await store.putRun(run);

    const first = await runEvaluation({ run, benchmarks: inputs, engine, store });
    expect(first).toMatchObject({ kind: 'paused', reason: 'error', error: { kind: 'device_lost' } });
    expect(first.kind === 'paused' && first.error?.message).toMatch(/Press Resume: the model is loaded again/);
    const paused = await store.getRun(run.id);
    expect(paused).toMatchObject({ status: 'paused', lastError: { kind: 'device_lost' } });
    const before = await store.listTrials(run.id);
    expect(before.map((t) => t.status)).toEqual(['ok', 'ok']); // the third trial is redone, not stored as failed
    expect(engines).toHaveLength(1);

    loseAt = 0; // the device behaves from now on
    if (paused === undefined) throw new Error('run not stored');
    const second = await runEvaluation({ run: paused, benchmarks: inputs, engine, store });
    expect(second).toMatchObject({ kind: 'done', failed: 0 });
    expect(engines).toHaveLength(2); // the model was loaded again, on a fresh engine
    expect(engines[1]?.reloads).toEqual([MODEL]);
    const trials = await store.listTrials(run.id);
    expect(trials).toHaveLength(8);
    expect(new Set(trials.map((t) => t.key)).size).toBe(8);
    for (const t of trials) {
      expect(t).toMatchObject({ status: 'ok', answer: 'yes', template: { source: 'hf' } });
      expect(t.scoring?.candidateTokens).toEqual({ yes: 1, no: 1 });
    }
    store.close();
  });
});
