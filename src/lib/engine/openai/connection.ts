/**
 * The checks the page (and the CLI) run before a run starts, so a misconfigured server is one
 * clear message instead of a run of failed trials: reachable (CORS), key accepted, the model
 * served, and log-probabilities returned for a prefilled turn (one tiny probe request). Results
 * are values; nothing here throws for an expected failure.
 */
import { EngineFailure, type EngineError } from '../types';
import type { OpenAIEngineConfig } from './config';
import { normalizeBaseUrl } from './config';
import { describeServer, OpenAIEngine, servesModel } from './engine';
import type { ServerModel } from './protocol';

/** The probe's dialogue; exported so test servers can tell probes from trials. */
export const PROBE_DIALOGUE = {
  messages: [{ role: 'user', content: 'Is the sky blue on a clear day? Answer yes or no.' }],
  prefill: 'My answer is:',
} as const;

export type ConnectionResult =
  | { readonly kind: 'ok'; readonly models: readonly ServerModel[]; readonly server: string }
  | { readonly kind: 'error'; readonly error: EngineError };

function asError(e: unknown): EngineError {
  if (e instanceof EngineFailure) return e.error;
  throw e;
}

/** The server's models, or the reason they could not be read. */
export async function listModels(
  config: OpenAIEngineConfig,
): Promise<
  | { readonly kind: 'ok'; readonly models: readonly ServerModel[] }
  | { readonly kind: 'error'; readonly error: EngineError }
> {
  const base = normalizeBaseUrl(config.baseUrl);
  if (base.kind === 'error') return { kind: 'error', error: { kind: 'server_error', message: base.message } };
  try {
    return { kind: 'ok', models: await new OpenAIEngine(config).listModels({ retries: 0 }) };
  } catch (e) {
    return { kind: 'error', error: asError(e) };
  }
}

/**
 * Lists the models; with `model`, also checks it is served and that a prefilled scoring request
 * returns log-probabilities.
 */
export async function checkConnection(config: OpenAIEngineConfig, model?: string): Promise<ConnectionResult> {
  const listed = await listModels(config);
  if (listed.kind === 'error') return listed;
  if (model === undefined) return { kind: 'ok', models: listed.models, server: describeServer(listed.models[0]) };
  const engine = new OpenAIEngine({ ...config, retry: { ...config.retry, retries: 0 } });
  try {
    await engine.load(model, () => undefined);
    await engine.score({
      dialogue: PROBE_DIALOGUE,
      candidates: [
        { id: 'yes', texts: ['yes', 'Yes'] },
        { id: 'no', texts: ['no', 'No'] },
      ],
    });
    return { kind: 'ok', models: listed.models, server: describeServer(servesModel(listed.models, model)) };
  } catch (e) {
    return { kind: 'error', error: asError(e) };
  }
}
