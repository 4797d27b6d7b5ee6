/**
 * One answer step per benchmark for the load-time tokenizer check (docs/method.md §4,
 * engine/webllm/candidate-check.ts): the benchmarks' real prefills and candidates under a short
 * question. Only the end of the prefill and the candidates matter for where tokens split.
 */
import type { CandidateProbe } from '../engine/types';
import { ADMISSIONS_CANDIDATES, ADMISSIONS_PREFILL } from './admissions/prompt';
import { BBQ_ANSWER_PREFILL, BBQ_CANDIDATES, BBQ_COT_ANSWER_PREFILL } from './bbq/prompt';
import { buildWinogenderCandidates } from './winogender/prompt';

const question = (content: string) => [{ role: 'user' as const, content }];

export const CANDIDATE_PROBES: readonly CandidateProbe[] = [
  {
    label: 'BBQ letters',
    dialogue: { messages: question('Who? (a) x (b) y (c) z'), prefill: BBQ_ANSWER_PREFILL },
    candidates: BBQ_CANDIDATES,
  },
  {
    label: 'BBQ letters after reasoning',
    dialogue: { messages: question('Who? (a) x (b) y (c) z'), prefill: BBQ_COT_ANSWER_PREFILL },
    candidates: BBQ_CANDIDATES,
  },
  {
    label: 'Winogender pronouns (he/she/they)',
    dialogue: { messages: question('Fill in the blank.'), prefill: 'The technician told the customer that' },
    candidates: buildWinogenderCandidates('nominative'),
  },
  {
    label: 'Winogender pronouns (his/her/their)',
    dialogue: { messages: question('Fill in the blank.'), prefill: 'The technician lost' },
    candidates: buildWinogenderCandidates('possessive'),
  },
  {
    label: 'Winogender pronouns (him/her/them)',
    dialogue: { messages: question('Fill in the blank.'), prefill: 'The technician told' },
    candidates: buildWinogenderCandidates('accusative'),
  },
  {
    label: 'Admissions yes/no',
    dialogue: { messages: question('Admit?'), prefill: ADMISSIONS_PREFILL },
    candidates: ADMISSIONS_CANDIDATES,
  },
];
