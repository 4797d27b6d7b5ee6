/**
 * Device self-tests on run records (record schema 3, results file version 4): stored with the
 * run, exported and imported unchanged, checked field by field on import; runs without them (all
 * earlier records) still import. Also what the stored record holds (runner/device-check.ts).
 */
import { describe, expect, it } from 'vitest';
import { buildExportText, parseImport } from '../../../src/lib/storage/export';
import { checkDeviceCheck } from '../../../src/lib/storage/validate-device';
import { checkRunRecord } from '../../../src/lib/storage/validate';
import { APP_VERSION } from '../../../src/lib/core/version';
import { describeDevice, sameDevice } from '../../../src/lib/runner/device-check';
import { buildRunFixture } from '../../doubles/records';
import { OTHER_DEVICE, sampleDeviceCheck, TEST_DEVICE } from '../../doubles/device-checks';
import { openFreshStore } from '../../doubles/fresh-store';

const passed = sampleDeviceCheck();
const failed = sampleDeviceCheck({ failing: ['repeat', 'rates'], now: new Date('2025-05-02T00:00:00.000Z') });
const run = buildRunFixture({ deviceChecks: [passed, failed] });

describe('a stored device check', () => {
  it('holds every check in order, the device, engine, app and template; a failed rates check leaves no speed', () => {
    expect(passed).toMatchObject({
      id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC|2025-05-01T09:00:00.000Z',
      passed: true,
      device: TEST_DEVICE,
      engine: { kind: 'webllm', version: '@mlc-ai/web-llm 0.2.86' },
      appVersion: APP_VERSION,
      template: { source: 'hf' },
    });
    expect(passed.checks.map((c) => c.kind)).toEqual(['known_answers', 'logprobs', 'repeat', 'forced', 'rates']);
    expect(failed.passed).toBe(false);
    expect(failed.speed).toBeNull();
  });

  it('gives each timed prompt its time per trial at the default settings (256 reasoning tokens, 1 sample)', () => {
    const rows = passed.checks[4]?.rows ?? [];
    expect(rows[0]?.numbers.trialSeconds).toBe(80 / 800);
    // 160/800 to read, 256/40 to write, (160 + 256)/800 to answer
    expect(rows[1]?.numbers.trialSeconds).toBeCloseTo(0.2 + 6.4 + 0.52, 12);
    expect(rows[1]?.text).toBe(
      '160 prompt tokens scored in 0.200 s; about 7.12 s per trial with 256 reasoning tokens, 1 sample',
    );
  });

  it('belongs to a device by its GPU, not its browser version', () => {
    expect(sameDevice(TEST_DEVICE, { ...TEST_DEVICE, userAgent: 'Chrome/141' })).toBe(true);
    expect(sameDevice(TEST_DEVICE, OTHER_DEVICE)).toBe(false);
    expect(describeDevice(TEST_DEVICE)).toBe('google swiftshader SwiftShader Device (Subzero)');
    expect(describeDevice({ ...TEST_DEVICE, vendor: '', architecture: '', description: '' })).toBe('an unnamed GPU');
  });
});

describe('device checks on a run record', () => {
  it('are exported and imported unchanged, and stored with the run', async () => {
    const parsed = parseImport(buildExportText([run], []));
    expect(parsed.kind === 'ok' && parsed.runs).toEqual([run]);
    const store = await openFreshStore();
    await store.putRun(run);
    expect(await store.getRun(run.id)).toEqual(run);
  });

  it('are absent on older runs, which still read', () => {
    const { deviceChecks: _none, ...old } = run;
    expect(checkRunRecord({ ...old, schema: 2 }, 'run')).toEqual({ ...old, schema: 2 });
  });

  it.each<[string, (c: Record<string, unknown>) => void, string]>([
    ['"passed" that does not follow its checks', (c) => (c.passed = false), 'c.passed'],
    ['an unknown check', (c) => ((c.checks as { kind: string }[])[0]!.kind = 'vibes'), 'c.checks[0].kind'],
    [
      'a rate of zero',
      (c) => ((c.speed as { decodeTokensPerS: number }).decodeTokensPerS = 0),
      'c.speed.decodeTokensPerS',
    ],
    [
      'a number that is text',
      (c) => ((c.checks as { numbers: Record<string, unknown> }[])[1]!.numbers.agree = '33'),
      'c.checks[1].numbers.agree',
    ],
    [
      'a device without its user agent',
      (c) => delete (c.device as Record<string, unknown>).userAgent,
      'c.device.userAgent',
    ],
  ])('are refused with %s, naming the field', (_name, spoil, path) => {
    const copy = structuredClone(passed) as unknown as Record<string, unknown>;
    spoil(copy);
    expect(() => checkDeviceCheck(copy, 'c')).toThrow(path);
  });

  it('keep null for a number that could not be measured', () => {
    const copy = structuredClone(failed);
    expect(checkDeviceCheck(JSON.parse(JSON.stringify(copy)), 'c')).toEqual(failed);
    expect(failed.checks[4]?.numbers.prefillTokensPerS).toBeNull();
  });
});
