/**
 * The template and candidate-token fields of a trial (docs/method.md §2, §4): the import validator
 * keeps them, checks them, and accepts records from before they existed; the trial detail words.
 */
import { describe, expect, it } from 'vitest';
import { checkTrialRecord } from '../../../src/lib/storage/validate';
import { describeCandidateTokens, describeSystem, describeTemplate } from '../../../src/lib/explorer/template';
import type { TrialRecord } from '../../../src/lib/core/records';

const OLD: Record<string, unknown> = {
  schema: 1,
  key: 'r1|m|bbq|q|k1',
  runId: 'r1',
  model: 'm',
  benchmark: 'bbq',
  benchmarkVersion: '1.0.0',
  condition: 'q',
  itemKey: 'k1',
  item: {},
  promptHash: 'h',
  engine: { kind: 'webllm', version: '0.2.86' },
  appVersion: '0.2.0',
  generation: null,
  seed: 1,
  status: 'ok',
  raw: { a: 0.5, b: 0.3 },
  probs: { a: 0.625, b: 0.375 },
  mass: 0.8,
  answer: 'a',
  scoring: { method: 'exact' },
  reasoning: [],
  error: null,
  startedAt: '2026-12-03T10:00:00.000Z',
  durationMs: 5,
};
const HASH = 'a'.repeat(64);

describe('trial template and candidate tokens', () => {
  it('accepts an old record without them, and the detail says so', () => {
    const t = checkTrialRecord(OLD, 'trial');
    expect(t.template).toBeUndefined();
    expect(t.scoring?.candidateTokens).toBeUndefined();
    expect(describeTemplate(t)).toMatch(/not recorded/);
    expect(describeCandidateTokens(t)).toBeNull();
  });

  it("keeps a new record's template and candidate tokens", () => {
    const t = checkTrialRecord(
      {
        ...OLD,
        template: { source: 'hf', hash: HASH, system: 'You are Qwen.' },
        scoring: { method: 'exact', candidateTokens: { a: 1, b: 2 } },
      },
      'trial',
    );
    expect(t.template).toEqual({ source: 'hf', hash: HASH, system: 'You are Qwen.' });
    expect(t.scoring?.candidateTokens).toEqual({ a: 1, b: 2 });
    expect(describeTemplate(t)).toBe(`the model's Hugging Face chat template (SHA-256 ${HASH.slice(0, 12)}…)`);
    expect(describeSystem(t)).toBe('"You are Qwen."');
    expect(describeCandidateTokens(t)).toBe('a 1 · b 2');
    const server: Pick<TrialRecord, 'template'> = { template: { source: 'server', hash: null, system: null } };
    expect(describeTemplate(server)).toMatch(/server/);
    expect(describeSystem(server)).toBe('unknown');
  });

  it('rejects a bad source, a non-hex hash and a zero token count', () => {
    expect(() =>
      checkTrialRecord({ ...OLD, template: { source: 'jinja', hash: null, system: null } }, 'trial'),
    ).toThrow(/template\.source/);
    expect(() => checkTrialRecord({ ...OLD, template: { source: 'hf', hash: 'xyz', system: null } }, 'trial')).toThrow(
      /template\.hash/,
    );
    expect(() =>
      checkTrialRecord({ ...OLD, scoring: { method: 'exact', candidateTokens: { a: 0 } } }, 'trial'),
    ).toThrow(/candidateTokens/);
  });
});
