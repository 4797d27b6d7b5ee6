/**
 * Tiny structural checkers for untrusted JSON (import files). Each checker either returns the
 * value with its type proven, or throws `InvalidRecord` carrying the path of the offending field
 * (e.g. `trials[3].probs.a`), which validate.ts turns into a value-typed error. The throw never
 * leaves the storage module: it is a local control-flow device, not an error to the caller.
 */

export class InvalidRecord extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'InvalidRecord';
    this.path = path;
  }
}

export type Obj = Readonly<Record<string, unknown>>;

/** A short, bounded description of an untrusted value for messages (never serialises it: it may be huge or deeply nested). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function fail(path: string, expected: string, value: unknown): never {
  throw new InvalidRecord(path, `expected ${expected}, got ${describe(value)}`);
}

export function obj(value: unknown, path: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  return value as Obj;
}

export function str(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'a string', value);
  return value;
}

export function num(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a finite number', value);
  return value;
}

export function int(value: unknown, path: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(path, `an integer ≥ ${min}`, value);
  return value;
}

export function prob(value: unknown, path: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1 + 1e-9)) fail(path, 'a probability in [0, 1]', value);
  return value;
}

export function bool(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'true or false', value);
  return value;
}

export function date(value: unknown, path: string): string {
  const text = str(value, path);
  if (Number.isNaN(Date.parse(text))) fail(path, 'an ISO date', value);
  return text;
}

export function oneOf<T extends string>(value: unknown, options: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value))
    fail(path, `one of ${options.join(', ')}`, value);
  return value as T;
}

export function arr(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array', value);
  return value;
}

export function strings(value: unknown, path: string): string[] {
  return arr(value, path).map((v, i) => str(v, `${path}[${i}]`));
}

export function optional<T>(value: unknown, check: (v: unknown, path: string) => T, path: string): T | undefined {
  return value === undefined ? undefined : check(value, path);
}

export function nullable<T>(value: unknown, check: (v: unknown, path: string) => T, path: string): T | null {
  return value === null ? null : check(value, path);
}

/** A record of string keys to values checked by `check`. */
export function dict<T>(value: unknown, check: (v: unknown, path: string) => T, path: string): Record<string, T> {
  const o = obj(value, path);
  const out: Record<string, T> = {};
  for (const [key, v] of Object.entries(o)) {
    // JSON.parse makes "__proto__" an own key; assigning it would set the prototype (dropping the entry).
    if (key === '__proto__') throw new InvalidRecord(`${path}.__proto__`, 'the key "__proto__" is not allowed');
    out[key] = check(v, `${path}.${key}`);
  }
  return out;
}
