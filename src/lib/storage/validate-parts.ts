/**
 * Checkers of record parts that more than one record holds (trials, runs, device checks): the
 * template that rendered a prompt, a source commit, the engine. Same rules as validate.ts.
 */
import type { EngineInfo, PromptTemplateInfo } from '../core/records';
import { fail, nullable, obj, oneOf, str } from './check';

const TEMPLATE_SOURCES = ['hf', 'mlc', 'raw', 'server'] as const;

export function templateInfo(value: unknown, path: string): PromptTemplateInfo {
  const o = obj(value, path);
  const hash = nullable(o.hash, str, `${path}.hash`);
  if (hash !== null && !/^[0-9a-f]{40,64}$/.test(hash)) fail(`${path}.hash`, 'a hex SHA-1 or SHA-256', hash);
  return {
    source: oneOf(o.source, TEMPLATE_SOURCES, `${path}.source`),
    hash,
    system: nullable(o.system, str, `${path}.system`),
  };
}

/** A source commit: 7 to 64 hex digits, optionally `-dirty` (types.ts AppCommit). */
export function commit(value: unknown, path: string): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{7,64}(-dirty)?$/.test(value))
    fail(path, 'a git commit id (hex, optionally "-dirty") or null', value);
  return value;
}

export function engineInfo(value: unknown, path: string): EngineInfo {
  const o = obj(value, path);
  return {
    kind: oneOf(o.kind, ['webllm', 'openai'] as const, `${path}.kind`),
    version: str(o.version, `${path}.version`),
  };
}
