/**
 * Models the user adds by URL (their own MLC-compiled weights and model library), validated
 * with plain-word messages before anything is downloaded, and converted to web-llm's
 * `ModelRecord` inside the worker.
 *
 * Invariants: no runtime import of web-llm (the main thread validates); a validated model never
 * shares an id with the catalogue; URLs are absolute http(s), https unless on localhost.
 */
import type { ModelRecord } from '@mlc-ai/web-llm';
import { MODEL_CATALOGUE, type AssistantOpening } from './models';

export interface CustomModel {
  /** Unique id; becomes web-llm's `model_id`. */
  readonly id: string;
  /** Base URL of the MLC weights (holding mlc-chat-config.json), e.g. a Hugging Face repo. */
  readonly modelUrl: string;
  /** URL of the compiled model library (.wasm) matching the weights and web-llm 0.2.86. */
  readonly modelLibUrl: string;
  readonly label: string;
  /** Total parameters, if known; needed to place the model on a size axis. */
  readonly params?: number;
  /** True for f16 builds (q4f16_1, q0f16): the device must support shader-f16. */
  readonly needsF16: boolean;
  /** Defaults to `plain` (docs/method.md §2). */
  readonly opening?: AssistantOpening;
}

export interface CustomModelProblem {
  readonly field: keyof CustomModel | 'model';
  readonly message: string;
}

export type CustomModelCheck =
  | { readonly kind: 'valid'; readonly model: CustomModel }
  | { readonly kind: 'invalid'; readonly problems: readonly CustomModelProblem[] };

function checkUrl(field: 'modelUrl' | 'modelLibUrl', value: string, problems: CustomModelProblem[]): void {
  const what = field === 'modelUrl' ? 'The model weights URL' : 'The model library URL';
  let url: URL;
  try {
    url = new URL(value);
  } catch (err) {
    problems.push({ field, message: `${what} is not a valid absolute URL (${String(err)}).` });
    return;
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    problems.push({ field, message: `${what} must start with https:// (plain http is only allowed for localhost).` });
  }
  if (field === 'modelLibUrl' && !url.pathname.endsWith('.wasm')) {
    problems.push({ field, message: 'The model library URL must point to a compiled .wasm file.' });
  }
}

/** Checks a user-entered model; every problem is reported, in plain words. */
export function validateCustomModel(model: CustomModel, takenIds: readonly string[] = []): CustomModelCheck {
  const problems: CustomModelProblem[] = [];
  const id = model.id.trim();
  if (id === '') {
    problems.push({ field: 'id', message: 'Give the model an id (for example "MyModel-q4f32_1-MLC").' });
  } else if (id !== model.id || /\s/.test(id)) {
    problems.push({ field: 'id', message: 'The model id must not contain spaces.' });
  } else if (MODEL_CATALOGUE.some((m) => m.id === id)) {
    problems.push({
      field: 'id',
      message: `"${id}" is already in the built-in catalogue; pick it there or choose another id.`,
    });
  } else if (takenIds.includes(id)) {
    problems.push({ field: 'id', message: `A custom model with id "${id}" already exists.` });
  }
  if (model.label.trim() === '') {
    problems.push({ field: 'label', message: 'Give the model a label to show in tables and charts.' });
  }
  checkUrl('modelUrl', model.modelUrl, problems);
  checkUrl('modelLibUrl', model.modelLibUrl, problems);
  if (model.params !== undefined && !(Number.isFinite(model.params) && model.params > 0)) {
    problems.push({
      field: 'params',
      message: 'The parameter count must be a positive number (e.g. 1.5e9), or left empty.',
    });
  }
  if (/f16/i.test(model.id) && !model.needsF16) {
    problems.push({
      field: 'needsF16',
      message: 'The id names an f16 build: tick "needs shader-f16", or use a q4f32 build.',
    });
  }
  return problems.length === 0 ? { kind: 'valid', model } : { kind: 'invalid', problems };
}

/** web-llm's record for a custom model (used inside the worker to extend the app config). */
export function buildModelRecord(model: CustomModel): ModelRecord {
  return {
    model: model.modelUrl,
    model_id: model.id,
    model_lib: model.modelLibUrl,
    ...(model.needsF16 ? { required_features: ['shader-f16'] } : {}),
  };
}
