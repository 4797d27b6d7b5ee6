/**
 * The OpenAI-compatible engine's public surface, for the composition root (page) and the CLI.
 * See README.md beside this file for the protocol, server flags and scoring choices.
 */
export { OpenAIEngine, servesModel } from './engine';
export { checkConnection, listModels, PROBE_DIALOGUE, type ConnectionResult } from './connection';
export {
  normalizeBaseUrl,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_CONCURRENCY,
  TOP_LOGPROBS,
  type OpenAIEngineConfig,
  type RetryPolicy,
} from './config';
export { matchTopK, foldToken } from './match';
export type { ServerModel } from './protocol';
