/**
 * One trial: prompt plan -> engine calls -> a TrialRecord with full provenance. CoT conditions
 * (a plan with `reasoning`) generate `generation.samples` reasoning texts, each scored by its
 * own answer step; raw and renormalised probabilities are averaged over samples (docs/method.md §5).
 * Engine failures become values: a per-request failure gives a stored 'failed' trial, a fatal
 * one (GPU gone, model unloaded) or a user stop gives no record at all, so a resume redoes it.
 * The token counts the engine reported are summed onto the record (`tokens`, `sumTokens`).
 * A score whose candidate mass is 0 or not finite (any sample) gives a failed trial
 * (`no_candidate_mass`), never an answer (docs/method.md §4).
 * With option-order debiasing the steps above run once per option order and every score enters
 * the means; candidates keep their option ids in every order (docs/method.md §3.1).
 *
 * Seeds [ours]: the trial's `seed` = deriveSeed(run seed, `${benchmark}|${itemKey}`), the same
 * for every model and condition of an item and independent of the run id (a rerun with the same
 * seed reproduces it); sample i uses deriveSeed(trial seed, `sample|${i}`), counting samples across
 * option orders (order r, sample j is sample r · samples + j). The prompt hash is that of the
 * dataset order; the other orders follow from it and `optionOrders`.
 */
import { chooseAnswer, massProblem, meanProbabilities } from '../benchmarks/choose';
import type { PromptPlan } from '../benchmarks/types';
import { APP_COMMIT, APP_VERSION } from '../core/version';
import {
  EngineFailure,
  type Engine,
  type EngineError,
  type EngineErrorKind,
  type GenerateResult,
  type ScoreResult,
} from '../engine/types';
import { deriveSeed } from '../core/random';
import { RECORD_SCHEMA_VERSION, type RunRecord, type TrialRecord, type TrialTokens } from '../core/records';
import { trialOptionOrders, type PlannedTrial } from './plan';
import { buildPromptHash } from './prompt-hash';

/** Failures after which no further request can succeed: the run pauses. */
const FATAL_KINDS: readonly EngineErrorKind[] = [
  'out_of_memory',
  'device_lost',
  'not_loaded',
  'insecure_context',
  'no_webgpu',
  'no_adapter',
  'f16_unsupported',
  'download_failed',
  'model_not_found',
];

export type TrialOutcome =
  | { readonly kind: 'stored'; readonly trial: TrialRecord }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'fatal'; readonly error: EngineError };

export interface TrialContext {
  readonly run: RunRecord;
  readonly engine: Engine;
  readonly stopRequested: () => boolean;
  readonly now: () => number;
}

export function trialSeed(runSeed: number, planned: Pick<PlannedTrial, 'benchmark' | 'itemKey'>): number {
  return deriveSeed(runSeed, `${planned.benchmark.id}|${planned.itemKey}`);
}

export function sampleSeed(seed: number, sample: number): number {
  return deriveSeed(seed, `sample|${sample}`);
}

type Classified =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'fatal'; readonly error: EngineError }
  | { readonly kind: 'failed'; readonly error: EngineError };

export function classifyEngineError(e: unknown, stopRequested: boolean): Classified {
  if (stopRequested) return { kind: 'stopped' };
  if (!(e instanceof EngineFailure)) {
    return {
      kind: 'failed',
      error: {
        kind: 'unknown',
        message: 'The engine failed unexpectedly on this trial.',
        detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      },
    };
  }
  return FATAL_KINDS.includes(e.error.kind) ? { kind: 'fatal', error: e.error } : { kind: 'failed', error: e.error };
}

interface Scored {
  readonly raw: Record<string, number>;
  readonly probs: Record<string, number>;
  readonly scoring: NonNullable<TrialRecord['scoring']>;
}

const METHOD_RANK = { exact: 0, exact_first_token: 1, top_k: 2 } as const;

/** Mean over samples; the weakest scoring method wins, flags are united. */
function combine(results: readonly ScoreResult[], order: readonly string[]): Scored {
  const raw = meanProbabilities(
    results.map((r) => r.raw),
    order,
  );
  const probs = meanProbabilities(
    results.map((r) => chooseAnswer(r.raw, order).probs),
    order,
  );
  let method = results[0]?.method ?? 'exact';
  for (const r of results) if (METHOD_RANK[r.method] > METHOD_RANK[method]) method = r.method;
  const firstTokenOnly = [...new Set(results.flatMap((r) => r.firstTokenOnly ?? []))];
  const upperBound = [...new Set(results.flatMap((r) => r.upperBound ?? []))];
  const candidateTokens = maxCandidateTokens(results);
  return {
    raw,
    probs,
    scoring: {
      method,
      ...(firstTokenOnly.length > 0 ? { firstTokenOnly } : {}),
      ...(upperBound.length > 0 ? { upperBound } : {}),
      ...(candidateTokens === undefined ? {} : { candidateTokens }),
    },
  };
}

/** Tokens per candidate, the largest over samples; undefined unless every result reported them. */
function maxCandidateTokens(results: readonly ScoreResult[]): Record<string, number> | undefined {
  if (results.length === 0 || results.some((r) => r.candidateTokens === undefined)) return undefined;
  const out: Record<string, number> = {};
  for (const r of results)
    for (const [id, n] of Object.entries(r.candidateTokens ?? {})) out[id] = Math.max(out[id] ?? 0, n);
  return out;
}

export async function executeTrial(ctx: TrialContext, planned: PlannedTrial): Promise<TrialOutcome> {
  const { run, engine } = ctx;
  const orders = trialOptionOrders(run.spec, planned.benchmark);
  const plans: PromptPlan[] = Array.from({ length: orders }, (_, rotation) =>
    planned.benchmark.buildPrompt(planned.item, planned.condition, rotation),
  );
  const plan = plans[0]!;
  // Candidates keep their ids in every order; ties go to the first listed in the dataset order.
  const order = plan.candidates.map((c) => c.id);
  const seed = trialSeed(run.spec.seed, planned);
  const generation = plan.reasoning === undefined ? null : run.spec.generation;
  const startedMs = ctx.now();
  const reasoning: string[] = [];
  const results: ScoreResult[] = [];
  const generated: GenerateResult[] = [];

  const build = (
    fields: Pick<TrialRecord, 'status' | 'raw' | 'probs' | 'mass' | 'answer' | 'scoring' | 'error'>,
  ): TrialRecord => ({
    schema: RECORD_SCHEMA_VERSION,
    key: planned.key,
    runId: run.id,
    model: planned.model,
    benchmark: planned.benchmark.id,
    benchmarkVersion: planned.benchmark.version,
    condition: planned.condition,
    itemKey: planned.itemKey,
    item: planned.benchmark.describeItem(planned.item),
    promptHash: buildPromptHash(plan),
    engine: engine.info,
    appVersion: APP_VERSION,
    appCommit: APP_COMMIT,
    generation,
    seed,
    reasoning: [...reasoning],
    startedAt: new Date(startedMs).toISOString(),
    durationMs: Math.max(0, ctx.now() - startedMs),
    ...(orders > 1 ? { optionOrders: orders } : {}),
    ...fields,
  });

  try {
    for (const [rotation, asked] of plans.entries()) {
      if (asked.reasoning === undefined || generation === null) {
        if (ctx.stopRequested()) return { kind: 'stopped' };
        results.push(await engine.score({ dialogue: asked.answer(''), candidates: asked.candidates }));
        continue;
      }
      for (let i = 0; i < generation.samples; i++) {
        if (ctx.stopRequested()) return { kind: 'stopped' };
        const sample = await engine.generate({
          dialogue: asked.reasoning,
          temperature: generation.temperature,
          topP: generation.topP,
          maxTokens: generation.maxTokens,
          seed: sampleSeed(seed, rotation * generation.samples + i),
        });
        generated.push(sample);
        reasoning.push(sample.text);
        if (ctx.stopRequested()) return { kind: 'stopped' };
        results.push(await engine.score({ dialogue: asked.answer(sample.text), candidates: asked.candidates }));
      }
    }
  } catch (e) {
    const classified = classifyEngineError(e, ctx.stopRequested());
    if (classified.kind !== 'failed') return classified;
    return {
      kind: 'stored',
      trial: build({
        status: 'failed',
        raw: null,
        probs: null,
        mass: null,
        answer: null,
        scoring: null,
        error: classified.error,
      }),
    };
  }
  const noMass = results.map((r) => massProblem(r.raw, order)).find((p) => p !== null);
  if (noMass !== undefined) {
    const raws = results.map((r) => JSON.stringify(r.raw)).join('; ');
    const error: EngineError = {
      kind: 'no_candidate_mass',
      message:
        'The model put no probability on any answer candidate, so this trial has no answer; it is counted as failed.',
      detail: `${noMass}; raw: ${raws}`,
    };
    return {
      kind: 'stored',
      trial: build({ status: 'failed', raw: null, probs: null, mass: null, answer: null, scoring: null, error }),
    };
  }
  const scored = combine(results, order);
  const mass = order.reduce((s, id) => s + (scored.raw[id] ?? 0), 0);
  const { answer } = chooseAnswer(scored.probs, order);
  const tokens = sumTokens(results, generated);
  // Every request of a trial is rendered by the same template; the answer step's is stored.
  const template = results[0]?.template;
  const trial = build({
    status: 'ok',
    raw: scored.raw,
    probs: scored.probs,
    mass,
    answer,
    scoring: scored.scoring,
    error: null,
  });
  return {
    kind: 'stored',
    trial: { ...trial, ...(tokens === undefined ? {} : { tokens }), ...(template === undefined ? {} : { template }) },
  };
}

/** The tokens the engine reported over a trial's requests; undefined unless every request reported its prompt tokens. */
export function sumTokens(
  scores: readonly ScoreResult[],
  generated: readonly GenerateResult[],
): TrialTokens | undefined {
  const calls = [...scores, ...generated];
  const total = <T>(of: readonly T[], field: (c: T) => number | undefined): number | undefined =>
    of.some((c) => field(c) === undefined) ? undefined : of.reduce((sum, c) => sum + (field(c) ?? 0), 0);
  const prompt = calls.length === 0 ? undefined : total(calls, (c) => c.promptTokens);
  if (prompt === undefined) return undefined;
  const cached = total(calls, (c) => c.cachedPromptTokens);
  const completion = total(generated, (g) => g.completionTokens);
  return { prompt, ...(cached === undefined ? {} : { cached }), ...(completion === undefined ? {} : { completion }) };
}
