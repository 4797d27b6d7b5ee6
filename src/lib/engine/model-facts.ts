/**
 * What the app knows of a model beyond its id: total parameters, family, Hugging Face id and
 * build (quantization), for size axes, series and every exported metric row (issue 14;
 * docs/method.md §8). Two jobs, kept apart on purpose:
 * - `guessModelInfo` reads a model's name (the catalogue first, then the name's own "7B",
 *   family prefix and build tag) to PREFILL a size field the user sees and can correct, on the
 *   server form and in `cli eval --model NAME` without `=SIZE`;
 * - `modelFactsOf` says what a run recorded (its `modelInfo`, the older `modelParams`) or the
 *   catalogue states for an exact id. It never guesses from a name: a size shown on an axis is
 *   one a person gave or the model card states.
 * Pure; imports only the catalogue.
 */
import type { ModelInfo, RunSpec } from '../core/records';
import type { CustomModel } from './custom-models';
import { FAMILY_LABELS, MODEL_CATALOGUE, type CatalogueModel, type ModelFamily } from './models';

/** The part of a run spec that says what the run knows of its models. */
export type ModelFactsSource = Pick<RunSpec, 'modelInfo' | 'modelParams'>;

/** A model's facts as shown and exported; null where unknown (never a guess). */
export interface ModelFacts {
  readonly params: number | null;
  /** Family id: a catalogue family ("qwen2.5") or the label a person gave. */
  readonly family: string | null;
  readonly quantization: string | null;
  readonly hfId: string | null;
  /** Short display name. */
  readonly label: string;
}

const UNITS: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

/**
 * A parameter count from what a person typed: "494M", "7.6B", "72b", "7.6e9", "7600000000".
 * Null when it is not one: a bare number below 100,000 ("7.6") has no unit and is refused rather
 * than read as billions.
 */
export function parseParamCount(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?(?:e[+]?\d+)?)\s*([kmbt])?\s*$/i.exec(text);
  if (m === null) return null;
  const value = Number(m[1]) * (m[2] === undefined ? 1 : (UNITS[m[2].toLowerCase()] ?? 1));
  if (!Number.isFinite(value) || value <= 0) return null;
  if (m[2] === undefined && value < 1e5) return null;
  return value;
}

/** Name patterns of the catalogue's families, for names that are not catalogue ids. */
const FAMILY_PATTERNS: readonly (readonly [ModelFamily, RegExp])[] = [
  ['qwen2.5', /^qwen2\.5\b/i],
  ['qwen3', /^qwen3\b/i],
  ['llama3', /^(?:meta-)?llama[- ]?3(?:\.\d)?\b/i],
  ['smollm2', /^smollm2\b/i],
  ['gemma2', /^gemma[- ]?2\b/i],
];

/** A family as entered: a catalogue family's id or label (any case) becomes that id; anything else stays as given. */
export function normalizeFamily(label: string): string {
  const text = label.trim();
  const lower = text.toLowerCase();
  for (const [id, name] of Object.entries(FAMILY_LABELS)) if (id === lower || name.toLowerCase() === lower) return id;
  const match = FAMILY_PATTERNS.find(([, re]) => re.test(text) && text.replace(re, '').trim() === '');
  return match ? match[0] : text;
}

/** Build tags found in model names: MLC (q4f16_1), GGUF (Q4_K_M, Q8_0), AWQ, GPTQ, fp8, bf16, int4, w4a16, 4bit. */
const BUILD =
  /(?:^|[-_.:/ ])(q\d+f\d+(?:_\d+)?|q\d(?:_k(?:_[sml])?|_\d)|awq|gptq(?:-int[48])?|fp8|fp16|bf16|int[48]|w\d+a\d+|\d+-?bit)(?=$|[-_.:/ ])/i;
const SIZE = /(?:^|[-_:/ ])(\d+(?:\.\d+)?)([bm])(?=$|[-_.:/ ])/i;

/** A name without its organisation ("Qwen/…"), build tag and MLC suffix, lower case: how catalogue ids are matched. */
function baseName(name: string): string {
  const local = name.slice(name.lastIndexOf('/') + 1);
  return local
    .replace(/-MLC(?:-\d+k)?$/i, '')
    .replace(new RegExp(`${BUILD.source}.*$`, 'i'), '')
    .toLowerCase();
}

function fromCatalogue(entry: CatalogueModel, hfId: string | undefined): ModelInfo {
  return {
    params: entry.params,
    family: entry.family,
    quantization: entry.quantization,
    ...(hfId === undefined ? {} : { hfId }),
  };
}

/**
 * What a model's name suggests, to prefill a form (never to fill in a stored result): a
 * catalogue id gives its card's facts; a name whose base matches a catalogue model
 * ("Qwen/Qwen2.5-7B-Instruct", "qwen2.5-7b-instruct-awq") gives that model's size and family
 * and the name's own build tag; otherwise the name's "7B"/"135M", family prefix and build tag.
 * A name with an organisation ("org/name") is taken for its Hugging Face id.
 */
export function guessModelInfo(name: string): ModelInfo {
  const text = name.trim();
  const hfId = /^[\w.-]+\/[\w.-]+$/.test(text) ? text : undefined;
  const exact = MODEL_CATALOGUE.find((m) => m.id === text);
  if (exact) return fromCatalogue(exact, hfId);
  const build = BUILD.exec(text.slice(text.lastIndexOf('/') + 1))?.[1];
  const base = baseName(text);
  const same = MODEL_CATALOGUE.find((m) => baseName(m.id) === base);
  if (same) {
    const { quantization: _mlc, ...facts } = fromCatalogue(same, hfId);
    return { ...facts, ...(build === undefined ? {} : { quantization: build }) };
  }
  const local = text.slice(text.lastIndexOf('/') + 1);
  const size = SIZE.exec(local);
  const params = size ? Number(size[1]) * (size[2]?.toLowerCase() === 'b' ? 1e9 : 1e6) : undefined;
  const family = FAMILY_PATTERNS.find(([, re]) => re.test(local))?.[0];
  return {
    ...(params === undefined || !(params > 0) ? {} : { params }),
    ...(family === undefined ? {} : { family }),
    ...(build === undefined ? {} : { quantization: build }),
    ...(hfId === undefined ? {} : { hfId }),
  };
}

/**
 * A run's facts about one of its models: what the run recorded (`modelInfo`, then the older
 * `modelParams`), else the catalogue entry of that exact id, else the user's custom model (this
 * browser's); null where none says. Family labels are normalised (`normalizeFamily`), so a
 * server's "Qwen2.5" joins the browser's Qwen2.5 models.
 */
export function modelFactsOf(spec: ModelFactsSource, model: string, custom: readonly CustomModel[] = []): ModelFacts {
  const info = spec.modelInfo?.[model] ?? {};
  const entry = MODEL_CATALOGUE.find((m) => m.id === model);
  const own = custom.find((m) => m.id === model);
  const params = info.params ?? spec.modelParams?.[model] ?? entry?.params ?? own?.params ?? null;
  return {
    params: params !== null && Number.isFinite(params) && params > 0 ? params : null,
    family:
      info.family !== undefined && info.family.trim() !== '' ? normalizeFamily(info.family) : (entry?.family ?? null),
    quantization: info.quantization ?? entry?.quantization ?? null,
    hfId: info.hfId ?? null,
    label: entry?.label ?? own?.label ?? model,
  };
}

/** The columns every exported metric row carries about its model (null when unknown). */
export interface RowModelFacts {
  readonly params: number | null;
  readonly family: string | null;
  readonly quantization: string | null;
}

/** Metric rows with their model's params, family and quantization, as exports write them. */
export function withModelFacts<Row extends { readonly model: string }>(
  rows: readonly Row[],
  spec: ModelFactsSource,
  custom: readonly CustomModel[] = [],
): (Row & RowModelFacts)[] {
  const facts = new Map<string, RowModelFacts>();
  return rows.map((r) => {
    let f = facts.get(r.model);
    if (f === undefined) {
      const all = modelFactsOf(spec, r.model, custom);
      facts.set(r.model, (f = { params: all.params, family: all.family, quantization: all.quantization }));
    }
    return { ...r, ...f };
  });
}
