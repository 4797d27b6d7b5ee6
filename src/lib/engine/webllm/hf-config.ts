/**
 * Finds a loaded browser model's Hugging Face chat template (docs/method.md §2). mlc-llm's
 * `gen_config` copies the model's `tokenizer_config.json` next to `tokenizer.json` and lists it in
 * `tokenizer_files` of mlc-chat-config.json; web-llm itself never reads it. So the file is at
 * `<cleaned model URL>/tokenizer_config.json`; it is fetched through web-llm's `webllm/model`
 * cache (download.ts puts it there too), so a model prepared for offline use keeps its template.
 *
 * Outcomes are values: the parsed template, or why there is none (then web-llm's conversation
 * template is used and the trial says `mlc`).
 */
import { parseTokenizerConfig, type HfTemplateConfig } from '../hf-template';
import { cleanModelUrl, readJson, WEBLLM_CACHES, type CacheLike } from './download';

export type HfConfigOutcome =
  | { readonly kind: 'found'; readonly config: HfTemplateConfig; readonly url: string }
  | { readonly kind: 'absent'; readonly reason: string };

export async function findHfTemplate(
  modelUrl: string,
  tokenizerFiles: readonly string[],
  openCache: (name: string) => Promise<CacheLike>,
): Promise<HfConfigOutcome> {
  if (!tokenizerFiles.includes('tokenizer_config.json')) {
    return {
      kind: 'absent',
      reason: `tokenizer_files of mlc-chat-config.json lists no tokenizer_config.json (${tokenizerFiles.join(', ') || 'none'})`,
    };
  }
  const url = new URL('tokenizer_config.json', cleanModelUrl(modelUrl)).href;
  let json: unknown;
  try {
    json = await readJson(await openCache(WEBLLM_CACHES.model), url);
  } catch (e) {
    // A listed file that cannot be read is not a reason to stop: the trial records `mlc`.
    return { kind: 'absent', reason: `${url} could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  const config = parseTokenizerConfig(json);
  return config === null ? { kind: 'absent', reason: `${url} has no chat_template` } : { kind: 'found', config, url };
}
