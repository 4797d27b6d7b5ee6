import { describe, expect, it } from 'vitest';
import { datasetProvenance, datasetsOf } from '../../../src/lib/benchmarks/provenance';
import { BENCHMARKS, getBenchmark } from '../../../src/lib/benchmarks/registry';
import { ProvenanceTally, runProvenance } from '../../../src/lib/runner/provenance';
import { buildRunFixture, buildTrialFixture, TOY_SPEC } from '../../doubles/records';

const SHA = 'fedcba9876543210fedcba9876543210fedcba98';

describe('datasets named in exports', () => {
  it('name each upstream repository at its pinned commit, with its licence, from the benchmark source', () => {
    const [bbq, winogender, admissions] = datasetsOf(['admissions', 'winogender', 'bbq', 'bbq'], getBenchmark);
    expect(bbq).toEqual({
      benchmark: 'bbq',
      repository: 'nyu-mll/BBQ',
      commit: 'bea11bd97d79217245b5871acd247b9d6eb24598',
      license: 'CC BY 4.0',
      sourceUrl: 'https://github.com/nyu-mll/BBQ/tree/bea11bd97d79217245b5871acd247b9d6eb24598',
      origin: expect.stringContaining('BBQ'),
    });
    expect(winogender).toMatchObject({
      benchmark: 'winogender',
      repository: 'rudinger/winogender-schemas',
      commit: '1c7f8b481ad8a234b41e9f76a424d6e856e13f7f',
      license: 'MIT',
    });
    expect(admissions).toMatchObject({
      benchmark: 'admissions',
      repository: null,
      commit: null,
      license: null,
      sourceUrl: null,
    });
    expect(admissions?.origin).toMatch(/no upstream dataset/);
  });

  it('agree with what the loaders download (same repository and commit as the pinned files)', () => {
    for (const b of BENCHMARKS) {
      const d = datasetProvenance(b);
      if (b.source.files.length === 0) expect(d.commit).toBeNull();
      else
        expect([d.repository, d.commit, d.sourceUrl]).toEqual([
          b.source.repo,
          b.source.commit,
          `https://github.com/${b.source.repo}/tree/${b.source.commit}`,
        ]);
    }
  });

  it('refuses an unregistered benchmark', () => {
    expect(() => datasetsOf(['bbq'], () => undefined)).toThrow(/"bbq" is not registered/);
  });
});

describe('runProvenance', () => {
  const run = buildRunFixture({ appVersion: '0.2.0', appCommit: SHA });

  it("names the run's app and engine while no trial is stored", () => {
    const [row] = runProvenance(run, [], getBenchmark);
    expect(row).toMatchObject({
      benchmark: 'winogender',
      apps: [{ version: '0.2.0', commit: SHA }],
      engines: [],
      dataset: { license: 'MIT' },
    });
  });

  it('lists each app version × commit and engine of the stored trials once, old trials without a commit as unknown', () => {
    const trials = [
      buildTrialFixture({ itemKey: 'i1' }),
      buildTrialFixture({
        itemKey: 'i2',
        appVersion: '0.2.0',
        appCommit: SHA,
        engine: { kind: 'openai', version: 'vLLM 0.6' },
      }),
      buildTrialFixture({ itemKey: 'i1', model: 'model-b', appVersion: '0.2.0', appCommit: SHA }),
      buildTrialFixture({
        itemKey: 'i3',
        runId: 'other-run',
        appVersion: '9.9.9',
        engine: { kind: 'webllm', version: 'elsewhere' },
      }),
    ];
    const [row] = runProvenance({ ...run, spec: TOY_SPEC }, trials, getBenchmark);
    expect(row?.apps).toEqual([
      { version: 'test', commit: null },
      { version: '0.2.0', commit: SHA },
    ]);
    expect(row?.engines).toEqual(['scripted 1', 'vLLM 0.6']);
  });

  it('gives the same rows in one pass beside other work (ProvenanceTally) as runProvenance, whatever the order', () => {
    const base = buildTrialFixture();
    const other = { ...base, runId: 'other-run', appVersion: '9.9.9' };
    const newer = { ...base, itemKey: 'i2', appVersion: '0.2.0', appCommit: SHA };
    const orders = [
      [base, other, base, newer, other, newer],
      [other, newer, newer, base, base, other],
    ];
    const rows = orders.map((trials) => {
      const tally = new ProvenanceTally(run.id);
      for (const t of trials) tally.add(t);
      expect(tally.rows(run, getBenchmark)).toEqual(runProvenance(run, trials, getBenchmark));
      return new Set(tally.rows(run, getBenchmark)[0]?.apps.map((a) => `${a.version}@${a.commit}`));
    });
    expect(rows).toEqual([new Set(['test@null', `0.2.0@${SHA}`]), new Set(['test@null', `0.2.0@${SHA}`])]);
  });
});
