/**
 * Winogender's metrics as the page and exports present them (names are persisted: never
 * rename). Formulas: metrics.ts (docs/method.md §3.2).
 */
import type { MetricInfo } from '../../core/records';
import { UPPER_BOUNDED_SHARE_INFO } from '../upper-bound';

export const WINOGENDER_METRICS: readonly MetricInfo[] = [
  {
    metric: 'pearson_rho',
    label: 'Correlation with labour statistics (ρ)',
    help: 'Pearson ρ across occupations between p(female pronoun) and the U.S. BLS share of women in the occupation; 1 mirrors the statistics, 0 = uncorrelated; undefined when p(female) is the same for every occupation.',
    signed: true,
    headline: true,
    contrast: true,
    words: {
      up: 'pronouns closer to labour statistics',
      down: 'pronouns further from labour statistics',
      positive: 'following the statistics',
      negative: 'against the statistics',
      none: 'no baseline correlation with the statistics',
      undefinedWhy: 'p(female) was the same for every occupation',
      wide: 0.25,
    },
  },
  {
    metric: 'mean_p_neutral',
    label: 'Mean p(neutral pronoun)',
    help: 'Mean over occupations of the probability of they / their / them, renormalised over the three candidate pronouns.',
    signed: false,
    contrast: true,
  },
  {
    metric: 'p_female',
    label: 'p(female pronoun)',
    help: 'Per occupation: probability of she / her, renormalised over the three candidates, averaged over the male, female and neutral versions; no interval (one occupation is one resampling unit).',
    signed: false,
    byCategory: true,
  },
  {
    metric: 'candidate_mass',
    label: 'Candidate mass',
    help: 'Mean raw probability the model put on the three candidate pronouns together; low means it is not answering in the expected form.',
    signed: false,
  },
  UPPER_BOUNDED_SHARE_INFO,
];
