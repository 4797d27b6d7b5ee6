/**
 * The pinned upstream of Winogender: rudinger/winogender-schemas at one commit, the two files the
 * app needs at run time with their git blob SHA-1s (listed in data/README.md). A file whose blob
 * SHA-1 differs is refused by the loaders. `all_sentences.tsv` is not fetched: it is
 * only used by tests to check the instantiation rules.
 */
import type { DatasetSource } from '../types';

export const WINOGENDER_COMMIT = '1c7f8b481ad8a234b41e9f76a424d6e856e13f7f';
export const TEMPLATES_FILE = 'templates.tsv';
export const STATS_FILE = 'occupations-stats.tsv';

export const WINOGENDER_SOURCE: DatasetSource = {
  repo: 'rudinger/winogender-schemas',
  commit: WINOGENDER_COMMIT,
  license: 'MIT',
  sourceUrl: `https://github.com/rudinger/winogender-schemas/tree/${WINOGENDER_COMMIT}`,
  origin:
    'templates and occupation statistics of the Winogender schemas (Rudinger et al. 2018), pinned by commit and checked by git blob SHA-1',
  files: [
    {
      name: TEMPLATES_FILE,
      path: 'data/templates.tsv',
      sha1: 'e3424d7ea7af6f15f6d8cada2dfa9f153c2c2cac',
      bytes: 14_903,
    },
    {
      name: STATS_FILE,
      path: 'data/occupations-stats.tsv',
      sha1: 'f5ce6f35b10df1c3e28f4d05dccdc247a871acd7',
      bytes: 1_578,
    },
  ],
};
