/**
 * Validation of a stored or imported device self-test (core/records.ts DeviceCheck), on a run
 * record of a results file or in this browser's own list (state/device-checks.svelte.ts). As in
 * validate.ts: rebuilt from known fields only, every field proved, InvalidRecord with its path on
 * the first problem.
 */
import { BENCHMARK_IDS, CONDITION_IDS } from '../core/ids';
import {
  DEVICE_CHECK_KINDS,
  type CheckNumbers,
  type DeviceCheck,
  type DeviceCheckResult,
  type DeviceCheckRow,
  type DeviceInfo,
  type DeviceSpeed,
} from '../core/records';
import { arr, bool, date, dict, fail, int, nullable, num, obj, oneOf, str } from './check';
import { commit, engineInfo, templateInfo } from './validate-parts';

function positive(value: unknown, path: string): number {
  const n = num(value, path);
  if (!(n > 0)) fail(path, 'a positive number', value);
  return n;
}

function numbers(value: unknown, path: string): CheckNumbers {
  return dict(value, (v, p) => nullable(v, num, p), path);
}

function row(value: unknown, path: string): DeviceCheckRow {
  const o = obj(value, path);
  return {
    label: str(o.label, `${path}.label`),
    passed: nullable(o.passed, bool, `${path}.passed`),
    text: str(o.text, `${path}.text`),
    numbers: numbers(o.numbers, `${path}.numbers`),
  };
}

function result(value: unknown, path: string): DeviceCheckResult {
  const o = obj(value, path);
  return {
    kind: oneOf(o.kind, DEVICE_CHECK_KINDS, `${path}.kind`),
    passed: bool(o.passed, `${path}.passed`),
    summary: str(o.summary, `${path}.summary`),
    numbers: numbers(o.numbers, `${path}.numbers`),
    rows: arr(o.rows, `${path}.rows`).map((r, i) => row(r, `${path}.rows[${i}]`)),
  };
}

function speed(value: unknown, path: string): DeviceSpeed {
  const o = obj(value, path);
  return {
    prefillTokensPerS: positive(o.prefillTokensPerS, `${path}.prefillTokensPerS`),
    decodeTokensPerS: positive(o.decodeTokensPerS, `${path}.decodeTokensPerS`),
    prompts: arr(o.prompts, `${path}.prompts`).map((v, i) => {
      const p = obj(v, `${path}.prompts[${i}]`);
      const at = `${path}.prompts[${i}]`;
      return {
        benchmark: oneOf(p.benchmark, BENCHMARK_IDS, `${at}.benchmark`),
        condition: oneOf(p.condition, CONDITION_IDS, `${at}.condition`),
        tokens: int(p.tokens, `${at}.tokens`, 1),
        seconds: positive(p.seconds, `${at}.seconds`),
      };
    }),
  };
}

function device(value: unknown, path: string): DeviceInfo {
  const o = obj(value, path);
  return {
    vendor: str(o.vendor, `${path}.vendor`),
    architecture: str(o.architecture, `${path}.architecture`),
    device: str(o.device, `${path}.device`),
    description: str(o.description, `${path}.description`),
    hasF16: bool(o.hasF16, `${path}.hasF16`),
    userAgent: str(o.userAgent, `${path}.userAgent`),
  };
}

export function checkDeviceCheck(value: unknown, path: string): DeviceCheck {
  const o = obj(value, path);
  const checks = arr(o.checks, `${path}.checks`).map((c, i) => result(c, `${path}.checks[${i}]`));
  const passed = bool(o.passed, `${path}.passed`);
  if (passed !== (checks.length === DEVICE_CHECK_KINDS.length && checks.every((c) => c.passed)))
    fail(`${path}.passed`, `true exactly when all ${DEVICE_CHECK_KINDS.length} checks passed`, passed);
  return {
    id: str(o.id, `${path}.id`),
    model: str(o.model, `${path}.model`),
    checkedAt: date(o.checkedAt, `${path}.checkedAt`),
    passed,
    device: device(o.device, `${path}.device`),
    engine: engineInfo(o.engine, `${path}.engine`),
    appVersion: str(o.appVersion, `${path}.appVersion`),
    appCommit: nullable(o.appCommit, commit, `${path}.appCommit`),
    template: templateInfo(o.template, `${path}.template`),
    checks,
    speed: nullable(o.speed, speed, `${path}.speed`),
  };
}
