import { describe, expect, it } from 'vitest';
import type { AppConfig, ModelRecord } from '@mlc-ai/web-llm';
import {
  cleanModelUrl,
  downloadModelFiles,
  WEBLLM_CACHES,
  type CacheLike,
} from '../../../../src/lib/engine/webllm/download';
import { WebLLMHandler } from '../../../../src/lib/engine/webllm/handler';
import type { WorkerResponse } from '../../../../src/lib/engine/webllm/protocol';
import type { LoadProgress } from '../../../../src/lib/engine/types';
import { FakeMLCEngine } from '../../../doubles/webllm-fake-engine';
import { webTokenizer } from '../../../doubles/real-tokenizers';
import { findHfTemplate } from '../../../../src/lib/engine/webllm/hf-config';
import { QWEN_CHATML } from '../../../fixtures/engine/conv-templates';

const BASE = 'https://huggingface.co/mlc-ai/Toy-MLC/resolve/main/';
const RECORD: ModelRecord = {
  model_id: 'Toy-MLC',
  model: 'https://huggingface.co/mlc-ai/Toy-MLC',
  model_lib: 'https://raw.githubusercontent.com/x/toy.wasm',
};

/** The network: URL -> body. Missing URLs fail like `Cache.add` on a 404. */
function server(shards = 6): Map<string, string> {
  const records = Array.from({ length: shards }, (_, i) => ({ dataPath: `params_shard_${i}.bin`, nbytes: 100 }));
  const files = new Map<string, string>([
    [`${BASE}mlc-chat-config.json`, JSON.stringify({ tokenizer_files: ['tokenizer.json', 'vocab.json'] })],
    [`${BASE}tensor-cache.json`, JSON.stringify({ metadata: {}, records })],
    [`${BASE}tokenizer.json`, '{}'],
    [RECORD.model_lib, 'wasm'],
  ]);
  for (const r of records) files.set(`${BASE}${r.dataPath}`, 'bytes');
  return files;
}

/** Cache Storage over a fake network, recording every fetch. */
function storage(network: Map<string, string>) {
  const caches = new Map<string, Map<string, string>>();
  const fetched: string[] = [];
  const open = async (name: string): Promise<CacheLike> => {
    let entries = caches.get(name);
    if (!entries) caches.set(name, (entries = new Map()));
    const cache = entries;
    return {
      match: async (url) => (cache.has(url) ? new Response(cache.get(url)) : undefined),
      add: async (url) => {
        fetched.push(url);
        const body = network.get(url);
        if (body === undefined) throw new TypeError("Failed to execute 'add' on 'Cache': Request failed");
        cache.set(url, body);
      },
    };
  };
  return { caches, fetched, open };
}

describe('cleanModelUrl (as web-llm)', () => {
  it('adds resolve/main/ to a bare Hugging Face URL and keeps an explicit revision', () => {
    expect(cleanModelUrl('https://huggingface.co/mlc-ai/Toy-MLC')).toBe(BASE);
    expect(cleanModelUrl('https://huggingface.co/mlc-ai/Toy-MLC/')).toBe(BASE);
    expect(cleanModelUrl('https://huggingface.co/org/m/resolve/abc123/')).toBe(
      'https://huggingface.co/org/m/resolve/abc123/',
    );
  });
});

describe('downloadModelFiles', () => {
  it("puts every file into web-llm's caches under web-llm's URLs, with rising progress", async () => {
    const s = storage(server());
    const progress: LoadProgress[] = [];
    await downloadModelFiles(RECORD, { openCache: s.open, onProgress: (p) => progress.push(p), checkAbort: () => {} });
    expect([...(s.caches.get(WEBLLM_CACHES.config)?.keys() ?? [])]).toEqual([`${BASE}mlc-chat-config.json`]);
    expect([...(s.caches.get(WEBLLM_CACHES.wasm)?.keys() ?? [])]).toEqual([RECORD.model_lib]);
    const model = [...(s.caches.get(WEBLLM_CACHES.model)?.keys() ?? [])].sort();
    expect(model).toEqual(
      [
        `${BASE}tensor-cache.json`,
        `${BASE}tokenizer.json`,
        ...Array.from({ length: 6 }, (_, i) => `${BASE}params_shard_${i}.bin`),
      ].sort(),
    );
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    expect(progress.at(-1)?.text).toContain('6/6 files');
  });

  it("also caches the model's tokenizer_config.json (its chat template) where the package lists it, and findHfTemplate reads it offline", async () => {
    const network = server();
    network.set(
      `${BASE}mlc-chat-config.json`,
      JSON.stringify({ tokenizer_files: ['tokenizer.json', 'tokenizer_config.json'] }),
    );
    network.set(
      `${BASE}tokenizer_config.json`,
      JSON.stringify({ chat_template: '{{ messages[0].content }}', bos_token: '<s>' }),
    );
    const s = storage(network);
    await downloadModelFiles(RECORD, { openCache: s.open, onProgress: () => {}, checkAbort: () => {} });
    expect(s.caches.get(WEBLLM_CACHES.model)?.has(`${BASE}tokenizer_config.json`)).toBe(true);
    network.clear(); // offline from here on
    const found = await findHfTemplate(RECORD.model, ['tokenizer.json', 'tokenizer_config.json'], s.open);
    expect(found).toMatchObject({
      kind: 'found',
      url: `${BASE}tokenizer_config.json`,
      config: { template: '{{ messages[0].content }}', specialTokens: { bos_token: '<s>' } },
    });
    const absent = await findHfTemplate(RECORD.model, ['tokenizer.json'], s.open);
    expect(absent).toMatchObject({ kind: 'absent' });
  });

  it('fetches only what is missing', async () => {
    const s = storage(server());
    await downloadModelFiles(RECORD, { openCache: s.open, onProgress: () => {}, checkAbort: () => {} });
    s.fetched.length = 0;
    (s.caches.get(WEBLLM_CACHES.model) as Map<string, string>).delete(`${BASE}params_shard_3.bin`);
    await downloadModelFiles(RECORD, { openCache: s.open, onProgress: () => {}, checkAbort: () => {} });
    expect(s.fetched).toEqual([`${BASE}params_shard_3.bin`]);
  });

  it('refuses records with a package manifest, saying what to do instead', async () => {
    const s = storage(server());
    const run = downloadModelFiles(
      { ...RECORD, model_manifest: 'mlc-model-manifest.json' },
      { openCache: s.open, onProgress: () => {}, checkAbort: () => {} },
    );
    await expect(run).rejects.toThrow(/Load it once while online/);
    expect(s.fetched).toEqual([]);
  });
});

describe('the worker handler, download request', () => {
  const APP: AppConfig = { model_list: [RECORD] };

  function handlerOver(network: Map<string, string>, inCache: (id: string) => boolean = () => true) {
    const s = storage(network);
    const posts: WorkerResponse[] = [];
    let engines = 0;
    const handler = new WebLLMHandler({
      createEngine: (config) => {
        engines++;
        return new FakeMLCEngine(config, () => ({ logits: new Map() }));
      },
      baseAppConfig: APP,
      inspect: () => ({
        tokenizer: webTokenizer('qwen3'),
        convTemplate: QWEN_CHATML,
        convOverride: undefined,
        contextWindow: 4096,
        templateName: 'qwen2',
        tokenizerFiles: ['tokenizer.json'],
      }),
      post: (m) => posts.push(m),
      hasModelInCache: async (id) => inCache(id),
      openCache: s.open,
    });
    return { handler, posts, s, engines: () => engines };
  }

  it('downloads without creating an engine, reports progress, then answers downloaded', async () => {
    const h = handlerOver(server());
    h.handler.handle({ kind: 'download', id: 4, model: { modelId: 'Toy-MLC', custom: null } });
    await h.handler.idle();
    expect(h.engines()).toBe(0);
    expect(h.posts.filter((p) => p.kind === 'progress').length).toBeGreaterThan(6);
    expect(h.posts.at(-1)).toEqual({ kind: 'result', id: 4, result: { kind: 'downloaded', modelId: 'Toy-MLC' } });
  });

  it('turns a failed file into a download_failed EngineError', async () => {
    const network = server();
    network.delete(`${BASE}params_shard_2.bin`);
    const h = handlerOver(network);
    h.handler.handle({ kind: 'download', id: 5, model: { modelId: 'Toy-MLC', custom: null } });
    await h.handler.idle();
    const reply = h.posts.at(-1);
    expect(reply?.kind).toBe('error');
    if (reply?.kind === 'error') expect(reply.error.kind).toBe('download_failed');
  });

  it("fails when web-llm's own check does not find the files afterwards", async () => {
    const h = handlerOver(server(), () => false);
    h.handler.handle({ kind: 'download', id: 6, model: { modelId: 'Toy-MLC', custom: null } });
    await h.handler.idle();
    const reply = h.posts.at(-1);
    expect(reply?.kind === 'error' && reply.error.kind).toBe('download_failed');
  });

  it('stops on interrupt with kind aborted', async () => {
    const h = handlerOver(server(40));
    h.handler.handle({ kind: 'download', id: 7, model: { modelId: 'Toy-MLC', custom: null } });
    await Promise.resolve();
    h.handler.handle({ kind: 'interrupt' });
    await h.handler.idle();
    const reply = h.posts.at(-1);
    expect(reply?.kind === 'error' && reply.error.kind).toBe('aborted');
    expect(h.s.fetched.length).toBeLessThan(40);
  });

  it('unknown ids fail as model_not_found', async () => {
    const h = handlerOver(server());
    h.handler.handle({ kind: 'download', id: 8, model: { modelId: 'Nope', custom: null } });
    await h.handler.idle();
    const reply = h.posts.at(-1);
    expect(reply?.kind === 'error' && reply.error.kind).toBe('model_not_found');
  });
});
