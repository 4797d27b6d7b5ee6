/**
 * Off-main-thread statistics: the inline summarizer and the worker client ↔ handler protocol
 * give exactly summarizeRun's rows. The worker is replaced by an in-process port that
 * structured-clones every message (transferring its buffers) and delivers it in a later task,
 * as postMessage does. The columnar trial encoding round-trips exactly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readData } from '../../data-dir';
import { bbq } from '../../../src/lib/benchmarks/bbq';
import { parseBbq } from '../../../src/lib/benchmarks/bbq/parse';
import type { Benchmark } from '../../../src/lib/benchmarks/types';
import type { BenchmarkId } from '../../../src/lib/core/ids';
import { buildRunPlan, type BenchmarkInput } from '../../../src/lib/runner/plan';
import { createRun } from '../../../src/lib/runner/record';
import { runEvaluation } from '../../../src/lib/runner/run';
import { summarizeRun } from '../../../src/lib/results/summarize';
import { getBenchmark } from '../../../src/lib/benchmarks/registry';
import {
  connectSummarizer,
  createInlineSummarizer,
  createSummarizer,
  type SummarizeRequest,
  type SummaryResponse,
} from '../../../src/lib/results/summarizer';
import {
  FIELDS,
  TrialEncoder,
  toSummaryTrial,
  type SummaryTrial,
  type TrialBatch,
} from '../../../src/lib/core/columns';
import { decodeTrials, emptyTables } from '../../../src/lib/core/columns-decode';
import { createSummaryHandler } from '../../../src/lib/results/summary-worker';
import { buildRunSummary } from '../../../src/lib/core/run-summary';
import type { RunRecord, TrialRecord } from '../../../src/lib/core/records';
import { openFreshStore } from '../../doubles/fresh-store';
import { TOY_SPEC } from '../../doubles/records';
import { ScriptedEngine } from '../../doubles/scripted-engine';
import { buildRun, buildTrials } from '../../reliability/records';

const RESAMPLES = 100;
const file = 'Religion.jsonl';
const items = parseBbq(new Map([[file, readData(`bbq/data/${file}`)]])).items;
const lookup = (id: string) => (id === 'bbq' ? (bbq as Benchmark<unknown>) : undefined);

async function storedRun(
  id: string,
  sampleSize: number,
  models = TOY_SPEC.models,
): Promise<{ run: RunRecord; trials: TrialRecord[] }> {
  const inputs: BenchmarkInput[] = [{ benchmark: bbq as Benchmark<unknown>, items }];
  const spec = {
    ...TOY_SPEC,
    models,
    benchmarks: ['bbq' as const],
    conditions: ['q' as const, 'q_if' as const],
    sampleSize,
  };
  const run = createRun(spec, buildRunPlan(spec, inputs), { id });
  const store = await openFreshStore();
  await store.putRun(run);
  await runEvaluation({ run, benchmarks: inputs, engine: new ScriptedEngine(), store });
  return { run, trials: await store.listTrials(id) };
}

/** A worker stand-in: structured clones both ways, delivery in later tasks; records traffic. */
function inProcess(options: { benchmarkOf?: (id: BenchmarkId) => Benchmark<unknown> | undefined } = {}) {
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
    post: (m: SummarizeRequest, transfer: readonly ArrayBuffer[]) => {
      const copy = structuredClone(m, { transfer: [...transfer] });
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
  let c: { run: RunRecord; trials: TrialRecord[] };
  beforeAll(async () => {
    a = await storedRun('run-a', 40);
    b = await storedRun('run-b', 24);
    c = await storedRun('run-c', 24, ['model-c']);
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
    expect(sent.at(-1)?.upsert.count).toBe(30);
    // Trials carry only what the summary reads; the run only its id and spec.
    expect(Object.keys(decodeTrials((sent.at(-1) as SummarizeRequest).upsert, emptyTables())[0] ?? {}).sort()).toEqual(
      ['answer', 'benchmark', 'condition', 'item', 'key', 'mass', 'model', 'probs', 'scoring', 'status'].sort(),
    );
    expect(sent.at(-1)?.run).toEqual({ id: a.run.id, spec: a.run.spec });

    // More trials stream in (new array, same objects for the old ones): only the new cross.
    expect(await summarize(a.run, a.trials)).toEqual(summarizeRun(a.run, a.trials, lookup, RESAMPLES));
    expect(sent.at(-1)).toMatchObject({ reset: false, remove: [] });
    expect(sent.at(-1)?.upsert.count).toBe(a.trials.length - 30);

    // A replaced trial (failed → retried) and a removed one.
    const first = a.trials[0] as TrialRecord;
    const replaced = { ...first, answer: first.answer === 'a' ? 'b' : 'a' };
    const changed = [replaced, ...a.trials.slice(2)];
    expect(await summarize(a.run, changed)).toEqual(summarizeRun(a.run, changed, lookup, RESAMPLES));
    expect(sent.at(-1)?.upsert.count).toBe(1);
    expect(sent.at(-1)?.upsert.keys).toBe(first.key);
    expect(sent.at(-1)?.remove).toEqual([(a.trials[1] as TrialRecord).key]);
    expect(handler.size).toBe(changed.length);

    // Another run: the worker's mirror starts over.
    expect(await summarize(b.run, b.trials)).toEqual(summarizeRun(b.run, b.trials, lookup, RESAMPLES));
    expect(sent.at(-1)).toMatchObject({ reset: true });
    expect(handler.size).toBe(b.trials.length);
    expect(summarize.lastComputeMs).toBeGreaterThanOrEqual(0);
  });

  it('stored columns: one run, or runs together (a study); the next request about trials starts afresh', async () => {
    const { port, sent, handler } = inProcess();
    const summarize = connectSummarizer(port, { resamples: RESAMPLES });
    const columnsOf = (r: { run: RunRecord; trials: TrialRecord[] }) =>
      buildRunSummary(r.run.id, r.trials, 'revision').columns;
    expect(await summarize.columns(a.run, [columnsOf(a)])).toEqual(summarizeRun(a.run, a.trials, lookup, RESAMPLES));
    expect(sent.at(-1)).toMatchObject({ type: 'summarize', reset: true, remove: [] });

    // Two runs of different models as one: each part in its own message, the first resetting.
    const study = { ...a.run, id: 'study', spec: { ...a.run.spec, models: ['model-a', 'model-b', 'model-c'] } };
    const both = [...a.trials, ...c.trials];
    const before = sent.length;
    const rows = await summarize.columns(study, [columnsOf(a), columnsOf(c)]);
    expect(rows).toEqual(summarizeRun(study, both, lookup, RESAMPLES));
    expect(rows.filter((r) => r.model === 'model-c').length).toBeGreaterThan(0);
    expect(sent.slice(before).map((m) => [m.type, m.reset, m.columns?.length])).toEqual([
      ['update', true, 1],
      ['summarize', false, 1],
    ]);
    expect(handler.size).toBe(both.length);

    // Trials of the same run after its columns: sent from scratch, not on top of the columns.
    expect(await summarize(a.run, a.trials.slice(0, 10))).toEqual(
      summarizeRun(a.run, a.trials.slice(0, 10), lookup, RESAMPLES),
    );
    expect(sent.at(-1)).toMatchObject({ reset: true });
    expect(handler.size).toBe(10);

    const inline = createInlineSummarizer({ resamples: RESAMPLES, benchmarkOf: lookup });
    expect(await inline.columns(study, [columnsOf(a), columnsOf(c)])).toEqual(rows);

    // Moved rather than copied: the same rows, and the sender's arrays are empty afterwards.
    const moved = columnsOf(a);
    expect(await summarize.columns(a.run, [moved], { transfer: true })).toEqual(
      summarizeRun(a.run, a.trials, lookup, RESAMPLES),
    );
    expect([moved.ints.length, moved.probs.length, moved.mass.length]).toEqual([0, 0, 0]);
  });

  it('requests about stored columns are each computed on their own, between trial requests', async () => {
    const { port, answers } = inProcess();
    const summarize = connectSummarizer(port, { resamples: RESAMPLES });
    const columnsOf = (r: { run: RunRecord; trials: TrialRecord[] }) =>
      buildRunSummary(r.run.id, r.trials, 'revision').columns;
    const live = summarize(a.run, a.trials.slice(0, 10));
    const stored = summarize.columns(c.run, [columnsOf(c)]);
    const other = summarize.columns(b.run, [columnsOf(b)]);
    const later = summarize(a.run, a.trials);
    expect(await live).toEqual(summarizeRun(a.run, a.trials.slice(0, 10), lookup, RESAMPLES));
    expect(await stored).toEqual(summarizeRun(c.run, c.trials, lookup, RESAMPLES));
    expect(await other).toEqual(summarizeRun(b.run, b.trials, lookup, RESAMPLES));
    expect(await later).toEqual(summarizeRun(a.run, a.trials, lookup, RESAMPLES));
    expect(answers.map((m) => m.id)).toEqual([1, 2, 3, 4]);
  });

  it('a recipe only where the summarising code is known, changing with anything that changes rows', () => {
    expect(connectSummarizer(inProcess().port).recipe(a.run)).toBeNull();
    expect(createInlineSummarizer().recipe(a.run)).toBeNull();
    const recipe = (code: string, resamples: number, run: RunRecord) =>
      connectSummarizer(inProcess().port, { code, resamples }).recipe(run);
    const base = recipe('/assets/summary-worker-AAAA.js', 1000, a.run);
    expect(base).toEqual(expect.any(String));
    expect(recipe('/assets/summary-worker-AAAA.js', 1000, { ...a.run, id: 'other' })).toBe(base);
    for (const other of [
      recipe('/assets/summary-worker-BBBB.js', 1000, a.run),
      recipe('/assets/summary-worker-AAAA.js', 999, a.run),
      recipe('/assets/summary-worker-AAAA.js', 1000, { ...a.run, spec: { ...a.run.spec, seed: 8 } }),
      recipe('/assets/summary-worker-AAAA.js', 1000, { ...a.run, spec: { ...a.run.spec, models: ['model-b'] } }),
    ])
      expect(other).not.toBe(base);
  });

  it('splits a large delta into update chunks followed by one summarize', async () => {
    const { port, sent, answers } = inProcess();
    const summarize = connectSummarizer(port, { resamples: RESAMPLES, chunk: 16 });
    expect(await summarize(a.run, a.trials)).toEqual(summarizeRun(a.run, a.trials, lookup, RESAMPLES));
    const updates = Math.floor(a.trials.length / 16);
    expect(sent.map((m) => m.type)).toEqual([...Array<string>(updates).fill('update'), 'summarize']);
    expect(sent.map((m) => m.reset)).toEqual([true, ...Array<boolean>(updates).fill(false)]);
    expect(sent.slice(0, -1).every((m) => m.upsert.count === 16 && m.run === null)).toBe(true);
    expect(sent.reduce((n, m) => n + m.upsert.count, 0)).toBe(a.trials.length);
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
          sent.push(structuredClone(m)); // (kept readable: no transfer here)
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
    expect(sent.at(-1)?.upsert.count).toBe(a.trials.length);
  });

  it('dispose closes the port and rejects what is pending', async () => {
    const { port } = inProcess();
    const summarize = connectSummarizer(port, { resamples: RESAMPLES });
    const pending = summarize(a.run, a.trials);
    summarize.dispose();
    await expect(pending).rejects.toThrow(/disposed/);
    await expect(summarize(a.run, a.trials)).rejects.toThrow(/disposed/);
  });
  it('worker protocol on a run of all three benchmarks (failed trial included): the same rows', async () => {
    const run = buildRun({ id: 'run-three' });
    const trials = buildTrials(run);
    const expected = summarizeRun(run, trials, getBenchmark, RESAMPLES);
    expect(new Set(expected.map((r) => r.benchmark))).toEqual(new Set(['bbq', 'winogender', 'admissions']));
    const { port, sent } = inProcess({ benchmarkOf: getBenchmark });
    const summarize = connectSummarizer(port, { resamples: RESAMPLES, chunk: 5 });
    expect(await summarize(run, trials)).toEqual(expected);
    expect(sent.length).toBeGreaterThan(1);
    // Trials re-created (new objects, equal content: as read back from storage) all cross again.
    const reread = structuredClone(trials);
    expect(await summarize(run, reread)).toEqual(expected);
    const last = sent.filter((m) => m.id === sent.at(-1)?.id);
    expect(last.reduce((n, m) => n + m.upsert.count, 0)).toBe(trials.length);
    expect(last.flatMap((m) => m.upsert.strings)).toEqual([]); // strings crossed once
  });

  describe('columnar trial encoding', () => {
    /** Encodes `groups` as consecutive batches, sends each through structuredClone with transfer, decodes in order. */
    function roundTrip(groups: readonly (readonly SummaryTrial[])[]): {
      decoded: SummaryTrial[];
      batches: TrialBatch[];
    } {
      const encoder = new TrialEncoder();
      const tables = emptyTables();
      const decoded: SummaryTrial[] = [];
      const batches: TrialBatch[] = [];
      for (const group of groups) {
        for (const t of group) encoder.add(t);
        expect(encoder.count).toBe(group.length);
        const { batch, transfer } = encoder.flush();
        const copy = structuredClone(batch, { transfer: [...transfer] });
        expect(batch.ints.byteLength).toBe(0); // transferred: the encoder keeps no reference
        batches.push(copy);
        decoded.push(...decodeTrials(copy, tables));
      }
      return { decoded, batches };
    }

    it('decode(encode(trials)) equals the summary trials, across batches (three benchmarks, failed trials)', () => {
      const run = buildRun({ id: 'run-codec' });
      const trials = [
        ...buildTrials(run),
        ...a.trials,
        ...buildTrials(buildRun({ id: 'run-codec', model: 'other-model' }), { extraItem: { note: 'free text' } }),
      ];
      const groups = [trials.slice(0, 7), trials.slice(7, 8), trials.slice(8, 50), trials.slice(50)];
      const { decoded, batches } = roundTrip(groups);
      expect(decoded).toEqual(trials.map(toSummaryTrial));
      expect(decoded.map((t) => Object.keys(t))).toEqual(trials.map((t) => Object.keys(toSummaryTrial(t))));
      expect(decoded.map((t) => (t.probs === null ? null : Object.keys(t.probs)))).toEqual(
        trials.map((t) => (t.probs === null ? null : Object.keys(t.probs))),
      );
      expect(decoded.map((t) => Object.keys(t.item))).toEqual(trials.map((t) => Object.keys(t.item)));
      expect(batches.map((b) => b.count)).toEqual(groups.map((g) => g.length));
      expect(batches.every((b) => b.ints.length === b.count * FIELDS)).toBe(true);
      // Items of a benchmark share a key list: few shapes cross.
      expect(batches.reduce((n, b) => n + b.shapes.length, 0)).toBeLessThan(10);
      // An item summary crosses once for consecutive trials sharing it (here: none share).
      expect(batches.reduce((n, b) => n + b.itemShapes.length, 0)).toBe(trials.length);
      // Strings cross once.
      const strings = batches.flatMap((b) => b.strings);
      expect(new Set(strings).size).toBe(strings.length);
    });

    it('keeps edge values exactly: null answer/probs/mass, -0, NaN, odd keys, non-scalar items', () => {
      const base: SummaryTrial = {
        key: 'k0',
        status: 'ok',
        benchmark: 'bbq',
        model: 'm',
        condition: 'q',
        item: { a: 1 },
        answer: 'a',
        probs: { a: 1 },
        mass: 1,
        scoring: null,
      };
      const shared = { weird: { nested: true } } as unknown as SummaryTrial['item'];
      const trials: SummaryTrial[] = [
        base,
        { ...base, key: 'k1|é|\u0000|😀', status: 'failed', answer: null, probs: null, mass: null },
        { ...base, key: '', item: { a: -0 }, mass: -0, probs: { a: Number.NaN, b: -0, c: Infinity } },
        { ...base, key: 'k3', item: { a: 0 }, mass: Number.NaN },
        {
          ...base,
          key: 'k4',
          item: JSON.parse('{"__proto__": 1, "a": "1"}') as SummaryTrial['item'],
          probs: JSON.parse('{"__proto__": 0.5, "x": 0.5}') as Record<string, number>,
        },
        {
          ...base,
          key: 'k5',
          item: { a: null, b: true, c: 'x', d: false, e: undefined } as unknown as SummaryTrial['item'],
          probs: { 2: 0.5, 1: 0.5 },
        },
        { ...base, key: 'k6', item: { b: true, a: null, c: 'x' } },
        { ...base, key: 'k7', item: shared },
        { ...base, key: 'k8', item: shared },
        { ...base, key: 'k9', item: { weird: { nested: true } } as unknown as SummaryTrial['item'] },
        { ...base, key: 'k10', item: { a: 1 }, answer: '', mass: 1e-300 },
        // The scoring method and its upper-bounded candidates cross too (upper_bounded_share).
        { ...base, key: 'k11', scoring: { method: 'top_k', upperBound: ['b', 'c'] } },
        { ...base, key: 'k12', scoring: { method: 'exact_first_token', firstTokenOnly: ['a'] } },
        { ...base, key: 'k13', scoring: { method: 'top_k', upperBound: ['b', 'c'] } },
      ];
      const { decoded, batches } = roundTrip([trials.slice(0, 4), trials.slice(4)]);
      expect(decoded).toEqual(trials);
      for (const [i, t] of decoded.entries()) {
        const want = trials[i] as SummaryTrial;
        expect(Object.is(t.mass, want.mass)).toBe(true);
        expect(Object.keys(t.item)).toEqual(Object.keys(want.item));
        expect(t.probs === null ? null : Object.entries(t.probs)).toEqual(
          want.probs === null ? null : Object.entries(want.probs),
        );
        expect(Object.getPrototypeOf(t.probs ?? {})).toBe(Object.prototype);
      }
      expect(Object.is(decoded[2]?.item.a, -0)).toBe(true);
      expect(Object.is(decoded[3]?.item.a, 0)).toBe(true);
      expect(Object.is(decoded[2]?.probs?.b, -0)).toBe(true);
      // One entry per run of trials sharing an item object (k0-k1, k7-k8 and k11-k13 share); items
      // with a non-scalar value cross as they are.
      expect(batches.reduce((n, b) => n + b.itemShapes.length, 0)).toBe(10);
      expect(batches.reduce((n, b) => n + b.oddItems.length, 0)).toBe(2);
      expect(decoded[1]?.item).toBe(decoded[0]?.item);
      expect(decoded[7]?.item).toBe(decoded[8]?.item);
      expect(Object.getPrototypeOf(decoded[4]?.probs)).toBe(Object.prototype);
    });
  });
});
