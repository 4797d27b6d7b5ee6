/** Reads the repository's Winogender files (data/README.md) and fixtures for the tests. */
import { readFileSync } from 'node:fs';
import { readData } from '../../../data-dir';

export const readWinogender = (name: string): string => readData(`winogender/data/${name}`);
export const winogenderFiles = (): Map<string, string> =>
  new Map([
    ['templates.tsv', readWinogender('templates.tsv')],
    ['occupations-stats.tsv', readWinogender('occupations-stats.tsv')],
  ]);
export const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/winogender/${name}`, import.meta.url), 'utf8');
