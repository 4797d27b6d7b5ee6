/**
 * `OpenAIEngine`: the Engine port over an OpenAI-compatible HTTP server (vLLM, Ollama,
 * llama.cpp's llama-server). One request per score, one per generation, so a trial costs one
 * request (q, q_if, q_match_stats) or two per reasoning sample (q_if_cot: generate + score).
 * Safe for concurrent calls: each call captures the model and interrupt signal at its start and
 * keeps no other state; `concurrency` caps requests in flight (limiter.ts). `load` only checks
 * that the server serves the model (GET /models); nothing is downloaded. Scores are `top_k`
 * (match.ts). The API key is held in the resolved config only.
 *
 * Template: the server renders the dialogue with whatever chat template it holds (vLLM: the
 * model's Hugging Face template, as the browser does; Ollama and llama.cpp: their own), and the
 * API does not say which, so every result records `source: 'server'` with no hash or system
 * message (docs/method.md §2).
 */
import type {
  Engine,
  EngineInfo,
  GenerateRequest,
  GenerateResult,
  LoadProgress,
  PromptTemplateInfo,
  ScoreRequest,
  ScoreResult,
} from '../types';
import { resolveConfig, type OpenAIEngineConfig, type ResolvedConfig } from './config';
import { ServerFailure } from './errors';
import { failureContext, requestJson, type HttpContext } from './http';
import { Limiter } from './limiter';
import { matchTopK } from './match';
import {
  buildGenerateBody,
  buildScoreBody,
  parseGenerateResponse,
  parseModelList,
  parseScoreResponse,
  type Parsed,
  type ServerModel,
} from './protocol';

/** True when the server's list names the model (Ollama lists "llama3:latest" for "llama3"). */
export function servesModel(models: readonly ServerModel[], name: string): ServerModel | undefined {
  return models.find((m) => m.id === name) ?? models.find((m) => m.id === `${name}:latest`);
}

export function describeServer(model: ServerModel | undefined): string {
  return model?.ownedBy === undefined
    ? 'openai-compatible server'
    : `openai-compatible server (owned_by ${model.ownedBy})`;
}

/** What a server-rendered prompt records: the app cannot know the template a server used. */
export const SERVER_TEMPLATE: PromptTemplateInfo = { source: 'server', hash: null, system: null };

export class OpenAIEngine implements Engine {
  readonly config: ResolvedConfig;
  #info: EngineInfo = { kind: 'openai', version: 'openai-compatible server' };
  #model: string | null = null;
  #interrupt = new AbortController();
  readonly #limiter: Limiter;

  constructor(config: OpenAIEngineConfig) {
    this.config = resolveConfig(config);
    this.#limiter = new Limiter(this.config.concurrency);
  }

  get info(): EngineInfo {
    return this.#info;
  }

  /** Requests allowed in flight at once. */
  get concurrency(): number {
    return this.config.concurrency;
  }

  get model(): string | null {
    return this.#model;
  }

  #http(): HttpContext {
    return { config: this.config, limiter: this.#limiter, signal: this.#interrupt.signal };
  }

  #fail(facts: ConstructorParameters<typeof ServerFailure>[0]): ServerFailure {
    return new ServerFailure(facts, failureContext(this.config));
  }

  #unwrap<T>(parsed: Parsed<T>): T {
    if (parsed.kind === 'ok') return parsed.value;
    throw this.#fail({ reason: parsed.kind, detail: parsed.detail });
  }

  /** GET {base}/models. Rejects with ServerFailure. */
  async listModels(options: { readonly retries?: number } = {}): Promise<ServerModel[]> {
    try {
      const { json } = await requestJson(this.#http(), { method: 'GET', path: '/models', ...options });
      return this.#unwrap(parseModelList(json));
    } catch (e) {
      if (e instanceof ServerFailure && e.reason === 'model_not_found') {
        throw this.#fail({
          reason: 'bad_response',
          status: 404,
          detail: `no ${this.config.baseUrl}/models: is the URL the server's /v1 base?`,
        });
      }
      throw e;
    }
  }

  async load(modelId: string, onProgress: (p: LoadProgress) => void): Promise<void> {
    onProgress({ fraction: 0, text: `Asking ${this.config.baseUrl} for its models` });
    const models = await this.listModels();
    const found = servesModel(models, modelId);
    if (found === undefined)
      throw this.#fail({ reason: 'model_not_found', model: modelId, available: models.map((m) => m.id) });
    this.#model = modelId;
    this.#info = { kind: 'openai', version: describeServer(found) };
    onProgress({ fraction: 1, text: `${modelId} is served by ${this.config.baseUrl}` });
  }

  #requireModel(): string {
    if (this.#model === null)
      throw this.#fail({ reason: 'bad_response', detail: 'score/generate called before load()' });
    return this.#model;
  }

  /** POST /chat/completions; a 404 is explained by the server's model list. */
  async #chat(model: string, body: unknown): Promise<unknown> {
    try {
      return (await requestJson(this.#http(), { method: 'POST', path: '/chat/completions', body })).json;
    } catch (e) {
      if (!(e instanceof ServerFailure) || e.reason !== 'model_not_found') throw e;
      let models: ServerModel[] | undefined;
      try {
        models = await this.listModels({ retries: 0 });
      } catch (listError) {
        throw this.#fail({
          reason: 'model_not_found',
          model,
          detail: `HTTP 404 from /chat/completions; GET /models failed too: ${listError instanceof Error ? listError.message : String(listError)}`,
        });
      }
      if (servesModel(models, model) !== undefined)
        throw this.#fail({
          reason: 'bad_response',
          status: 404,
          detail: `${this.config.baseUrl}/chat/completions not found although the server lists "${model}"`,
        });
      throw this.#fail({ reason: 'model_not_found', model, available: models.map((m) => m.id) });
    }
  }

  async score(request: ScoreRequest): Promise<ScoreResult> {
    const model = this.#requireModel();
    const json = await this.#chat(model, buildScoreBody(model, request.dialogue));
    const parsed = this.#unwrap(parseScoreResponse(json));
    const result = matchTopK(parsed.top, request.candidates);
    const { top: _top, ...usage } = parsed;
    return { ...result, ...usage, template: SERVER_TEMPLATE };
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const model = this.#requireModel();
    const json = await this.#chat(model, buildGenerateBody(model, request));
    return { ...this.#unwrap(parseGenerateResponse(json)), template: SERVER_TEMPLATE };
  }

  interrupt(): void {
    this.#interrupt.abort(new Error('interrupted by the user'));
    this.#interrupt = new AbortController();
  }

  async unload(): Promise<void> {
    this.#model = null;
  }
}
