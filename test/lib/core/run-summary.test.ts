/**
 * A run's summary built in memory (core/run-summary.ts): trials in key order whatever order they
 * come in, failed ones counted but not ok, each distinct stamp once in order of first appearance
 * (by key), and a trial of another run refused.
 */
import { describe, expect, it } from 'vitest';
import { decodeTrials, emptyTables } from '../../../src/lib/core/columns-decode';
import { buildRunSummary, overviewOf, RunSummaryBuilder, SUMMARY_FORMAT } from '../../../src/lib/core/run-summary';
import { buildTrialFixture } from '../../doubles/records';

const server = { kind: 'openai' as const, version: 'vLLM 0.9' };

describe('run summaries', () => {
  const trials = [
    buildTrialFixture({ itemKey: 'i3', engine: server }),
    buildTrialFixture({ itemKey: 'i1' }),
    buildTrialFixture({ itemKey: 'i2', status: 'failed', answer: null, probs: null, raw: null, mass: null }),
    buildTrialFixture({
      itemKey: 'i4',
      appVersion: '0.3.0',
      appCommit: null,
      template: { source: 'hf', hash: 'abc', system: null },
    }),
  ];

  it('holds every trial in key order with counts and stamps', () => {
    const summary = buildRunSummary('run-1', trials, 'rev-7');
    expect([summary.format, summary.runId, summary.revision, summary.trials, summary.ok]).toEqual([
      SUMMARY_FORMAT,
      'run-1',
      'rev-7',
      4,
      3,
    ]);
    expect(decodeTrials(summary.columns, emptyTables()).map((t) => t.key.split('|').at(-1))).toEqual([
      'i1',
      'i2',
      'i3',
      'i4',
    ]);
    const scripted = { kind: 'webllm', version: 'scripted 1' };
    const stamp = { benchmark: 'winogender', model: 'model-a', appVersion: 'test', templateSource: null };
    expect(summary.stamps).toEqual([
      { ...stamp, engine: scripted },
      { ...stamp, engine: server },
      { ...stamp, appVersion: '0.3.0', appCommit: null, engine: scripted, templateSource: 'hf' },
    ]);
    expect(overviewOf(trials)).toEqual({
      trials: 4,
      ok: 3,
      stamps: [summary.stamps[1], summary.stamps[0], summary.stamps[2]],
    });
  });

  it('keeps each item once however many trials ask it, unless its summary differs', () => {
    // Each trial its own item object, as read from storage.
    const read = (o: Parameters<typeof buildTrialFixture>[0]) => {
      const t = buildTrialFixture(o);
      return { ...t, item: { ...t.item } };
    };
    const asked = [
      read({ itemKey: 'i1', condition: 'q' }),
      read({ itemKey: 'i1', condition: 'q_if' }),
      read({ itemKey: 'i1', model: 'model-b' }),
      read({ itemKey: 'i2', condition: 'q' }),
      read({ itemKey: 'i2', condition: 'q_if', item: { group: 'b', n: 3, flag: true, none: null } }),
    ];
    const summary = buildRunSummary('run-1', asked, 'r');
    expect(summary.columns.itemShapes).toHaveLength(3);
    const decoded = decodeTrials(summary.columns, emptyTables());
    const byKey = new Map(decoded.map((t) => [t.key, t.item]));
    expect(decoded.map((t) => t.item)).toEqual([...asked].sort((a, b) => (a.key < b.key ? -1 : 1)).map((t) => t.item));
    expect(byKey.get(asked[0]!.key)).toBe(byKey.get(asked[2]!.key)); // one object when decoded
  });

  it('refuses a trial of another run', () => {
    expect(() => new RunSummaryBuilder('run-2').add(trials[0]!)).toThrow(/not of run run-2/);
  });
});
