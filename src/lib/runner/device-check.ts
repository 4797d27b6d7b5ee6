/**
 * A browser model's self-test as it is stored (core/records.ts DeviceCheck): the worker's report
 * (engine/webllm/self-test.ts) with the model, the device, the engine and the app, and, on check
 * `rates`, each benchmark prompt's time per trial at the default reasoning settings, by the same
 * formula the run estimate uses (estimate.ts). Also which stored checks belong to a device. Pure.
 */
import { CONDITIONS } from '../core/conditions';
import {
  DEVICE_CHECK_KINDS,
  type DeviceCheck,
  type DeviceCheckResult,
  type DeviceInfo,
  type DeviceSpeed,
  type EngineInfo,
} from '../core/records';
import { APP_COMMIT, APP_VERSION } from '../core/version';
import { DEFAULT_GENERATION, type SelfTestReport } from '../engine/types';
import { measuredSpeed, trialSeconds } from './estimate';

/** The same GPU as WebGPU names it (the browser's version may differ: it is recorded, not matched). */
export function sameDevice(a: DeviceInfo, b: DeviceInfo): boolean {
  return (
    a.vendor === b.vendor &&
    a.architecture === b.architecture &&
    a.device === b.device &&
    a.description === b.description &&
    a.hasF16 === b.hasF16
  );
}

/** The GPU in a few words ("apple metal-3", "nvidia ampere NVIDIA GeForce RTX 3060"). */
export function describeDevice(d: DeviceInfo): string {
  const name = [d.vendor, d.architecture, d.device, d.description].filter((s) => s !== '').join(' ');
  return name === '' ? 'an unnamed GPU' : name;
}

function seconds(s: number): string {
  return s < 10 ? `${s.toFixed(2)} s` : `${Math.round(s)} s`;
}

/** Check `rates` with each timed prompt's time per trial (rows and speed.prompts are in the same order). */
function withTrialTimes(check: DeviceCheckResult, speed: DeviceSpeed | null): DeviceCheckResult {
  if (check.kind !== 'rates' || speed === null || check.rows.length !== speed.prompts.length) return check;
  const rows = check.rows.map((row, i) => {
    const p = speed.prompts[i];
    if (p === undefined) return row;
    const trial = trialSeconds(measuredSpeed(speed, p.benchmark), p.condition, DEFAULT_GENERATION);
    const reasoning = CONDITIONS[p.condition].reasons
      ? ` with ${DEFAULT_GENERATION.maxTokens} reasoning tokens, ${DEFAULT_GENERATION.samples} sample`
      : '';
    return {
      ...row,
      text: `${row.text}; about ${seconds(trial)} per trial${reasoning}`,
      numbers: { ...row.numbers, trialSeconds: trial },
    };
  });
  return { ...check, rows };
}

export interface DeviceCheckInput {
  readonly model: string;
  readonly report: SelfTestReport;
  readonly device: DeviceInfo;
  readonly engine: EngineInfo;
  readonly now?: Date;
}

export function buildDeviceCheck(input: DeviceCheckInput): DeviceCheck {
  const { report } = input;
  const checkedAt = (input.now ?? new Date()).toISOString();
  const checks = DEVICE_CHECK_KINDS.map((kind) => {
    const found = report.checks.find((c) => c.kind === kind);
    if (found === undefined) throw new Error(`The self-test report has no check "${kind}"`);
    return withTrialTimes(found, report.speed);
  });
  return {
    id: `${input.model}|${checkedAt}`,
    model: input.model,
    checkedAt,
    passed: checks.every((c) => c.passed),
    device: input.device,
    engine: input.engine,
    appVersion: APP_VERSION,
    appCommit: APP_COMMIT,
    template: report.template,
    checks,
    speed: report.speed,
  };
}
