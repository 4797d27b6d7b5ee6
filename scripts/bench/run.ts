// `npm run bench` (issue 7): measures the host, statistics, responsiveness, bundle and model
// calls, and prints one JSON object of figures as its last line. A script, not a timed test.
//
// 1. Builds the real app (root vite.config.ts) into node_modules/.cache/bench/app (not dist/,
//    which the browser tests use) and gzips its assets: main entry, web-llm worker, web-llm copies.
// 2. Builds the harness page (bench/vite.config.ts) and serves it on loopback, with the dataset
//    files of the repository's data/ folder (BENCH_DATASETS overrides it) under /data/ (read at
//    run time; never bundled).
// 3. Drives it in headless Chromium (Debian's /usr/bin/chromium, a persistent profile so
//    IndexedDB is on disk as for a user): model calls per condition, host throughput, the same
//    run with live metrics from the summary worker under a long-task observer, bootstrap
//    intervals of a synthetic complete BBQ result in the worker, the first paint of the built
//    app (served under /app/), and (stored.ts) the app opening that complete result on its
//    Results screen and a study of 8 such runs opening (BENCH_ONLY=stored: only these).
//    BENCH_CACHE moves the builds elsewhere (worktrees sharing node_modules share the default).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
// Type only: brings the harness page's `window.__bench` declaration (bench/main.ts).
import type {} from '../../bench/main';
import { log, round } from './log';
import { measureStored } from './stored';

const repo = fileURLToPath(new URL('../../', import.meta.url));
/** BENCH_CACHE: where the builds go (default under node_modules/.cache, shared by worktrees that share node_modules). */
const cache = resolve(process.env.BENCH_CACHE ?? join(repo, 'node_modules/.cache/bench'));
const appOut = join(cache, 'app');
const harnessOut = join(cache, 'harness');
const datasets = resolve(process.env.BENCH_DATASETS ?? join(repo, 'data'));
const HOST_TRIALS = Number(process.env.BENCH_TRIALS ?? 20_000);
/** BENCH_PROFILE=1: unminified harness, CPU profile of the host run, top self times to stderr. */
const PROFILE = process.env.BENCH_PROFILE === '1';
/** BENCH_ONLY=stored: only the stored-result measurements (opening a complete result, a study), for quick loops. */
const STORED_ONLY = process.env.BENCH_ONLY === 'stored';
/** Strings only web-llm's bundle (its TVM runtime and engine) contains. */
const WEBLLM_MARKERS = ['MLCEngine', 'tvmjs'];

const kb = (bytes: number) => round(bytes / 1024, 1);

async function measureBundle() {
  const t = performance.now();
  await build({
    root: repo,
    configFile: join(repo, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: appOut, emptyOutDir: true },
  });
  const html = readFileSync(join(appOut, 'index.html'), 'utf8');
  const entry = /<script[^>]*type="module"[^>]*src="\.?\/?([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error('bench: no module script in the built index.html');
  const assets = readdirSync(join(appOut, 'assets')).filter((f) => f.endsWith('.js'));
  const files = assets.map((name) => {
    const bytes = readFileSync(join(appOut, 'assets', name));
    const text = bytes.toString('utf8');
    return {
      name,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      webllm: WEBLLM_MARKERS.some((m) => text.includes(m)),
    };
  });
  const main = files.find((f) => `assets/${f.name}` === entry);
  if (!main) throw new Error(`bench: entry ${entry} not among the built assets`);
  const webllm = files.filter((f) => f.webllm);
  const worker = webllm.length === 1 ? webllm[0] : files.find((f) => f.name.startsWith('worker'));
  log(
    `app built in ${round((performance.now() - t) / 1000)} s:`,
    files.map((f) => `${f.name} ${kb(f.gzip)} KB gz${f.webllm ? ' (web-llm)' : ''}`).join(', '),
  );
  return { main, worker, webllm, files };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.jsonl': 'text/plain',
  '.tsv': 'text/plain',
  '.svg': 'image/svg+xml',
};

/**
 * First paint of the built app (served under /app/) in a fresh page: the browser's own paint
 * timings and the time until the Run screen's "Start run" button exists, in ms since navigation.
 * The best of three loads (the first also compiles the scripts; caches are not cleared between).
 */
async function measureFirstPaint(context: BrowserContext, url: string, errors: string[]) {
  const loads: { fcp: number | null; ready: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`app pageerror: ${e.message}`));
    await page.goto(`${url}app/`);
    await page.getByRole('button', { name: 'Start run' }).waitFor();
    loads.push(
      await page.evaluate(() => {
        const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
        return { fcp: paint['first-contentful-paint'] ?? null, ready: performance.now() };
      }),
    );
    await page.close();
  }
  const best = (key: 'fcp' | 'ready') => Math.min(...loads.map((l) => l[key] ?? Number.POSITIVE_INFINITY));
  return { fcpMs: best('fcp'), readyMs: best('ready') };
}

function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    const [base, rel] = path.startsWith('/data/')
      ? [datasets, path.slice('/data/'.length)]
      : path.startsWith('/app/')
        ? [appOut, path === '/app/' ? 'index.html' : path.slice('/app/'.length)]
        : [harnessOut, path === '/' ? 'index.html' : path.slice(1)];
    const file = resolve(base, rel);
    if (!file.startsWith(base + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

interface CpuProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Top self and inclusive times of a CDP CPU profile, to stderr. */
function printProfile(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((s, i) => selfUs.set(s, (selfUs.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const name = (n: CpuProfileNode | undefined) =>
    n === undefined
      ? '(unknown)'
      : `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const k = name(byId.get(id));
    self.set(k, (self.get(k) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = name(byId.get(cur));
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)
      .map(([k, us]) => `  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
      .join('\n');
  log(`profile, self time:\n${top(self)}`);
  log(`profile, inclusive time:\n${top(inclusive)}`);
}

/**
 * Everything before the stored-result measurements: model calls per condition, host throughput
 * (plain and with live metrics), bootstrap of a complete BBQ result, first paint of the app.
 */
async function measureRunning(context: BrowserContext, page: Page, url: string, errors: string[]) {
  const t = performance.now();
  const calls = await page.evaluate(() => window.__bench.callsPerCondition());
  log(`calls per condition in ${round((performance.now() - t) / 1000)} s:`, JSON.stringify(calls));

  const cdp = PROFILE ? await context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const host = await page.evaluate((n) => window.__bench.hostRun({ trials: n, live: false }), HOST_TRIALS);
  if (cdp) printProfile((await cdp.send('Profiler.stop')).profile as CpuProfile);
  log(
    `host run: ${host.trials} trials in ${round(host.seconds, 2)} s = ${round(host.trialsPerS, 0)}/s; long tasks ${host.longTasks}, max ${round(host.maxTaskMs)} ms ${JSON.stringify(host.longTaskAt)}`,
  );

  const live = await page.evaluate((n) => window.__bench.hostRun({ trials: n, live: true }), HOST_TRIALS);
  log(
    `live run: ${live.trials} trials in ${round(live.seconds, 2)} s = ${round(live.trialsPerS, 0)}/s; ${live.summaries} summaries (max ${round(live.maxSummaryMs)} ms in the worker); long tasks ${live.longTasks}, max ${round(live.maxTaskMs)} ms ${JSON.stringify(live.longTaskAt)}`,
  );

  const boot = await page.evaluate(() => window.__bench.bootstrapFull());
  log(
    `full BBQ: ${boot.items} items, ${boot.trials} trials, ${boot.rows} rows: ${round(boot.seconds, 2)} s from the page (worker compute ${round(boot.computeS, 2)} s; again with no new trials ${round(boot.repeatS, 2)} s); main-thread long tasks ${boot.longTasks}, max ${round(boot.maxTaskMs)} ms`,
  );
  const paint = await measureFirstPaint(context, url, errors);
  log(
    `first paint of the app: first contentful paint ${round(paint.fcpMs)} ms, Run screen ready ${round(paint.readyMs)} ms`,
  );
  return { calls, host, live, boot, paint };
}

async function main() {
  const started = performance.now();
  const bundle = await measureBundle();

  const t = performance.now();
  await build({
    configFile: join(repo, 'bench/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: harnessOut, ...(PROFILE ? { minify: false } : {}) },
  });
  log(`harness built in ${round((performance.now() - t) / 1000)} s`);

  const server = await serve();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const profile = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const errors: string[] = [];
  try {
    await context.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      return host === '127.0.0.1' || host === 'localhost' ? route.continue() : route.abort('internetdisconnected');
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => (m.type() === 'error' ? errors.push(`console: ${m.text()}`) : undefined));
    page.setDefaultTimeout(180_000);
    await page.goto(url);
    await page.waitForFunction(() => window.__bench?.ready === true);

    const early = STORED_ONLY ? null : await measureRunning(context, page, url, errors);
    const stored = await measureStored(context, page, url, profile, errors);
    const figures = {
      host_trials_per_s: round(early?.host.trialsPerS, 0),
      host_trials: early?.host.trials ?? null,
      host_trials_per_s_with_live_metrics: round(early?.live.trialsPerS, 0),
      bootstrap_full_bbq_s: round(early?.boot.seconds, 2),
      bootstrap_full_bbq_worker_compute_s: round(early?.boot.computeS, 2),
      bootstrap_full_bbq_trials: early?.boot.trials ?? null,
      max_main_thread_task_ms: early && round(Math.max(early.live.maxTaskMs, early.host.maxTaskMs), 1),
      long_tasks_during_runs: early && early.live.longTasks + early.host.longTasks,
      max_main_thread_task_ms_full_bbq_summary: round(early?.boot.maxTaskMs, 1),
      long_task_api: early?.live.longTaskApi ?? null,
      live_summaries: early?.live.summaries ?? null,
      ...stored,
      first_contentful_paint_ms: round(early?.paint.fcpMs, 0),
      run_screen_ready_ms: round(early?.paint.readyMs, 0),
      main_bundle_gzip_kb: kb(bundle.main.gzip),
      worker_bundle_gzip_kb: bundle.worker ? kb(bundle.worker.gzip) : null,
      other_chunks_gzip_kb: Object.fromEntries(
        bundle.files
          .filter((f) => f !== bundle.main && f !== bundle.worker)
          .map((f) => [f.name.replace(/-[\w-]{8}\.js$/, ''), kb(f.gzip)]),
      ),
      webllm_copies: bundle.webllm.length,
      webllm_only_in_worker:
        bundle.webllm.length === 1 && bundle.webllm[0] === bundle.worker && bundle.webllm[0] !== bundle.main,
      model_calls_per_trial: early?.calls ?? null,
      prefill_tokens_per_trial:
        early === null || Object.values(early.host.prefillTokensPerTrial).every((v) => v === null)
          ? null
          : early.host.prefillTokensPerTrial,
      prefill_note:
        "Computed from the stored trials as Results → Model work does (mean prompt tokens minus those taken from the prefix cache, per trial, by condition). The instant engine has no tokenizer and reports none; web-llm reports each request's prompt length with 0 cached (every request starts from an empty KV cache, so q_if_cot's answer step prefills the question and the reasoning again); servers report usage.prompt_tokens and, vLLM and llama.cpp, the cached part.",
      page_errors: errors.length,
      runtime_s: round((performance.now() - started) / 1000, 1),
    };
    if (errors.length) log('page errors:', errors.slice(0, 5).join(' | '));
    console.log(JSON.stringify(figures));
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
