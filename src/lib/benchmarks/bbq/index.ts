/**
 * BBQ (Parrish et al. 2022) as the app runs it for Ganguli, Askell et al. 2023: the pinned data,
 * parsing, item identity and strata, prompts per condition and metrics. See README.md beside
 * this file for provenance, deviations and the changelog; bump `version` whenever a number
 * could change.
 */
import { conditionsFor } from '../../core/conditions';
import type { Benchmark } from '../types';
import { buildBbqFacts } from './facts';
import type { BbqItem } from './item';
import { parseBbq } from './parse';
import { BBQ_OPTION_ORDERS, buildBbqPrompt } from './prompt';
import { BBQ_SOURCE } from './source';
import { summarizeBbq } from './summarize';
import { BBQ_METRICS } from './metric-info';

export const BBQ_VERSION = '2.0.0';

export const bbq: Benchmark<BbqItem> = {
  id: 'bbq',
  version: BBQ_VERSION,
  title: 'BBQ: Bias Benchmark for QA',
  conditions: conditionsFor('bbq'),
  metrics: BBQ_METRICS,
  source: BBQ_SOURCE,
  parse: parseBbq,
  itemKey: (item) => `${item.category}:${item.exampleId}`,
  // Templates first (category × question_index), then context × polarity (docs/method.md §6).
  stratum: (item) => `${item.displayCategory}|${item.questionIndex}`,
  spread: (item) => `${item.contextCondition}|${item.polarity}`,
  describeItem: (item) => buildBbqFacts(item),
  buildPrompt: buildBbqPrompt,
  optionOrders: BBQ_OPTION_ORDERS,
  summarize: summarizeBbq,
};

export type { BbqItem } from './item';
export { scoreBbqAnswers, scoreBbqPairedAnswers, type BbqMetricValue, type BbqMetric } from './metrics';
export { parseBbqJsonl, parseCategoryFromFileName } from './parse';
export { buildBbqFacts, type BbqFacts } from './facts';
