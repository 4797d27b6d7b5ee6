/**
 * Where the tests find the repository's own data (data/README.md) and method document, resolved
 * from this file's location so a test reads the same files from any working directory and from a
 * fresh clone with nothing beside it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository's `data/` folder, laid out as `cli eval --data` expects. */
export const DATA_DIR = fileURLToPath(new URL('../data', import.meta.url));

/** Absolute path of a file or folder under `data/`, e.g. `dataPath('bbq/data', 'Age.jsonl')`. */
export const dataPath = (...parts: readonly string[]): string => join(DATA_DIR, ...parts);

/** A file under `data/` as UTF-8 text, e.g. `readData('winogender/data/templates.tsv')`. */
export const readData = (path: string): string => readFileSync(dataPath(path), 'utf8');

/** The project's method document (docs/method.md), whose quoted prompt strings the prompt tests check. */
export const readMethodDoc = (): string =>
  readFileSync(fileURLToPath(new URL('../docs/method.md', import.meta.url)), 'utf8');
