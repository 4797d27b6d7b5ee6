/**
 * Seeded building blocks for the malformed-file generators (createRandom: the same seed gives
 * the same files on every machine). No test here; the *.test.ts files hold the guarantees.
 */
import { createRandom, type Random } from '../../src/lib/core/random';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Path = readonly (string | number)[];

export class Fuzz {
  readonly random: Random;
  constructor(seed: number) {
    this.random = createRandom(seed);
  }

  /** Integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low + 1));
  }

  pick<T>(list: readonly T[]): T {
    const v = list[this.int(0, list.length - 1)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(0, 255);
    return out;
  }

  /** Random bytes decoded as UTF-8 with replacement, as File.text() does with a binary file. */
  binaryText(maxLength: number): string {
    return new TextDecoder('utf-8').decode(this.bytes(this.int(0, maxLength)));
  }

  /** A proper prefix of the text's UTF-8 bytes, decoded (a cut multi-byte character included). */
  truncateBytes(text: string): string {
    const bytes = new TextEncoder().encode(text);
    return new TextDecoder('utf-8').decode(bytes.slice(0, this.int(0, bytes.length - 1)));
  }

  /** A proper prefix of the text (by UTF-16 unit). */
  truncate(text: string): string {
    return text.slice(0, this.int(0, text.length - 1));
  }
}

export function clone<T extends Json>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function container(root: Json, path: Path): { parent: Record<string | number, Json>; last: string | number } {
  let target = root as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) target = target[step] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (last === undefined) throw new Error('empty path');
  return { parent: target, last };
}

export function getAt(root: Json, path: Path): Json | undefined {
  const { parent, last } = container(root, path);
  return parent[last];
}

export function setAt(root: Json, path: Path, value: Json): void {
  const { parent, last } = container(root, path);
  parent[last] = value;
}

export function deleteAt(root: Json, path: Path): void {
  const { parent, last } = container(root, path);
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
}

/** `runs[0].spec.seed` style, as validate.ts names fields. */
export function pathName(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** A marker string put into the data and replaced in the serialised text by raw JSON text. */
export const MARK = '\u0000MARK\u0000';
export function replaceMark(text: string, raw: string): string {
  return text.replace(JSON.stringify(MARK), raw);
}

/** Nested arrays `depth` deep, as raw JSON text. */
export function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** Every path to a number under `root` (for NaN / Infinity substitutions). */
export function numberPaths(root: Json, prefix: Path = []): Path[] {
  if (typeof root === 'number') return [prefix];
  if (root === null || typeof root !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(root) ? root.map((v, i) => [i, v]) : Object.entries(root);
  return entries.flatMap(([k, v]) => numberPaths(v, [...prefix, k]));
}
