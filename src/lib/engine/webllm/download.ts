/**
 * Downloads a model's files into web-llm's own browser cache without loading it on the GPU
 * ("prepare for offline"). web-llm 0.2.86 exports no download-only call (its `reload()` fetches
 * and uploads to WebGPU in one go), so this writes the same Cache Storage entries its loader
 * reads, under the same cache names and URLs (cache_util.ts / engine.ts `reloadInternal`):
 *
 * - `webllm/config`: `<model>/resolve/main/mlc-chat-config.json`
 * - `webllm/wasm`:   the record's `model_lib` (only http(s) URLs off localhost, as web-llm caches)
 * - `webllm/model`:  `tensor-cache.json`, the tokenizer file the chat config names, its
 *                    `tokenizer_config.json` where listed (our chat template, hf-config.ts), and every
 *                    weight shard (`records[].dataPath`), four downloads at a time like web-llm.
 *
 * Each entry is added with `Cache.add(url)` (fetch + put, rejecting on a non-OK status) only
 * when absent, exactly as web-llm's `ArtifactCache.addToCache`; a later `reload()` then finds
 * everything cached. The handler confirms the result with web-llm's own `hasModelInCache`.
 * Records with a model package manifest (`model_manifest`, e.g. Gemma 4) are refused: their
 * layout is resolved by web-llm internals this module does not reproduce.
 *
 * Free of worker globals: the cache is handed in, so Node tests drive it with a fake.
 */
import type { ModelRecord } from '@mlc-ai/web-llm';
import type { LoadProgress } from '../types';
import { failWith } from './errors';

/** The part of the Cache API used here (a real `Cache` satisfies it). */
export interface CacheLike {
  match(url: string): Promise<Response | undefined>;
  add(url: string): Promise<void>;
}

export interface DownloadDeps {
  /** `caches.open(name)` in the worker. */
  readonly openCache: (name: string) => Promise<CacheLike>;
  readonly onProgress: (progress: LoadProgress) => void;
  /** Throws when the request was interrupted; called between files. */
  readonly checkAbort: () => void;
}

/** web-llm's cache names (cache_util.ts `CacheScope`). */
export const WEBLLM_CACHES = { config: 'webllm/config', wasm: 'webllm/wasm', model: 'webllm/model' } as const;

const PARALLEL = 4;

/** web-llm's `cleanModelUrl` (support.ts): `https://huggingface.co/org/model` → `.../model/resolve/main/`. */
export function cleanModelUrl(modelUrl: string): string {
  let url = modelUrl.endsWith('/') ? modelUrl : `${modelUrl}/`;
  if (!/.+\/resolve\/.+\//.test(url)) url += 'resolve/main/';
  return new URL(url).href;
}

interface TensorRecord {
  readonly dataPath: string;
  readonly nbytes: number;
}

function tensorRecords(json: unknown, url: string): TensorRecord[] {
  const records = (json as { records?: unknown } | null)?.records;
  if (!Array.isArray(records) || records.some((r) => typeof (r as TensorRecord)?.dataPath !== 'string')) {
    throw failWith(
      'model_not_found',
      `${url} has no weight records`,
      `The model's weight list (${url}) could not be read. Check the model URL.`,
    );
  }
  return records.map((r: TensorRecord) => ({
    dataPath: r.dataPath,
    nbytes: typeof r.nbytes === 'number' ? r.nbytes : 0,
  }));
}

async function ensure(cache: CacheLike, url: string): Promise<void> {
  if ((await cache.match(url)) === undefined) await cache.add(url);
}

export async function readJson(cache: CacheLike, url: string): Promise<unknown> {
  await ensure(cache, url);
  const response = await cache.match(url);
  if (response === undefined) throw new Error(`Cannot fetch ${url}`);
  try {
    return await response.json();
  } catch (e) {
    throw failWith(
      'model_not_found',
      `${url}: ${e instanceof Error ? e.message : String(e)}`,
      `${url} is not valid JSON. Check the model URL.`,
    );
  }
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** Puts every file web-llm's `reload(record.model_id)` needs into its cache; resolves when all are there. */
export async function downloadModelFiles(record: ModelRecord, deps: DownloadDeps): Promise<void> {
  if (record.model_manifest !== undefined) {
    throw failWith(
      'unknown',
      `${record.model_id} has a model package manifest (${record.model_manifest})`,
      `${record.model_id} cannot be downloaded ahead of time (its files are listed in a package manifest). Load it once while online instead; web-llm then keeps it cached.`,
    );
  }
  const modelUrl = cleanModelUrl(record.model);
  const [configCache, wasmCache, modelCache] = await Promise.all([
    deps.openCache(WEBLLM_CACHES.config),
    deps.openCache(WEBLLM_CACHES.wasm),
    deps.openCache(WEBLLM_CACHES.model),
  ]);
  deps.onProgress({ fraction: 0, text: `Fetching the configuration of ${record.model_id}` });

  const config = (await readJson(configCache, new URL('mlc-chat-config.json', modelUrl).href)) as {
    tokenizer_files?: unknown;
  } | null;
  deps.checkAbort();
  const lib = record.model_lib;
  if (lib.startsWith('http') && !lib.includes('localhost')) await ensure(wasmCache, lib);
  deps.checkAbort();

  const tokenizerFiles = Array.isArray(config?.tokenizer_files) ? (config.tokenizer_files as unknown[]) : [];
  const tokenizer = tokenizerFiles.includes('tokenizer.json')
    ? 'tokenizer.json'
    : tokenizerFiles.includes('tokenizer.model')
      ? 'tokenizer.model'
      : null;
  if (tokenizer !== null) await ensure(modelCache, new URL(tokenizer, modelUrl).href);
  if (tokenizerFiles.includes('tokenizer_config.json'))
    await ensure(modelCache, new URL('tokenizer_config.json', modelUrl).href);
  deps.checkAbort();

  const listUrl = new URL('tensor-cache.json', modelUrl).href;
  const shards = tensorRecords(await readJson(modelCache, listUrl), listUrl);
  const total = shards.reduce((sum, s) => sum + s.nbytes, 0);
  let done = 0;
  let fetched = 0;
  const report = (): void =>
    deps.onProgress({
      fraction: total > 0 ? done / total : fetched / Math.max(1, shards.length),
      text: `Downloading ${record.model_id}: ${megabytes(done)} of ${megabytes(total)} (${fetched}/${shards.length} files)`,
    });
  report();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < shards.length) {
      const shard = shards[next++] as TensorRecord;
      deps.checkAbort();
      await ensure(modelCache, new URL(shard.dataPath, modelUrl).href);
      done += shard.nbytes;
      fetched++;
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, shards.length) }, lane));
}
