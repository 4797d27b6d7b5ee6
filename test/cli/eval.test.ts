import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { getBenchmark } from '../../src/lib/benchmarks/registry';
import { APP_COMMIT, APP_VERSION } from '../../src/lib/core/version';
import { DATA_DIR as DATA } from '../data-dir';
import { startFakeServer, type FakeServer } from '../server/fake-openai';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cli-eval-'));

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI asynchronously (the fake server lives in this process); `during` sees the child. */
function cli(args: string[], during?: (pid: number) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      detached: true,
      env: { ...process.env, OPENAI_API_KEY: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    if (child.pid !== undefined) during?.(child.pid);
  });
}

function evalArgs(server: FakeServer, out: string, extra: string[] = []): string[] {
  return [
    'eval',
    '--base-url',
    server.url,
    '--model',
    'fake-model',
    '--benchmark',
    'bbq',
    '--conditions',
    'q,q_if_cot',
    '--sample',
    '4',
    '--seed',
    '5',
    '--data',
    DATA,
    '--out',
    out,
    '--resamples',
    '200',
    '--retries',
    '2',
    '--retry-delay-ms',
    '1',
    ...extra,
  ];
}

const trialRequests = (s: FakeServer) => s.requests.filter((r) => r.kind === 'score' || r.kind === 'generate');

interface Stamped {
  appVersion: string;
  appCommit?: string | null;
}

interface OutFile extends Stamped {
  format: string;
  version: number;
  datasets: unknown[];
  runs: ({ id: string; spec: { seed: number } } & Stamped)[];
  trials: (Stamped & {
    key: string;
    benchmark: string;
    model: string;
    condition: string;
    item: Record<string, unknown>;
    probs: Record<string, number> | null;
    raw_probs: Record<string, number> | null;
    raw: Record<string, number> | null;
    answer: string | null;
    status: string;
  })[];
  metrics: {
    benchmark: string;
    model: string;
    condition: string;
    category: string | null;
    metric: string;
    value: number | null;
    ci_low: number | null;
    ci_high: number | null;
    n: number;
    baseline?: string;
  }[];
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as OutFile;

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('cli eval against the fake OpenAI-compatible server', () => {
  it('writes the results file, and a second run with the same --out redoes nothing', async () => {
    server = await startFakeServer();
    const out = join(dir, 'first.json');
    const r = await cli(evalArgs(server, out));
    expect(r.stderr).toMatch(/Started run run-.*: 8 trials/);
    expect(r.stderr).toMatch(/\[#+\] 8\/8 100% · .* trials\/s · 0s left/);
    expect(r.stderr).toMatch(
      /Model work per trial .*\n {2}fake-model · bbq · q: 4 trials, prompt \d+ tokens \(\d+ from cache\), reasoning 0 tokens, [\d.]+ s per trial\n {2}fake-model · bbq · q_if_cot: 4 trials, prompt \d+ tokens \([1-9]\d* from cache\), reasoning [1-9]\d* tokens/,
    );
    expect(r.status).toBe(0);
    expect(trialRequests(server).filter((q) => q.condition === 'q')).toHaveLength(4); // 1 per q trial
    expect(trialRequests(server).filter((q) => q.condition === 'q_if_cot')).toHaveLength(8); // 2 per CoT trial
    const file = read(out);
    expect(file).toMatchObject({ format: 'self-correction-results', version: 4 });
    // The code and data behind the file: app version and source commit on the file, the run and each trial; the dataset pinned.
    const stamp = { appVersion: APP_VERSION, appCommit: APP_COMMIT };
    expect(
      [file, file.runs[0], ...file.trials].every(
        (r) => r !== undefined && r.appVersion === stamp.appVersion && r.appCommit === stamp.appCommit,
      ),
    ).toBe(true);
    expect(file.datasets).toEqual([
      {
        benchmark: 'bbq',
        repository: 'nyu-mll/BBQ',
        commit: getBenchmark('bbq')?.source.commit,
        license: 'CC BY 4.0',
        sourceUrl: expect.stringContaining('github.com/nyu-mll/BBQ'),
        origin: expect.any(String),
      },
    ]);
    expect(file.trials).toHaveLength(8);
    for (const t of file.trials) {
      expect(t).toMatchObject({ benchmark: 'bbq', model: 'fake-model', status: 'ok' });
      expect(Object.keys(t.item)).toEqual(expect.arrayContaining(['category', 'example_id']));
      expect(t.raw_probs).toEqual(t.raw);
      expect(Object.keys(t.probs ?? {})).toEqual(['a', 'b', 'c']);
      expect(['a', 'b', 'c']).toContain(t.answer);
    }
    expect(file.metrics.length).toBeGreaterThan(0);
    for (const m of file.metrics)
      expect(Object.keys(m)).toEqual(
        expect.arrayContaining([
          'benchmark',
          'model',
          'condition',
          'category',
          'metric',
          'value',
          'ci_low',
          'ci_high',
          'n',
        ]),
      );
    expect(file.metrics.some((m) => m.category === null && m.condition === 'q_if_cot' && m.baseline === 'q')).toBe(
      true,
    );

    const before = trialRequests(server).length;
    const again = await cli(evalArgs(server, out));
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`Continuing run ${file.runs[0]?.id ?? 'x'} .*8 of 8 trials done`));
    expect(trialRequests(server).length).toBe(before);
    expect(read(out).runs[0]?.id).toBe(file.runs[0]?.id);
    expect(existsSync(join(dir, 'first.trials.jsonl'))).toBe(false); // removed once the file held every trial
  }, 60_000);

  it('records a trial that keeps getting HTTP 500 as failed, finishes, and redoes only it on the next run', async () => {
    server = await startFakeServer();
    server.setFault({ kind: 'status', status: 500, from: 3, count: 3 });
    const out = join(dir, 'fault.json');
    const r = await cli(evalArgs(server, out));
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/trial failed: .*HTTP 500 \(tried 3 times/);
    expect(r.stderr).toMatch(/Done: 7 of 8 trials ok, 1 failed/);
    const file = read(out);
    expect(file.trials.filter((t) => t.status === 'failed')).toHaveLength(1);
    server.setFault(null);
    const before = trialRequests(server).length;
    const again = await cli(evalArgs(server, out));
    expect(again.stderr).toMatch(/Done: 8 of 8 trials ok, 0 failed/);
    expect(trialRequests(server).length - before).toBeLessThanOrEqual(2); // one trial: 1 (q) or 2 (CoT) requests
  }, 60_000);

  it('continues after Ctrl-C where it stopped, without redoing finished trials', async () => {
    server = await startFakeServer({ faults: [{ kind: 'slow', delayMs: 150 }] });
    const s = server;
    const out = join(dir, 'interrupted.json');
    const first = await cli(evalArgs(s, out), (pid) => {
      const timer = setInterval(() => {
        if (trialRequests(s).length >= 4) {
          clearInterval(timer);
          process.kill(-pid, 'SIGINT');
        }
      }, 20);
    });
    expect(first.stderr).toMatch(/Pausing/);
    expect(first.stderr).toMatch(/Paused with \d+ of 8 trials done/);
    // The CLI exits 130; npx itself dies of the same SIGINT (the test signals the whole group), so its status may be null.
    expect([130, null]).toContain(first.status);
    const partial = read(out).trials.filter((t) => t.status === 'ok').length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(8);
    s.setFault(null);
    const second = await cli(evalArgs(s, out));
    expect(second.status).toBe(0);
    expect(read(out).trials).toHaveLength(8);
    // Exactly one request per q trial and two per CoT trial over both runs, plus at most the one abandoned at Ctrl-C.
    expect(trialRequests(s).length).toBeGreaterThanOrEqual(12);
    expect(trialRequests(s).length).toBeLessThanOrEqual(13);
  }, 60_000);

  it('appends each finished trial to a journal, and resumes from it after a hard kill', async () => {
    server = await startFakeServer({ faults: [{ kind: 'slow', delayMs: 150 }] });
    const s = server;
    const out = join(dir, 'killed.json');
    const journal = join(dir, 'killed.trials.jsonl');
    const first = await cli(evalArgs(s, out), (pid) => {
      const timer = setInterval(() => {
        if (trialRequests(s).length >= 5) {
          clearInterval(timer);
          process.kill(-pid, 'SIGKILL'); // no handler runs: nothing is flushed
        }
      }, 20);
    });
    expect(first.status).toBeNull();
    // The results file was written once, when the run was created: the run, no trials.
    const written = read(out);
    expect(written.runs).toHaveLength(1);
    expect(written.trials).toHaveLength(0);
    // Every finished trial is a line of the journal, as a full trial record.
    const lines = readFileSync(journal, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(8);
    for (const line of lines)
      expect(JSON.parse(line)).toMatchObject({ runId: written.runs[0]?.id, status: 'ok', benchmark: 'bbq' });
    // A line cut short by the kill is skipped, and said.
    writeFileSync(journal, `${lines.join('\n')}\n{"schema":1,"key":"cut`);
    s.setFault(null);
    const before = trialRequests(s).length;
    const second = await cli(evalArgs(s, out));
    expect(second.status).toBe(0);
    expect(second.stderr).toMatch(/note: .*killed\.trials\.jsonl: skipped line \d+: not valid JSON/);
    expect(second.stderr).toMatch(
      new RegExp(`Continuing run .* and .*killed\\.trials\\.jsonl \\(${lines.length} of 8 trials done\\)`),
    );
    const done = read(out);
    expect(done.trials).toHaveLength(8);
    expect(done.metrics.length).toBeGreaterThan(0);
    expect(existsSync(journal)).toBe(false); // the results file holds every trial now
    // Only the trials missing from the journal were asked again (q: 1 request, reasoning: 2).
    const journaled = lines.map((l) => (JSON.parse(l) as { condition: string }).condition);
    const expected =
      4 - journaled.filter((c) => c === 'q').length + 2 * (4 - journaled.filter((c) => c === 'q_if_cot').length);
    expect(trialRequests(s).length - before).toBe(expected);
  }, 60_000);

  it('refuses to continue a file with different settings', async () => {
    server = await startFakeServer();
    const out = join(dir, 'spec.json');
    expect((await cli(evalArgs(server, out))).status).toBe(0);
    const r = await cli(evalArgs(server, out).map((a) => (a === '5' ? '6' : a)));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/different settings.*\n {2}seed: 5 in the file, 6 now/);
  }, 60_000);

  it('stops with a clear message and a non-zero exit when the server is down', async () => {
    server = await startFakeServer();
    const url = server.url;
    await server.close();
    server = undefined;
    const out = join(dir, 'down.json');
    const r = await cli([
      'eval',
      '--base-url',
      url,
      '--model',
      'm',
      '--benchmark',
      'bbq',
      '--conditions',
      'q',
      '--sample',
      '2',
      '--seed',
      '1',
      '--data',
      DATA,
      '--out',
      out,
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error: Could not reach the model server at http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('explains a server without log-probabilities, and an unknown model', async () => {
    server = await startFakeServer({ faults: [{ kind: 'no_logprobs' }] });
    const r = await cli(evalArgs(server, join(dir, 'nolp.json')));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/without token log-probabilities.*Ollama 0\.12\.11 or newer/);
    server.setFault(null);
    const unknown = await cli(
      evalArgs(server, join(dir, 'unknown.json')).map((a) => (a === 'fake-model' ? 'other' : a)),
    );
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no model named "other".*It serves: fake-model/);
  }, 60_000);

  it.runIf(getBenchmark('admissions') !== undefined)(
    'runs admissions on a --profiles CSV, and names a bad one',
    async () => {
      server = await startFakeServer();
      const csv = join(dir, 'profiles.csv');
      writeFileSync(csv, 'sex,LSAT,UGPA\nfemale,39,3.4\nmale,31,2.9\n');
      const out = join(dir, 'admissions.json');
      const r = await cli([
        'eval',
        '--base-url',
        server.url,
        '--model',
        'fake-model',
        '--benchmark',
        'admissions',
        '--conditions',
        'q',
        '--sample',
        'all',
        '--seed',
        '1',
        '--profiles',
        csv,
        '--out',
        out,
        '--resamples',
        '100',
      ]);
      expect(r.status).toBe(0);
      expect(read(out).trials).toHaveLength(4); // 2 profiles x 2 races
      writeFileSync(csv, 'nothing\n');
      const bad = await cli([
        'eval',
        '--base-url',
        server.url,
        '--model',
        'fake-model',
        '--benchmark',
        'admissions',
        '--conditions',
        'q',
        '--sample',
        'all',
        '--seed',
        '1',
        '--profiles',
        csv,
        '--out',
        join(dir, 'bad.json'),
      ]);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/profiles\.csv:1: missing column "sex"/);
    },
    60_000,
  );

  it('--plan prints the sample plan and exits 0 without a server, running or writing nothing', async () => {
    const out = join(dir, 'plan.json');
    const r = await cli([
      'eval',
      '--plan',
      '--benchmark',
      'bbq',
      '--benchmark',
      'winogender',
      '--benchmark',
      'admissions',
      '--conditions',
      'q,q_if',
      '--sample',
      '179',
      '--seed',
      '1',
      '--data',
      DATA,
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(false);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Sample plan/);
    expect(lines).toContain('  bbq: 179 items × 2 conditions × 1 model = 358 trials');
    // Winogender: 179 items are its 60 occupations (every item); admissions: 90 profile pairs.
    expect(lines).toContain('  winogender: 180 items × 2 conditions × 1 model = 360 trials');
    expect(lines).toContain('    ρ, headline: 60 occupations, ±0.25');
    expect(lines).toContain('    discrimination, headline: 90 profile pairs, ±0.10');
    // The six BBQ files in data/ have 150 templates: no sample of them meets ±0.10.
    expect(r.stdout).toMatch(
      /warning: BBQ ambiguous bias \(nine single-axis categories\): expected 95% interval ±0\.\d\d from \d+ ambiguous items in \d+ templates, wider than ±0\.10; the run may not detect an effect of that size\. No sample of these 11,956 items meets ±0\.10: all of them give ±0\.11\./,
    );
    expect(r.stdout.match(/^warning:/gm)).toHaveLength(1);
  }, 60_000);

  it('names benchmarks that are not available and rejects bad flags', async () => {
    server = await startFakeServer();
    const missing = (['winogender', 'admissions'] as const).find((id) => getBenchmark(id) === undefined);
    if (missing !== undefined) {
      const r = await cli(evalArgs(server, join(dir, 'x.json')).map((a) => (a === 'bbq' ? missing : a)));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`benchmark "${missing}" is not available in this version`));
    }
    const bad = await cli(evalArgs(server, join(dir, 'y.json'), ['--concurrency', '0']));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--concurrency must be an integer ≥ 1/);
    const cond = await cli(
      evalArgs(server, join(dir, 'z.json')).map((a) => (a === 'q,q_if_cot' ? 'q_match_stats' : a)),
    );
    expect(cond.stderr).toMatch(/condition "q_match_stats" applies to none of the chosen benchmarks \(bbq\)/);
  }, 60_000);
});
