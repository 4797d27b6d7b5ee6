/** Reads the shared Winogender files (never copied into the repo) for the tests. */
import { readFileSync } from 'node:fs';

export const readShared = (path: string): string => readFileSync(new URL(`../../../../../shared/${path}`, import.meta.url), 'utf8');
export const readWinogender = (name: string): string => readShared(`datasets/winogender/data/${name}`);
export const winogenderFiles = (): Map<string, string> =>
  new Map([
    ['templates.tsv', readWinogender('templates.tsv')],
    ['occupations-stats.tsv', readWinogender('occupations-stats.tsv')],
  ]);
export const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/winogender/${name}`, import.meta.url), 'utf8');
