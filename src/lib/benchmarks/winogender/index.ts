/**
 * Winogender (Rudinger et al. 2018) as the app runs it for Ganguli, Askell et al. 2023: the
 * pinned data, parsing and instantiation, item identity and strata, prompts per condition and
 * metrics. See README.md beside this file for provenance, choices and the changelog; bump
 * `version` whenever a number could change.
 */
import { conditionsFor } from '../../core/conditions';
import type { Benchmark } from '../types';
import { buildWinogenderFacts, winogenderFactsKey } from './facts';
import type { WinogenderItem } from './item';
import { WINOGENDER_METRICS } from './metric-info';
import { parseWinogender } from './parse';
import { buildWinogenderPrompt } from './prompt';
import { WINOGENDER_SOURCE } from './source';
import { summarizeWinogender } from './summarize';

export const WINOGENDER_VERSION = '1.0.0';

export const winogender: Benchmark<WinogenderItem> = {
  id: 'winogender',
  version: WINOGENDER_VERSION,
  title: 'Winogender: gendered pronouns for occupations',
  conditions: conditionsFor('winogender'),
  metrics: WINOGENDER_METRICS,
  source: WINOGENDER_SOURCE,
  parse: parseWinogender,
  itemKey: (item) => winogenderFactsKey(item),
  // An occupation is sampled with its three versions (p-values are averaged over them), and
  // samples are stratified by the blank's case (nominative / possessive / accusative) **[ours]**.
  unit: (item) => item.occupation,
  stratum: (item) => item.pronounCase,
  describeItem: (item) => buildWinogenderFacts(item),
  buildPrompt: buildWinogenderPrompt,
  summarize: summarizeWinogender,
};

export type { WinogenderItem, PronounGender, PronounCase } from './item';
export { buildWinogenderFacts, parseWinogenderFacts, type WinogenderFacts } from './facts';
export { scoreOccupations, scorePronounShares, type OccupationScore } from './metrics';
export { scoreWinogenderOccupations } from './summarize';
export { parseWinogender, parseTemplatesTsv, parseOccupationStatsTsv } from './parse';
export { instantiateSentence, buildBlankedSentence } from './instantiate';
