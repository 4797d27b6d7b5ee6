/**
 * Validation of records at the import boundary: never trust a file. Each checker rebuilds the
 * record from known fields only (unknown fields are dropped, not stored), proves every field's
 * type and range, and throws InvalidRecord with the field's path on the first problem.
 * Cross-record rules (trial key format, trial -> run reference) are checked in checkConsistency.
 */
import { BENCHMARK_IDS, CONDITION_IDS, type BenchmarkId, type ConditionId } from '../core/ids';
import {
  ENGINE_ERROR_KINDS,
  OPTION_ORDERS,
  RECORD_SCHEMA_VERSION,
  trialKey,
  type EngineError,
  type EngineSpec,
  type GenerationSettings,
  type ItemSummary,
  type OptionOrders,
  type ModelInfo,
  type RunRecord,
  type RunSpec,
  type ScoringMethod,
  type TrialRecord,
  type TrialTokens,
} from '../core/records';
import {
  arr,
  date,
  dict,
  fail,
  int,
  InvalidRecord,
  nullable,
  num,
  obj,
  oneOf,
  optional,
  prob,
  str,
  strings,
} from './check';
import { checkDeviceCheck } from './validate-device';
import { commit, engineInfo, templateInfo } from './validate-parts';

const SCORING_METHODS: readonly ScoringMethod[] = ['exact', 'exact_first_token', 'top_k'];
function schema(value: unknown, path: string): number {
  const v = int(value, path, 1);
  if (v > RECORD_SCHEMA_VERSION) {
    throw new InvalidRecord(
      path,
      `record schema ${v} is newer than this app understands (${RECORD_SCHEMA_VERSION}); update the app`,
    );
  }
  return v;
}

/** Absent on records made before 0.2.0 (kept absent, read as null); else a commit or null. */
function appCommit(o: Readonly<Record<string, unknown>>, path: string): { appCommit?: string | null } {
  return o.appCommit === undefined ? {} : { appCommit: nullable(o.appCommit, commit, `${path}.appCommit`) };
}

function condition(value: unknown, path: string): ConditionId {
  return oneOf(value, CONDITION_IDS, path);
}

function generation(value: unknown, path: string): GenerationSettings {
  const o = obj(value, path);
  return {
    temperature: num(o.temperature, `${path}.temperature`),
    topP: prob(o.topP, `${path}.topP`),
    maxTokens: int(o.maxTokens, `${path}.maxTokens`, 1),
    samples: int(o.samples, `${path}.samples`, 1),
  };
}

function engineSpec(value: unknown, path: string): EngineSpec {
  const o = obj(value, path);
  const kind = oneOf(o.kind, ['webllm', 'openai'] as const, `${path}.kind`);
  return kind === 'webllm' ? { kind } : { kind, baseUrl: str(o.baseUrl, `${path}.baseUrl`) };
}

function engineError(value: unknown, path: string): EngineError {
  const o = obj(value, path);
  const detail = optional(o.detail, str, `${path}.detail`);
  return {
    kind: oneOf(o.kind, ENGINE_ERROR_KINDS, `${path}.kind`),
    message: str(o.message, `${path}.message`),
    ...(detail === undefined ? {} : { detail }),
  };
}

function runSpec(value: unknown, path: string): RunSpec {
  const o = obj(value, path);
  const size = o.sampleSize;
  return {
    benchmarks: arr(o.benchmarks, `${path}.benchmarks`).map((b, i) =>
      oneOf(b, BENCHMARK_IDS, `${path}.benchmarks[${i}]`),
    ),
    models: strings(o.models, `${path}.models`),
    conditions: arr(o.conditions, `${path}.conditions`).map((c, i) => condition(c, `${path}.conditions[${i}]`)),
    sampleSize: size === 'all' ? 'all' : int(size, `${path}.sampleSize`, 1),
    seed: int(o.seed, `${path}.seed`),
    generation: generation(o.generation, `${path}.generation`),
    engine: engineSpec(o.engine, `${path}.engine`),
    ...(o.modelParams === undefined
      ? {}
      : { modelParams: dict(o.modelParams, (v, p) => positive(v, p), `${path}.modelParams`) }),
    ...(o.optionOrders === undefined ? {} : { optionOrders: optionOrders(o.optionOrders, `${path}.optionOrders`) }),
    ...(o.modelInfo === undefined ? {} : { modelInfo: dict(o.modelInfo, modelInfo, `${path}.modelInfo`) }),
  };
}

function modelInfo(value: unknown, path: string): ModelInfo {
  const o = obj(value, path);
  const params = optional(o.params, positive, `${path}.params`);
  const family = optional(o.family, str, `${path}.family`);
  const hfId = optional(o.hfId, str, `${path}.hfId`);
  const quantization = optional(o.quantization, str, `${path}.quantization`);
  return {
    ...(params === undefined ? {} : { params }),
    ...(family === undefined ? {} : { family }),
    ...(hfId === undefined ? {} : { hfId }),
    ...(quantization === undefined ? {} : { quantization }),
  };
}

function optionOrders(value: unknown, path: string): OptionOrders {
  const found = OPTION_ORDERS.find((o) => o === value);
  if (found === undefined) fail(path, `one of ${OPTION_ORDERS.join(', ')}`, value);
  return found;
}

function positive(value: unknown, path: string): number {
  const n = num(value, path);
  if (n <= 0) fail(path, 'a positive number', value);
  return n;
}

function perBenchmark<T>(
  value: unknown,
  check: (v: unknown, path: string) => T,
  path: string,
): Partial<Record<BenchmarkId, T>> {
  const out: Partial<Record<BenchmarkId, T>> = {};
  for (const [key, v] of Object.entries(obj(value, path)))
    out[oneOf(key, BENCHMARK_IDS, `${path} key`)] = check(v, `${path}.${key}`);
  return out;
}

export function checkRunRecord(value: unknown, path: string): RunRecord {
  const o = obj(value, path);
  const lastError = optional(o.lastError, engineError, `${path}.lastError`);
  const deviceChecks = optional(
    o.deviceChecks,
    (v, p) => arr(v, p).map((c, i) => checkDeviceCheck(c, `${p}[${i}]`)),
    `${path}.deviceChecks`,
  );
  const device = optional(o.device, str, `${path}.device`);
  return {
    schema: schema(o.schema, `${path}.schema`),
    id: str(o.id, `${path}.id`),
    name: str(o.name, `${path}.name`),
    createdAt: date(o.createdAt, `${path}.createdAt`),
    updatedAt: date(o.updatedAt, `${path}.updatedAt`),
    spec: runSpec(o.spec, `${path}.spec`),
    status: oneOf(o.status, ['running', 'paused', 'cancelled', 'done'] as const, `${path}.status`),
    itemKeys: perBenchmark(o.itemKeys, strings, `${path}.itemKeys`),
    benchmarkVersions: perBenchmark(o.benchmarkVersions, str, `${path}.benchmarkVersions`),
    plannedTrials: int(o.plannedTrials, `${path}.plannedTrials`),
    appVersion: str(o.appVersion, `${path}.appVersion`),
    ...appCommit(o, path),
    ...(lastError === undefined ? {} : { lastError }),
    ...(deviceChecks === undefined ? {} : { deviceChecks }),
    ...(device === undefined ? {} : { device }),
  };
}

function itemSummary(value: unknown, path: string): ItemSummary {
  return dict(value, (v, p) => (v === null || typeof v === 'string' || typeof v === 'boolean' ? v : num(v, p)), path);
}

function scoring(value: unknown, path: string): NonNullable<TrialRecord['scoring']> {
  const o = obj(value, path);
  const firstTokenOnly = optional(o.firstTokenOnly, strings, `${path}.firstTokenOnly`);
  const upperBound = optional(o.upperBound, strings, `${path}.upperBound`);
  const candidateTokens = optional(
    o.candidateTokens,
    (v, p) => dict(v, (n, q) => int(n, q, 1), p),
    `${path}.candidateTokens`,
  );
  return {
    method: oneOf(o.method, SCORING_METHODS, `${path}.method`),
    ...(firstTokenOnly === undefined ? {} : { firstTokenOnly }),
    ...(upperBound === undefined ? {} : { upperBound }),
    ...(candidateTokens === undefined ? {} : { candidateTokens }),
  };
}

function trialTokens(value: unknown, path: string): TrialTokens {
  const o = obj(value, path);
  const prompt = int(o.prompt, `${path}.prompt`);
  const cached = optional(o.cached, int, `${path}.cached`);
  if (cached !== undefined && cached > prompt) fail(`${path}.cached`, `at most the prompt tokens (${prompt})`, cached);
  const completion = optional(o.completion, int, `${path}.completion`);
  return { prompt, ...(cached === undefined ? {} : { cached }), ...(completion === undefined ? {} : { completion }) };
}

export function checkTrialRecord(value: unknown, path: string): TrialRecord {
  const o = obj(value, path);
  const tokens = optional(o.tokens, trialTokens, `${path}.tokens`);
  const template = optional(o.template, templateInfo, `${path}.template`);
  const trial: TrialRecord = {
    schema: schema(o.schema, `${path}.schema`),
    key: str(o.key, `${path}.key`),
    runId: str(o.runId, `${path}.runId`),
    model: str(o.model, `${path}.model`),
    benchmark: oneOf(o.benchmark, BENCHMARK_IDS, `${path}.benchmark`),
    benchmarkVersion: str(o.benchmarkVersion, `${path}.benchmarkVersion`),
    condition: condition(o.condition, `${path}.condition`),
    itemKey: str(o.itemKey, `${path}.itemKey`),
    item: itemSummary(o.item, `${path}.item`),
    promptHash: str(o.promptHash, `${path}.promptHash`),
    engine: engineInfo(o.engine, `${path}.engine`),
    appVersion: str(o.appVersion, `${path}.appVersion`),
    ...appCommit(o, path),
    generation: nullable(o.generation, generation, `${path}.generation`),
    seed: int(o.seed, `${path}.seed`),
    status: oneOf(o.status, ['ok', 'failed'] as const, `${path}.status`),
    raw: nullable(o.raw, (v, p) => dict(v, prob, p), `${path}.raw`),
    probs: nullable(o.probs, (v, p) => dict(v, prob, p), `${path}.probs`),
    mass: nullable(o.mass, num, `${path}.mass`),
    answer: nullable(o.answer, str, `${path}.answer`),
    scoring: nullable(o.scoring, scoring, `${path}.scoring`),
    ...(o.optionOrders === undefined ? {} : { optionOrders: int(o.optionOrders, `${path}.optionOrders`, 2) }),
    reasoning: strings(o.reasoning, `${path}.reasoning`),
    error: nullable(o.error, engineError, `${path}.error`),
    startedAt: date(o.startedAt, `${path}.startedAt`),
    durationMs: num(o.durationMs, `${path}.durationMs`),
    ...(tokens === undefined ? {} : { tokens }),
    ...(template === undefined ? {} : { template }),
  };
  checkTrialShape(trial, path);
  return trial;
}

/**
 * A trial of an export file version ≥ 2: a TrialRecord plus `raw_probs`, which must equal `raw`
 * (it is an alias for readers without the app; the record keeps `raw`).
 */
export function checkExportedTrial(value: unknown, path: string): TrialRecord {
  const trial = checkTrialRecord(value, path);
  const alias = nullable(obj(value, path).raw_probs, (v, p) => dict(v, prob, p), `${path}.raw_probs`);
  const same =
    alias === null || trial.raw === null
      ? alias === trial.raw
      : Object.keys(alias).length === Object.keys(trial.raw).length &&
        Object.entries(alias).every(([k, v]) => trial.raw?.[k] === v);
  if (!same) fail(`${path}.raw_probs`, 'the same values as raw', alias);
  return trial;
}

/** An ok trial has probabilities and no error; a failed one has an error and no answer. */
function checkTrialShape(t: TrialRecord, path: string): void {
  if (t.status === 'ok') {
    if (t.raw === null || t.probs === null || t.mass === null || t.scoring === null)
      fail(`${path}.status`, 'raw, probs, mass and scoring on an ok trial', 'null');
    if (t.error !== null) fail(`${path}.error`, 'null on an ok trial', t.error);
    if (t.answer !== null && !Object.hasOwn(t.probs, t.answer))
      fail(`${path}.answer`, 'one of the candidates in probs', t.answer);
  } else {
    if (t.error === null) fail(`${path}.error`, 'an error on a failed trial', null);
    if (t.answer !== null) fail(`${path}.answer`, 'null on a failed trial', t.answer);
  }
  const expectedKey = trialKey(t.runId, t.model, t.benchmark, t.condition, t.itemKey);
  if (t.key !== expectedKey)
    fail(`${path}.key`, `"${expectedKey}" (built from runId, model, benchmark, condition, itemKey)`, t.key);
}

/** Every trial belongs to a run of the file, and ids are unique. */
export function checkConsistency(runs: readonly RunRecord[], trials: readonly TrialRecord[]): void {
  const runIds = new Set<string>();
  runs.forEach((r, i) => {
    if (runIds.has(r.id)) throw new InvalidRecord(`runs[${i}].id`, `duplicate run id "${r.id}"`);
    runIds.add(r.id);
  });
  const keys = new Set<string>();
  trials.forEach((t, i) => {
    if (!runIds.has(t.runId))
      throw new InvalidRecord(`trials[${i}].runId`, `refers to run "${t.runId}", which is not in the file`);
    if (keys.has(t.key)) throw new InvalidRecord(`trials[${i}].key`, `duplicate trial key "${t.key}"`);
    keys.add(t.key);
  });
}
