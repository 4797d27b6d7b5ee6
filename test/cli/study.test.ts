/**
 * `cli study` and `cli trials` in process: merging files (one written back, importable), what
 * cannot be merged reported, exit 1 only when nothing can be; the flat trials table in JSONL and CSV.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/commands';
import { parseImport } from '../../src/lib/storage/export';
import { studyFiles } from '../doubles/study-files';

const dir = mkdtempSync(join(tmpdir(), 'cli-study-'));
let paths: string[] = [];

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

beforeAll(async () => {
  paths = (await studyFiles()).map((f) => {
    const path = join(dir, f.name);
    writeFileSync(path, f.text);
    return path;
  });
  writeFileSync(join(dir, 'not-results.json'), '{"hello": 1}');
}, 60_000);

describe('cli study', () => {
  it('merges what it can, says what it cannot, and writes one importable file with --out', async () => {
    const merged = join(dir, 'merged.json');
    const r = await run([
      'study',
      paths[0] ?? '',
      join(dir, 'missing.json'),
      join(dir, 'not-results.json'),
      paths[0] ?? '',
      paths[1] ?? '',
      '--out',
      merged,
      '--resamples',
      '50',
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/missing\.json: skipped: cannot read it/);
    expect(r.err).toMatch(/not-results\.json: skipped: Not a results file/);
    expect(r.err).toMatch(/run-two\.json: run run-two is already in the study \(from .*run-two\.json\): skipped/);
    const study = JSON.parse(r.out) as { metrics: { run: string; params: number | null }[]; runs: { id: string }[] };
    expect(study.runs.map((x) => x.id)).toEqual(['run-two', 'run-third']);
    expect(new Set(study.metrics.map((m) => m.run))).toEqual(new Set(['run-two', 'run-third']));
    const file = parseImport(readFileSync(merged, 'utf8'));
    expect(file.kind === 'ok' && file.runs.map((x) => x.id).sort()).toEqual(['run-third', 'run-two']);
    expect(file.kind === 'ok' && file.trials).toHaveLength(72);
  });

  it('exits 1 when nothing can be merged, 2 without files', async () => {
    const none = await run(['study', join(dir, 'not-results.json')]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/error: nothing could be merged/);
    expect(none.out).toBe('');
    expect((await run(['study'])).code).toBe(2);
  });
});

describe('cli trials', () => {
  it('writes one row per trial with item fields and probabilities as columns', async () => {
    const jsonl = await run(['trials', paths[1] ?? '']);
    expect(jsonl.code).toBe(0);
    const rows = jsonl.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(24);
    expect(rows[0]).toMatchObject({
      run: 'run-third',
      model: 'Qwen/Qwen2.5-32B-Instruct',
      params: 32.5e9,
      family: 'qwen2.5',
    });
    expect(Object.keys(rows[0] ?? {}).filter((k) => k.startsWith('p.'))).toEqual(['p.yes', 'p.no']);
    expect(Object.keys(rows[0] ?? {}).some((k) => k.startsWith('item.'))).toBe(true);

    const csv = join(dir, 'trials.csv');
    const r = await run(['trials', paths[0] ?? '', paths[1] ?? '', '--out', csv]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/Wrote .*trials\.csv: 72 trials/);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(73);
    expect(lines[0]).toMatch(/^run,run_name,key,model,params,family,quantization,benchmark,/);
    expect((await run(['trials', paths[0] ?? '', '--format', 'xml'])).code).toBe(2);
  });
});
