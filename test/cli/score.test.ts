import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dataPath } from '../data-dir';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATA = dataPath('bbq/data');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Row {
  benchmark: string;
  category: string | null;
  metric: string;
  value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  n: number;
  includes?: string[];
  interval_unit: string | null;
}

describe('cli score bbq', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bbq-cli-'));
  // The first 8 Religion rows: 4 ambiguous and 4 disambiguated items.
  const rows = readFileSync(join(DATA, 'Religion.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .slice(0, 8)
    .map((l) => JSON.parse(l) as { example_id: number; label: number });

  it('scores predictions (answer or probs) and prints the metrics JSON', () => {
    const preds = rows.map((r, i) =>
      i % 2
        ? { category: 'Religion', example_id: r.example_id, answer: r.label }
        : {
            category: 'Religion',
            example_id: r.example_id,
            probs: [0, 0, 0].map((_, k) => (k === r.label ? 0.8 : 0.1)),
          },
    );
    const file = join(dir, 'good.jsonl');
    writeFileSync(file, `${preds.map((p) => JSON.stringify(p)).join('\n')}\n`);
    const r = cli('score', 'bbq', '--data', DATA, '--predictions', file, '--resamples', '1000');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { metrics: Row[] };
    expect(Object.keys(out)).toEqual(['metrics']);
    expect(out.metrics.map((m) => `${m.category}/${m.metric}`)).toEqual([
      'Religion/ambiguous_bias',
      'Religion/disambiguated_bias',
      'Religion/ambiguous_accuracy',
      'Religion/disambiguated_accuracy',
      'null/ambiguous_bias',
      'null/disambiguated_bias',
      'null/ambiguous_accuracy',
      'null/disambiguated_accuracy',
      'Religion/no_target_items',
      'null/no_target_items',
    ]);
    // The overall (category null) names the categories it pools (docs/method.md §3.1).
    for (const m of out.metrics)
      expect(Object.keys(m)).toEqual([
        'benchmark',
        'category',
        'metric',
        'value',
        'ci_low',
        'ci_high',
        'n',
        'interval_unit',
        ...(m.category === null ? ['includes'] : []),
      ]);
    expect(out.metrics.find((m) => m.category === null)?.includes).toEqual(['Religion']);
    expect(out.metrics.find((m) => m.category === 'Religion' && m.metric === 'no_target_items')).toMatchObject({
      value: 0,
      n: 8,
      interval_unit: null,
    });
    // Always correct: accuracies 1, ambiguous bias undefined (all UNKNOWN), 4 + 4 items.
    const acc = out.metrics.find((m) => m.category === null && m.metric === 'ambiguous_accuracy');
    expect(acc).toMatchObject({ benchmark: 'bbq', value: 1, ci_low: 1, ci_high: 1, n: 4, interval_unit: 'template' });
    expect(out.metrics.find((m) => m.category === null && m.metric === 'ambiguous_bias')?.value).toBeNull();
  }, 60_000);

  it('reports unknown and malformed lines with line numbers, skips them, and exits non-zero', () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ category: 'Religion', example_id: 0, answer: 1 }),
        JSON.stringify({ category: 'Religion', example_id: 999999, answer: 0 }),
        '{oops',
        JSON.stringify({ category: 'Race_x_SES', example_id: 1, answer: 0 }),
        JSON.stringify({ category: 'Religion', example_id: 1, answer: 7 }),
        JSON.stringify({ category: 'Religion', example_id: 2, probs: [0, 0, 0] }),
      ].join('\n'),
    );
    const r = cli('score', 'bbq', '--data', DATA, '--predictions', file, '--seed', '3');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.jsonl:2: skipped: no item Religion:999999/);
    expect(r.stderr).toMatch(/bad\.jsonl:3: skipped: invalid JSON/);
    expect(r.stderr).toMatch(/bad\.jsonl:4: skipped: no item Race_x_SES:1/);
    expect(r.stderr).toMatch(/bad\.jsonl:5: skipped: "answer" must be 0, 1 or 2/);
    // No probability on any option is no answer, never option 0 (docs/method.md §4).
    expect(r.stderr).toMatch(/bad\.jsonl:6: skipped: "probs" are all 0: no answer/);
    expect(
      (JSON.parse(r.stdout) as { metrics: Row[] }).metrics.find(
        (m) => m.category === null && m.metric === 'ambiguous_accuracy',
      )?.n,
    ).toBe(1);
  }, 60_000);

  it('refuses a data file whose blob SHA-1 does not match, naming it', () => {
    const data = mkdtempSync(join(tmpdir(), 'bbq-data-'));
    copyFileSync(join(DATA, 'Religion.jsonl'), join(data, 'Religion.jsonl'));
    writeFileSync(join(data, 'Age.jsonl'), `${readFileSync(join(DATA, 'Age.jsonl'), 'utf8')}\n`);
    const r = cli('score', 'bbq', '--data', data, '--predictions', join(dir, 'good.jsonl'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /Age\.jsonl: blob SHA-1 [0-9a-f]{40} does not match the pinned 5c5e7586163b869fe029e77e63716f2026e4ae08/,
    );
    expect(r.stdout).toBe('');
  }, 60_000);

  it("reads the intersectional templates from the folder's templates/ and verifies them too", () => {
    const data = mkdtempSync(join(tmpdir(), 'bbq-data-'));
    copyFileSync(join(DATA, 'Religion.jsonl'), join(data, 'Religion.jsonl'));
    mkdirSync(join(data, 'templates'));
    writeFileSync(join(data, 'templates', 'new_templates - Race_x_SES.csv'), 'Q_id,Known_stereotyped_var2\n1,lowSES\n');
    const r = cli('score', 'bbq', '--data', data, '--predictions', join(dir, 'good.jsonl'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /new_templates - Race_x_SES\.csv: blob SHA-1 [0-9a-f]{40} does not match the pinned cd3f1224d8d071f4aa0061672dee8ab847394db3/,
    );
  }, 60_000);

  it('prints usage on bad invocations', () => {
    expect(cli('frobnicate').stderr).toMatch(/unknown command "frobnicate"/);
    const help = cli('eval', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: eval --base-url/);
    const r = cli('score', 'bbq', '--data', DATA);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--data and --predictions are required/);
    expect(cli('score', 'bbq', '--data', DATA, '--predictions', 'x', '--resamples', 'ten').stderr).toMatch(
      /--resamples must be an integer/,
    );
  }, 60_000);
});
