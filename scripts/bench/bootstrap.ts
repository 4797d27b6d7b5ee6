// Times summarizeRun on a synthetic complete BBQ result (58,492 items × 3 conditions, 1,000
// resamples) in plain Node: the statistics part of issue 7's budget without the browser.
// Run: npx tsx scripts/bench/bootstrap.ts [repeats]   (BENCH_DATASETS overrides data/)
// Prints one JSON line of figures. A script, not a timed test. BENCH_DUMP=file writes the rows
// (to compare numbers before and after a change to the statistics).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { completeBbq, FULL_BBQ_ITEMS, planBbqRun, synthesizeTrials } from '../../bench/synth';
import { bbq } from '../../src/lib/benchmarks/bbq';
import type { Benchmark } from '../../src/lib/benchmarks/types';
import { getBenchmark } from '../../src/lib/benchmarks/registry';
import { RESAMPLES, summarizeRun } from '../../src/lib/results/summarize';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const datasets = resolve(process.env.BENCH_DATASETS ?? join(repo, 'data'));
const LOCAL = ['Age', 'Disability_status', 'Nationality', 'Physical_appearance', 'Religion', 'Sexual_orientation'];
const repeats = Number(process.argv[2] ?? 3);

const files = new Map(
  LOCAL.map((c) => [`${c}.jsonl`, readFileSync(join(datasets, 'bbq/data', `${c}.jsonl`), 'utf8')] as [string, string]),
);
const items = completeBbq([...bbq.parse(files).items]);
if (items.length !== FULL_BBQ_ITEMS) throw new Error(`expected ${FULL_BBQ_ITEMS} items, got ${items.length}`);
const run = planBbqRun(items, ['q', 'q_if', 'q_if_cot'], 'all', 'bench-full-bbq');
const trials = synthesizeTrials(run, items);
const benchmarkOf = (id: string) => getBenchmark(id as never) as Benchmark<unknown> | undefined;

summarizeRun(run, trials.slice(0, 300), benchmarkOf); // warm-up
const seconds: number[] = [];
const cpuSeconds: number[] = [];
let rows = 0;
if (process.env.BENCH_DUMP)
  writeFileSync(process.env.BENCH_DUMP, JSON.stringify(summarizeRun(run, trials, benchmarkOf, RESAMPLES), null, 1));
for (let i = 0; i < repeats; i++) {
  const t = performance.now();
  const cpu = process.cpuUsage();
  rows = summarizeRun(run, trials, benchmarkOf, RESAMPLES).length;
  seconds.push((performance.now() - t) / 1000);
  const used = process.cpuUsage(cpu);
  cpuSeconds.push((used.user + used.system) / 1e6);
  console.error(`[bootstrap] run ${i + 1}: ${seconds[i]!.toFixed(2)} s wall, ${cpuSeconds[i]!.toFixed(2)} s CPU`);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const r2 = (x: number): number => Math.round(x * 100) / 100;
// The wall-clock minimum is the least disturbed by other processes on a shared machine; CPU time
// also counts the garbage collector's helper threads.
console.log(
  JSON.stringify({
    items: items.length,
    trials: trials.length,
    rows,
    resamples: RESAMPLES,
    node_summarize_run_s_min: r2(Math.min(...seconds)),
    node_summarize_run_s_median: r2(median(seconds)),
    node_summarize_run_cpu_s_median: r2(median(cpuSeconds)),
  }),
);
