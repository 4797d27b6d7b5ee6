/**
 * `cli eval` flags -> validated options, pure. Every mistake is a usage message (a value) that
 * names the flag. Benchmarks must be known to the registry (benchmarks/registry.ts), so new
 * benchmarks become available here without edits; conditions must apply to at least one chosen
 * benchmark. The API key is read from the environment (OPENAI_API_KEY), never from a flag, so it
 * does not appear in shell history or process lists.
 */
import { BENCHMARKS, getBenchmark } from '../lib/benchmarks/registry';
import { CONDITION_IDS, isConditionId, type BenchmarkId, type ConditionId } from '../lib/core/ids';
import { OPTION_ORDERS, type OptionOrders } from '../lib/core/records';
import { normalizeBaseUrl } from '../lib/engine/openai/config';
import { guessModelInfo, normalizeFamily, parseParamCount } from '../lib/engine/model-facts';
import { DEFAULT_GENERATION, type GenerationSettings } from '../lib/engine/types';
import type { ModelInfo } from '../lib/core/records';
import { formatParams } from '../lib/core/sizes';
import { parseCommandArgs, parseIntegerOption, type OptionValues } from './args';

export const EVAL_USAGE = `usage: eval --base-url <url> --model <name>[=<size>] [--model ...] --benchmark <bbq|winogender|admissions> [--benchmark ...]
            --conditions <q,q_if,q_if_cot,q_match_stats> --sample <n|all> --seed <int> --out <file.json>
            [--family <label>] [--data <folder laid out like the repository's data/>] [--profiles <csv>]
            [--concurrency <n>] [--timeout <seconds, 120>] [--retries <n, 3>] [--retry-delay-ms <ms, 500>]
            [--temperature 1] [--top-p 1] [--max-tokens 256] [--samples 1] [--resamples 1000] [--option-orders <1|3>]
            [--plan] [-h|--help]
  Evaluates models served by an OpenAI-compatible server (vLLM, Ollama, llama.cpp) on the same
  items and writes the results file (the page's export format) once at the end; each finished
  trial is appended meanwhile to <out>.trials.jsonl, from which a re-run with the same --out resumes.
  <size> is the model's parameter count (494M, 7.6B or 7.6e9), for size axes; without it the size,
  family and build are taken from the model catalogue or the name when they say (e.g.
  Qwen/Qwen2.5-7B-Instruct: 7.61B, Qwen2.5), and said on stderr. --family names the family of
  every --model (models of one family are joined by lines in size figures).
  --option-orders 3 asks every BBQ item in its 3 cyclic option orders and averages them
  (option-order debiasing, docs/method.md §3.1; 3× the BBQ requests).
  With --plan, prints the sample plan (items, trials, effective n and expected 95% half-width of
  each headline metric, warnings) and exits without running; --base-url, --model and --out are then optional.
  The API key, if the server needs one, is read from the OPENAI_API_KEY environment variable.`;

const OPTIONS = {
  'base-url': { type: 'string' },
  model: { type: 'string', multiple: true },
  family: { type: 'string' },
  benchmark: { type: 'string', multiple: true },
  conditions: { type: 'string' },
  sample: { type: 'string' },
  seed: { type: 'string' },
  data: { type: 'string' },
  profiles: { type: 'string' },
  concurrency: { type: 'string' },
  out: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  'retry-delay-ms': { type: 'string' },
  temperature: { type: 'string' },
  'top-p': { type: 'string' },
  'max-tokens': { type: 'string' },
  samples: { type: 'string' },
  resamples: { type: 'string' },
  'option-orders': { type: 'string' },
  plan: { type: 'boolean' },
} as const;
type Values = OptionValues<typeof OPTIONS>;
type SingleOption = { [K in keyof Values]-?: Values[K] extends string | undefined ? K : never }[keyof Values];
const BENCHMARK_IDS: readonly BenchmarkId[] = ['bbq', 'winogender', 'admissions'];

export interface EvalOptions {
  readonly baseUrl: string;
  readonly models: readonly string[];
  /** What is known of each model (size given or prefilled, family, build); absent when nothing is. */
  readonly modelInfo?: Readonly<Record<string, ModelInfo>>;
  /** What was taken from a model's name rather than given, to say on stderr. */
  readonly notes: readonly string[];
  readonly benchmarks: readonly BenchmarkId[];
  readonly conditions: readonly ConditionId[];
  readonly sampleSize: number | 'all';
  readonly seed: number;
  readonly out: string;
  readonly data?: string;
  readonly profiles?: string;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly generation: GenerationSettings;
  readonly resamples: number;
  readonly optionOrders: OptionOrders;
  /** Print the sample plan and exit (`--plan`, a flag without a value). */
  readonly plan: boolean;
}

export type EvalOptionsResult =
  | { readonly kind: 'ok'; readonly options: EvalOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

function list(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function integer(values: Values, name: SingleOption, fallback: number | undefined, min: number): number | string {
  const raw = values[name];
  if (raw === undefined) return fallback ?? `--${name} is required`;
  return parseIntegerOption(name, raw, 0, min);
}

function decimal(values: Values, name: SingleOption, fallback: number, min: number, max: number): number | string {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max)
    return `--${name} must be a number in [${min}, ${max}], got "${raw}"`;
  return value;
}

function benchmarks(values: readonly string[]): BenchmarkId[] | string {
  const available = BENCHMARKS.map((b) => b.id);
  const out: BenchmarkId[] = [];
  for (const v of values) {
    const id = BENCHMARK_IDS.find((b) => b === v);
    if (id === undefined) return `unknown benchmark "${v}" (expected one of ${BENCHMARK_IDS.join(', ')})`;
    if (getBenchmark(id) === undefined)
      return `benchmark "${id}" is not available in this version of the app (available: ${available.join(', ')})`;
    if (!out.includes(id)) out.push(id);
  }
  return out.length > 0 ? out : '--benchmark is required';
}

function conditions(values: readonly string[], chosen: readonly BenchmarkId[]): ConditionId[] | string {
  if (values.length === 0) return `--conditions is required (e.g. ${CONDITION_IDS.slice(0, 3).join(',')})`;
  const out: ConditionId[] = [];
  for (const v of values) {
    if (!isConditionId(v)) return `unknown condition "${v}" (expected ${CONDITION_IDS.join(', ')})`;
    if (!chosen.some((id) => getBenchmark(id)?.conditions.includes(v)))
      return `condition "${v}" applies to none of the chosen benchmarks (${chosen.join(', ')})`;
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * `--model NAME[=SIZE]` entries (and `--family`) → model names and what is known of each: the
 * size given, else the catalogue's or the name's (model-facts.ts `guessModelInfo`, said in
 * `notes`); the family given, else the guessed one; the build and Hugging Face id from the name.
 */
function modelsWithSizes(
  entries: readonly string[],
  familyLabel: string | undefined,
): { models: string[]; modelInfo: Record<string, ModelInfo>; notes: string[] } | string {
  if (entries.length === 0) return '--model needs a model name';
  if (familyLabel !== undefined && familyLabel.trim() === '') return '--family needs a label';
  const models: string[] = [];
  const modelInfo: Record<string, ModelInfo> = {};
  const notes: string[] = [];
  for (const entry of entries) {
    const at = entry.lastIndexOf('=');
    const name = (at < 0 ? entry : entry.slice(0, at)).trim();
    if (name === '') return `--model "${entry}" needs a model name before "="`;
    if (models.includes(name)) return `--model ${name} given twice`;
    let params: number | undefined;
    if (at >= 0) {
      const size = parseParamCount(entry.slice(at + 1));
      if (size === null)
        return `--model ${name}: the size "${entry.slice(at + 1)}" is not a parameter count (write e.g. 494M, 7.6B or 7.6e9)`;
      params = size;
    }
    const guess = guessModelInfo(name);
    const family = familyLabel === undefined ? guess.family : normalizeFamily(familyLabel);
    if (params === undefined && guess.params !== undefined)
      notes.push(
        `--model ${name}: size ${formatParams(guess.params)} read from the model catalogue or the name (give --model ${name}=<size> to set it)`,
      );
    const size = params ?? guess.params;
    const info: ModelInfo = {
      ...(size === undefined ? {} : { params: size }),
      ...(family === undefined ? {} : { family }),
      ...(guess.hfId === undefined ? {} : { hfId: guess.hfId }),
      ...(guess.quantization === undefined ? {} : { quantization: guess.quantization }),
    };
    models.push(name);
    if (Object.keys(info).length > 0) modelInfo[name] = info;
  }
  return { models, modelInfo, notes };
}

export function parseEvalOptions(argv: readonly string[]): EvalOptionsResult {
  const parsed = parseCommandArgs(argv, OPTIONS);
  if (parsed.kind !== 'ok') return parsed;
  const { values } = parsed;
  const plan = values.plan === true;
  const error = (message: string): EvalOptionsResult => ({ kind: 'error', message });
  const required = plan
    ? (['benchmark', 'conditions', 'sample', 'seed'] as const)
    : (['base-url', 'model', 'benchmark', 'conditions', 'sample', 'seed', 'out'] as const);
  for (const name of required) {
    if (values[name] === undefined) return error(`--${name} is required`);
  }
  const base =
    plan && values['base-url'] === undefined
      ? { kind: 'ok' as const, baseUrl: '' }
      : normalizeBaseUrl(values['base-url'] ?? '');
  if (base.kind === 'error') return error(`--base-url: ${base.message}`);
  const given =
    plan && values.model === undefined
      ? { models: [], modelInfo: {}, notes: [] }
      : modelsWithSizes(list(values.model), values.family);
  if (typeof given === 'string') return error(given);
  const { models, modelInfo, notes } = given;
  const chosen = benchmarks(list(values.benchmark));
  if (typeof chosen === 'string') return error(chosen);
  const conds = conditions(list([values.conditions ?? '']), chosen);
  if (typeof conds === 'string') return error(conds);
  const sampleRaw = values.sample ?? '';
  const sample = sampleRaw === 'all' ? 'all' : integer(values, 'sample', undefined, 1);
  if (typeof sample === 'string' && sample !== 'all')
    return error(`--sample must be "all" or an integer ≥ 1, got "${sampleRaw}"`);
  const numbers = {
    seed: integer(values, 'seed', undefined, 0),
    concurrency: integer(values, 'concurrency', 1, 1),
    timeout: integer(values, 'timeout', 120, 1),
    retries: integer(values, 'retries', 3, 0),
    retryDelayMs: integer(values, 'retry-delay-ms', 500, 0),
    maxTokens: integer(values, 'max-tokens', DEFAULT_GENERATION.maxTokens, 1),
    samples: integer(values, 'samples', DEFAULT_GENERATION.samples, 1),
    resamples: integer(values, 'resamples', 1000, 1),
    temperature: decimal(values, 'temperature', DEFAULT_GENERATION.temperature, 0, 2),
    topP: decimal(values, 'top-p', DEFAULT_GENERATION.topP, 0, 1),
  };
  for (const value of Object.values(numbers)) if (typeof value === 'string') return error(value);
  const n = numbers as { [K in keyof typeof numbers]: number };
  const ordersRaw = values['option-orders'] ?? '1';
  const optionOrders = OPTION_ORDERS.find((o) => String(o) === ordersRaw);
  if (optionOrders === undefined) return error(`--option-orders must be 1 or 3, got "${ordersRaw}"`);
  const profiles = values.profiles;
  if (profiles !== undefined && !chosen.includes('admissions'))
    return error('--profiles applies to the admissions benchmark only; add --benchmark admissions');
  const data = values.data;
  return {
    kind: 'ok',
    options: {
      baseUrl: base.baseUrl,
      models,
      ...(Object.keys(modelInfo).length === 0 ? {} : { modelInfo }),
      notes,
      benchmarks: chosen,
      conditions: conds,
      sampleSize: sample,
      seed: n.seed,
      out: values.out ?? '',
      ...(data === undefined ? {} : { data }),
      ...(profiles === undefined ? {} : { profiles }),
      concurrency: n.concurrency,
      timeoutMs: n.timeout * 1000,
      retries: n.retries,
      retryDelayMs: n.retryDelayMs,
      generation: { temperature: n.temperature, topP: n.topP, maxTokens: n.maxTokens, samples: n.samples },
      resamples: n.resamples,
      optionOrders,
      plan,
    },
  };
}
