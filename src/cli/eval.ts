/**
 * `cli eval`: evaluates models behind an OpenAI-compatible server with the app's own core
 * (sampling, planning, runner, benchmarks' summarize) and writes the results file the page
 * imports, once at the end; meanwhile each finished trial is appended to a journal beside it
 * (fileStore.ts). Order: flags -> results file and journal (resume or new) -> data -> server
 * check -> run -> metrics. Re-running with the same --out continues the stored run (its id, spec
 * and items), skipping finished trials and redoing failed ones; a different spec is refused.
 * Ctrl-C pauses (the request in flight is abandoned, everything finished is written); a second
 * Ctrl-C quits, writing the results file first.
 * Exit codes: 0 done (failed trials are reported), 1 cannot run or stopped on an error,
 * 2 usage, 130 paused by the user.
 */
import { PROFILES_FILE } from '../lib/benchmarks/admissions/source';
import { getBenchmark } from '../lib/benchmarks/registry';
import { formatFixed, formatInteger } from '../lib/core/format';
import { assertNever } from '../lib/core/ids';
import { checkConnection } from '../lib/engine/openai/connection';
import { withModelFacts } from '../lib/engine/model-facts';
import { OpenAIEngine } from '../lib/engine/openai/engine';
import type { EngineError } from '../lib/engine/types';
import type { RunEvent } from '../lib/runner/events';
import { buildRunPlan, sampleBenchmark, type BenchmarkInput } from '../lib/runner/plan';
import { benchmarkPlanner, planBenchmarks } from '../lib/runner/smallest-sample';
import { formatPlan } from '../lib/runner/plan-text';
import { createRun } from '../lib/runner/record';
import { RunControl, runEvaluation } from '../lib/runner/run';
import { summarizeEngineWork, type EngineWorkRow } from '../lib/runner/engine-work';
import { summarizeRun } from '../lib/results/summarize';
import type { RunRecord, RunSpec } from '../lib/core/records';
import { defaultCacheDir, downloadData, readDataFolder, readProfiles } from './datasets';
import { EVAL_USAGE, parseEvalOptions, type EvalOptions } from './evalOptions';
import { JsonFileStore, openResultsFile } from './fileStore';
import { ProgressLine } from './progress';
import type { Io } from './score';

export interface EvalIo extends Io {
  /** stderr is a terminal (progress redraws one line). */
  readonly tty?: boolean;
  /** Registers the Ctrl-C handler; returns its removal. */
  readonly onInterrupt?: (handler: () => void) => () => void;
}

/** JSON with object keys sorted, so two specs compare by content. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The top-level fields in which two specs differ, described for the user. */
export function specDifferences(stored: RunSpec, wanted: RunSpec): string[] {
  const keys = Object.keys({ ...stored, ...wanted }) as (keyof RunSpec)[];
  return keys
    .filter((k) => canonical(stored[k]) !== canonical(wanted[k]))
    .map((k) => `${k}: ${canonical(stored[k])} in the file, ${canonical(wanted[k])} now`);
}

function buildSpec(o: EvalOptions): RunSpec {
  return {
    benchmarks: o.benchmarks,
    models: o.models,
    ...(o.modelInfo === undefined ? {} : { modelInfo: o.modelInfo }),
    conditions: o.conditions,
    sampleSize: o.sampleSize,
    seed: o.seed,
    generation: o.generation,
    engine: { kind: 'openai', baseUrl: o.baseUrl },
    ...(o.optionOrders > 1 ? { optionOrders: o.optionOrders } : {}),
  };
}

function describeError(e: EngineError): string {
  return `${e.message}${e.detail === undefined ? '' : `\n  detail: ${e.detail}`}`;
}

async function loadInputs(o: EvalOptions, io: Io): Promise<BenchmarkInput[] | string> {
  const inputs: BenchmarkInput[] = [];
  for (const id of o.benchmarks) {
    const benchmark = getBenchmark(id);
    if (benchmark === undefined) throw new Error(`eval: benchmark "${id}" passed option checks but is not registered`);
    const result =
      id === 'admissions' && o.profiles !== undefined
        ? readProfiles(benchmark, o.profiles, PROFILES_FILE)
        : o.data !== undefined
          ? readDataFolder(benchmark, o.data)
          : await downloadData(benchmark, defaultCacheDir(), (t) => io.err(`${t}\n`));
    if (result.kind === 'error') return result.message;
    for (const note of result.notes) io.err(`note: ${note}\n`);
    inputs.push(result.input);
  }
  return inputs;
}

/** `--plan`: the sample plan of these options on stdout, nothing run or written. */
async function printPlan(o: EvalOptions, io: Io): Promise<number> {
  const inputs = await loadInputs(o, io);
  if (typeof inputs === 'string') {
    io.err(`error: ${inputs}\n`);
    return 1;
  }
  const plan = planBenchmarks(
    inputs.map(({ benchmark, items }) => benchmarkPlanner(benchmark, items, o.seed)),
    o.sampleSize,
  );
  const counts = inputs.map(({ benchmark, items }) => ({
    benchmark: benchmark.id,
    items: sampleBenchmark(benchmark, items, o.sampleSize, o.seed).length,
    conditions: o.conditions.filter((c) => benchmark.conditions.includes(c)).length,
    models: Math.max(1, o.models.length),
  }));
  io.out(formatPlan(plan, counts));
  return 0;
}

export async function runEval(argv: readonly string[], io: EvalIo): Promise<number> {
  const parsed = parseEvalOptions(argv);
  if (parsed.kind === 'help') {
    io.out(`${EVAL_USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'error') {
    io.err(`error: ${parsed.message}\n${EVAL_USAGE}\n`);
    return 2;
  }
  const o = parsed.options;
  if (o.plan) return printPlan(o, io);
  for (const note of o.notes) io.err(`note: ${note}\n`);
  const spec = buildSpec(o);
  const opened = openResultsFile(o.out);
  if (opened.kind === 'error') {
    io.err(`error: ${opened.message}\n`);
    return 1;
  }
  if (opened.kind === 'existing') {
    const diff = specDifferences(opened.run.spec, spec);
    if (diff.length > 0) {
      io.err(
        `error: ${o.out} holds run "${opened.run.id}" with different settings, so it cannot be continued:\n  ${diff.join('\n  ')}\nRepeat the original options to continue it, or choose another --out.\n`,
      );
      return 2;
    }
  }

  const inputs = await loadInputs(o, io);
  if (typeof inputs === 'string') {
    io.err(`error: ${inputs}\n`);
    return 1;
  }
  const config = {
    baseUrl: o.baseUrl,
    apiKey: process.env.OPENAI_API_KEY,
    timeoutMs: o.timeoutMs,
    concurrency: o.concurrency,
    retry: { retries: o.retries, baseDelayMs: o.retryDelayMs },
  };
  for (const model of o.models) {
    const check = await checkConnection(config, model);
    if (check.kind === 'error') {
      io.err(`error: ${describeError(check.error)}\n`);
      return 1;
    }
  }

  let run: RunRecord;
  let store: JsonFileStore;
  if (opened.kind === 'existing') {
    run = opened.run;
    store = new JsonFileStore(o.out, { run, trials: opened.trials });
    for (const line of opened.skipped) io.err(`note: ${store.journal}: skipped ${line}\n`);
    io.err(
      `Continuing run ${run.id} from ${o.out}${opened.journaled > 0 ? ` and ${store.journal}` : ''} (${formatInteger(opened.trials.filter((t) => t.status === 'ok').length)} of ${formatInteger(run.plannedTrials)} trials done).\n`,
    );
  } else {
    run = createRun(spec, buildRunPlan(spec, inputs));
    store = new JsonFileStore(o.out);
    await store.putRun(run);
    io.err(
      `Started run ${run.id}: ${formatInteger(run.plannedTrials)} trials -> ${o.out} (each finished trial is appended to ${store.journal})\n`,
    );
  }

  const engine = new OpenAIEngine(config);
  const control = new RunControl();
  const progress = new ProgressLine(io.err, io.tty ?? false);
  let failed = 0;
  let interrupts = 0;
  const removeHandler = io.onInterrupt?.(() => {
    interrupts += 1;
    if (interrupts === 1) {
      progress.break();
      io.err(
        'Pausing: finished trials are kept; run the same command again to continue (Ctrl-C again to quit at once).\n',
      );
      control.pause();
    } else {
      store.flush();
      process.exit(130);
    }
  });
  const onEvent = (event: RunEvent) => {
    if (event.type === 'started') progress.update(event.done, event.planned, 0);
    if (event.type === 'trial_stored') {
      if (event.trial.status === 'failed') {
        failed += 1;
        progress.break();
        io.err(`trial failed: ${event.trial.key}: ${event.trial.error?.message ?? ''}\n`);
      }
      progress.update(event.done, event.planned, failed);
    }
  };
  try {
    const outcome = await runEvaluation({
      run,
      benchmarks: inputs,
      engine,
      store,
      control,
      onEvent,
      concurrency: o.concurrency,
    });
    progress.break();
    const trials = await store.listTrials(run.id);
    store.flush(withModelFacts(summarizeRun(outcome.run, trials, getBenchmark, o.resamples), outcome.run.spec));
    const ok = trials.filter((t) => t.status === 'ok').length;
    switch (outcome.kind) {
      case 'done':
        io.err(formatEngineWork(summarizeEngineWork(outcome.run, trials)));
        io.err(
          `Done: ${formatInteger(ok)} of ${formatInteger(run.plannedTrials)} trials ok, ${formatInteger(outcome.failed)} failed (redone when you run the same command again). Wrote ${o.out}\n`,
        );
        return 0;
      case 'paused':
        if (outcome.reason === 'user') {
          io.err(
            `Paused with ${formatInteger(ok)} of ${formatInteger(run.plannedTrials)} trials done. Wrote ${o.out}\n`,
          );
          return 130;
        }
        io.err(
          `error: the run stopped: ${outcome.error === undefined ? 'unknown reason' : describeError(outcome.error)}\n${formatInteger(ok)} of ${formatInteger(run.plannedTrials)} trials done; fix the problem and run the same command again to continue. Wrote ${o.out}\n`,
        );
        return 1;
      case 'cancelled':
        io.err(`Cancelled. Wrote ${o.out}\n`);
        return 1;
      default:
        return assertNever(outcome, 'run outcome');
    }
  } finally {
    removeHandler?.();
  }
}

/** Model work per trial (Results → Model work on the page), one line per model × benchmark × condition. */
export function formatEngineWork(rows: readonly EngineWorkRow[]): string {
  if (rows.length === 0) return '';
  const tokens = (value: number | null) => (value === null ? '-' : formatInteger(value));
  const lines = rows.map(
    (r) =>
      `  ${r.model} · ${r.benchmark} · ${r.condition}: ${formatInteger(r.trials)} trials, prompt ${tokens(r.promptPerTrial)} tokens (${tokens(r.cachedPerTrial)} from cache), reasoning ${tokens(r.completionPerTrial)} tokens, ${formatFixed(r.secondsPerTrial, 2)} s per trial`,
  );
  return `Model work per trial (tokens as the server reported them; - where it reported none):\n${lines.join('\n')}\n`;
}
