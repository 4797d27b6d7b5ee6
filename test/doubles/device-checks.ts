/**
 * Device self-tests for storage, state and page tests: a worker report as engine/webllm/self-test.ts
 * shapes it (five checks, rows, numbers, the measured speed) and the stored DeviceCheck the app
 * builds from it (runner/device-check.ts). Deterministic: fixed clock and device.
 */
import type { DeviceCheck, DeviceCheckResult, DeviceInfo } from '../../src/lib/core/records';
import type { SelfTestReport } from '../../src/lib/engine/types';
import { buildDeviceCheck } from '../../src/lib/runner/device-check';

export const TEST_DEVICE: DeviceInfo = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: '',
  description: 'SwiftShader Device (Subzero)',
  hasF16: false,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0.0.0',
};

export const OTHER_DEVICE: DeviceInfo = { ...TEST_DEVICE, vendor: 'nvidia', architecture: 'ampere', description: '' };

/** Five checks; `failing` names the ones that fail (a failed `rates` leaves no speed). */
export function sampleReport(failing: readonly DeviceCheckResult['kind'][] = []): SelfTestReport {
  const passed = (kind: DeviceCheckResult['kind']) => !failing.includes(kind);
  const ratesOk = passed('rates');
  return {
    template: { source: 'hf', hash: 'ab'.repeat(32), system: null },
    checks: [
      {
        kind: 'known_answers',
        passed: passed('known_answers'),
        summary:
          '4 of 4 known-answer prompts put more than half their probability on the right answer (lowest 0.9120).',
        numbers: { passed: 4, prompts: 4, lowest: 0.912 },
        rows: [
          {
            label: 'Letters: two plus two',
            passed: true,
            text: '0.9120 on "c"',
            numbers: { probability: 0.912, mass: 0.99 },
          },
        ],
      },
      {
        kind: 'logprobs',
        passed: passed('logprobs'),
        summary:
          "33 candidate tokens agree with web-llm's own log-probabilities within 0.001 (largest difference 2.0e-7), 0 disagree.",
        numbers: { agree: 33, largestDifference: 2e-7, disagree: 0, notComparable: 0, failedPrompts: 0, prompts: 10 },
        rows: [{ label: 'BBQ · Question', passed: null, text: 'not comparable: …', numbers: { 'a difference': null } }],
      },
      {
        kind: 'repeat',
        passed: passed('repeat'),
        summary: '10 of 10 prompts scored twice gave identical probabilities (largest difference 0.0e+0).',
        numbers: { identical: 10, prompts: 10, largestDifference: 0 },
        rows: [],
      },
      {
        kind: 'forced',
        passed: passed('forced'),
        summary: 'Forced generation wrote the given continuation, all 18 tokens as forced.',
        numbers: { tokens: 18, missed: 0 },
        rows: [],
      },
      {
        kind: 'rates',
        passed: ratesOk,
        summary: 'Prefill (exact scoring) 800.0 tokens/s, decoding (forced generation) 40.0 tokens/s, over 2 prompts.',
        numbers: { prefillTokensPerS: ratesOk ? 800 : null, decodeTokensPerS: ratesOk ? 40 : null },
        rows: [
          {
            label: 'BBQ · Question',
            passed: true,
            text: '80 prompt tokens scored in 0.100 s',
            numbers: { tokens: 80, seconds: 0.1 },
          },
          {
            label: 'BBQ · + instruction + reasoning first',
            passed: true,
            text: '160 prompt tokens scored in 0.200 s',
            numbers: { tokens: 160, seconds: 0.2 },
          },
        ],
      },
    ],
    speed: ratesOk
      ? {
          prefillTokensPerS: 800,
          decodeTokensPerS: 40,
          prompts: [
            { benchmark: 'bbq', condition: 'q', tokens: 80, seconds: 0.1 },
            { benchmark: 'bbq', condition: 'q_if_cot', tokens: 160, seconds: 0.2 },
          ],
        }
      : null,
  };
}

export interface SampleCheckOptions {
  readonly model?: string;
  readonly failing?: readonly DeviceCheckResult['kind'][];
  readonly device?: DeviceInfo;
  readonly now?: Date;
}

export function sampleDeviceCheck(o: SampleCheckOptions = {}): DeviceCheck {
  return buildDeviceCheck({
    model: o.model ?? 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
    report: sampleReport(o.failing),
    device: o.device ?? TEST_DEVICE,
    engine: { kind: 'webllm', version: '@mlc-ai/web-llm 0.2.86' },
    now: o.now ?? new Date('2025-05-01T09:00:00.000Z'),
  });
}
