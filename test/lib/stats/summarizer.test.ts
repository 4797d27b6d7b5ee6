/**
 * Off-main-thread statistics: the inline summarizer and the worker client ↔ handler protocol
 * give exactly summarizeRun's rows. The worker is replaced by an in-process port that
 * structured-clones every message and delivers it in a later task, as postMessage does.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bbq } from '../../../src/lib/benchmarks/bbq';
import { parseBbq } from '../../../src/lib/benchmarks/bbq/parse';
import type { Benchmark } from '../../../src/lib/benchmarks/types';
import { buildRunPlan, type BenchmarkInput } from '../../../src/lib/runner/plan';
import { createRun } from '../../../src/lib/runner/record';
import { runEvaluation } from '../../../src/lib/runner/run';
import { summarizeRun } from '../../../src/lib/runner/summary';
import { connectSummarizer, createInlineSummarizer, createSummarizer, type SummarizeRequest, type SummaryResponse } from '../../../src/lib/stats/summarizer';
import { createSummaryHandler } from '../../../src/lib/stats/summary-worker';
import type { RunRecord, TrialRecord } from '../../../src/lib/storage/types';
import { openFreshStore } from '../../doubles/fresh-store';
import { TOY_SPEC } from '../../doubles/records';
import { ScriptedEngine } from '../../doubles/scripted-engine';

const RESAMPLES = 100;
const file = 'Religion.jsonl';
const items = parseBbq(new Map([[file, readFileSync(resolve(__dirname, '../../../../shared/datasets/bbq/data', file), 'utf8')]])).items;
const lookup = (id: string) => (id === 'bbq' ? (bbq as Benchmark<unknown>) : undefined);

async function storedRun(id: string, sampleSize: number): Promise<{ run: RunRecord; trials: TrialRecord[] }> {
  const inputs: BenchmarkInput[] = [{ benchmark: bbq as Benchmark<unknown>, items }];
  const spec = { ...TOY_SPEC, benchmarks: ['bbq' as const], conditions: ['q' as const, 'q_if' as const], sampleSize };
  const run = createRun(spec, buildRunPlan(spec, inputs), { id });
  const store = await openFreshStore();
  await store.putRun(run);
  await runEvaluation({ run, benchmarks: inputs, engine: new ScriptedEngine(), store });
  return { run, trials: await store.listTrials(id) };
}

/** A worker stand-in: structured clones both ways, delivery in later tasks; records traffic. */
function inProcess(options: { benchmarkOf?: typeof lookup } = {}) {
  const sent: SummarizeRequest[] = [];
  const answers: SummaryResponse[] = [];
  let receive: ((m: SummaryResponse) => void) | null = null;
  const handler = createSummaryHandler({
    post: (m) => {
      const copy = structuredClone(m);
      answers.push(copy);
      setTimeout(() => receive?.(copy), 0);
    },
    ...(options.benchmarkOf ? { benchmarkOf: options.benchmarkOf } : {}),
  });
  let closed = false;
  const port = {
    post: (m: SummarizeRequest) => {
      const copy = structuredClone(m);
      sent.push(copy);
      setTimeout(() => (closed ? undefined : handler.handle(copy)), 0);
    },
    listen: (onMessage: (m: SummaryResponse) => void) => {
      receive = onMessage;
    },
    close: () => {
      closed = true;
    },
  };
  return { port, sent, answers, handler };
}

describe('summarizer', () => {
  let a: { run: RunRecord; trials: TrialRecord[] };
  let b: { run: RunRecord; trials: TrialRecord[] };
  beforeAll(async () => {
    a = await storedRun('run-a', 40);
    b = await storedRun('run-b', 24);
  });

  it('inline: the rows of summarizeRun', async () => {
    const summarize = createInlineSummarizer({ resamples: RESAMPLES, benchmarkOf: lookup });
    expect(await summarize(a.run, a.trials)).toEqual(summarizeRun(a.run, a.trials, lookup, RESAMPLES));
    summarize.dispose();
    await expect(summarize(a.run, a.trials)).rejects.toThrow(/disposed/);
  });

  it('falls back to the inline summarizer where there is no Worker (Node)', async () => {
    expect(typeof Worker).toBe('undefined');
    const summarize = createSummarizer({ resamples: RESAMPLES });
    expect(await summarize(a.run, a.trials)).toEqual(summarizeRun(a.run, a.trials, lookup, RESAMPLES));
  });

  it('worker protocol: the same rows, sending only new or replaced trials and removed keys', async () => {
    const { port, sent, handler } = inProcess();
    const summarize = connectSummarizer(port, { resamples: RESAMPLES });
    const half = a.trials.slice(0, 30);
    expect(await summarize(a.run, half)).toEqual(summarizeRun(a.run, half, lookup, RESAMPLES));
    expect(sent.at(-1)).toMatchObject({ type: 'summarize', reset: true, remove: [] });
    expect(sent.at(-1)?.upsert).toHaveLength(30);
    // Trial objects carry only what the summary reads.
    expect(Object.keys(sent.at(-1)?.upsert[0] ?? {}).sort()).toEqual(['answer', 'benchmark', 'condition', 'item', 'key', 'mass', 'model', 'probs', 'status'].sort());

    // More trials stream in (new array, same objects for the old ones): only the new cross.
    expect(await summarize(a.run, a.trials)).toEqual(summarizeRun(a.run, a.trials, lookup, RESAMPLES));
    expect(sent.at(-1)).toMatchObject({ reset: false, remove: [] });
    expect(sent.at(-1)?.upsert).toHaveLength(a.trials.length - 30);

    // A replaced trial (failed → retried) and a removed one.
    const first = a.trials[0] as TrialRecord;
    const replaced = { ...first, answer: first.answer === 'a' ? 'b' : 'a' };
    const changed = [replaced, ...a.trials.slice(2)];
    expect(await summarize(a.run, changed)).toEqual(summarizeRun(a.run, changed, lookup, RESAMPLES));
    expect(sent.at(-1)?.upsert.map((t) => t.key)).toEqual([first.key]);
    expect(sent.at(-1)?.remove).toEqual([(a.trials[1] as TrialRecord).key]);
    expect(handler.size).toBe(changed.length);

    // Another run: the worker's mirror starts over.
    expect(await summarize(b.run, b.trials)).toEqual(summarizeRun(b.run, b.trials, lookup, RESAMPLES));
    expect(sent.at(-1)).toMatchObject({ reset: true });
    expect(handler.size).toBe(b.trials.length);
    expect(summarize.lastComputeMs).toBeGreaterThanOrEqual(0);
  });

  it('splits a large delta into update chunks followed by one summarize', async () => {
    const { port, sent, answers } = inProcess();
    const summarize = connectSummarizer(port, { resamples: RESAMPLES, chunk: 16 });
    expect(await summarize(a.run, a.trials)).toEqual(summarizeRun(a.run, a.trials, lookup, RESAMPLES));
    const updates = Math.floor(a.trials.length / 16);
    expect(sent.map((m) => m.type)).toEqual([...Array<string>(updates).fill('update'), 'summarize']);
    expect(sent.map((m) => m.reset)).toEqual([true, ...Array<boolean>(updates).fill(false)]);
    expect(sent.slice(0, -1).every((m) => m.upsert.length === 16)).toBe(true);
    expect(sent.reduce((n, m) => n + m.upsert.length, 0)).toBe(a.trials.length);
    expect(new Set(sent.map((m) => m.id)).size).toBe(1);
    expect(answers).toHaveLength(1);
  });

  it('latest request wins: superseded requests resolve with the newer result, computed once', async () => {
    const { port, answers } = inProcess();
    const summarize = connectSummarizer(port, { resamples: RESAMPLES });
    const older = summarize(a.run, a.trials.slice(0, 10));
    const middle = summarize(a.run, a.trials.slice(0, 20));
    const newest = summarize(a.run, a.trials);
    const expected = summarizeRun(a.run, a.trials, lookup, RESAMPLES);
    expect(await newest).toEqual(expected);
    expect(await older).toEqual(expected);
    expect(await middle).toEqual(expected);
    expect(answers.map((m) => m.id)).toEqual([3]);
  });

  it('a failing summary rejects the request and those it superseded; later requests work', async () => {
    let broken = true;
    const { port } = inProcess({ benchmarkOf: (id) => (broken ? undefined : lookup(id)) });
    const summarize = connectSummarizer(port, { resamples: RESAMPLES });
    const first = summarize(a.run, a.trials.slice(0, 5));
    const second = summarize(a.run, a.trials);
    await expect(second).rejects.toThrow(/not registered/);
    await expect(first).rejects.toThrow(/not registered/);
    broken = false;
    expect(await summarize(a.run, a.trials)).toEqual(summarizeRun(a.run, a.trials, lookup, RESAMPLES));
  });

  it('a worker failure rejects pending requests and the next request resends everything', async () => {
    const sent: SummarizeRequest[] = [];
    let fail: (reason: string) => void = () => undefined;
    let receive: (m: SummaryResponse) => void = () => undefined;
    const handler = createSummaryHandler({ post: (m) => setTimeout(() => receive(structuredClone(m)), 0) });
    let crashed = false;
    const summarize = connectSummarizer(
      {
        post: (m) => {
          sent.push(m);
          if (!crashed) setTimeout(() => handler.handle(structuredClone(m)), 0);
        },
        listen: (onMessage, onFailure) => {
          receive = onMessage;
          fail = onFailure;
        },
        close: () => undefined,
      },
      { resamples: RESAMPLES },
    );
    await summarize(a.run, a.trials.slice(0, 10));
    crashed = true;
    const lost = summarize(a.run, a.trials);
    fail('boom');
    await expect(lost).rejects.toThrow(/boom/);
    crashed = false;
    expect(await summarize(a.run, a.trials)).toEqual(summarizeRun(a.run, a.trials, lookup, RESAMPLES));
    expect(sent.at(-1)).toMatchObject({ reset: true });
    expect(sent.at(-1)?.upsert).toHaveLength(a.trials.length);
  });

  it('dispose closes the port and rejects what is pending', async () => {
    const { port } = inProcess();
    const summarize = connectSummarizer(port, { resamples: RESAMPLES });
    const pending = summarize(a.run, a.trials);
    summarize.dispose();
    await expect(pending).rejects.toThrow(/disposed/);
    await expect(summarize(a.run, a.trials)).rejects.toThrow(/disposed/);
  });
});
