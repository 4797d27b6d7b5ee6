/**
 * Plain words for how a trial's prompt was rendered (docs/method.md §2: template source, hash,
 * default system message) and how many tokens each candidate took (§4), for the trial detail.
 */
import type { TrialRecord } from '../core/records';
import { assertNever } from '../core/ids';

export function describeTemplate(trial: Pick<TrialRecord, 'template'>): string {
  const t = trial.template;
  if (t === undefined) return 'not recorded (a trial stored before templates were recorded)';
  const hash = t.hash === null ? '' : ` (SHA-256 ${t.hash.slice(0, 12)}…)`;
  switch (t.source) {
    case 'hf':
      return `the model's Hugging Face chat template${hash}`;
    case 'mlc':
      return `web-llm's conversation template: the model's files carry no Hugging Face template${hash}`;
    case 'raw':
      return `the literal Human/Assistant format${hash}`;
    case 'server':
      return 'rendered by the server with its own template (the app cannot see which)';
    default:
      return assertNever(t.source, 'template source');
  }
}

export function describeSystem(trial: Pick<TrialRecord, 'template'>): string {
  const t = trial.template;
  if (t === undefined || t.source === 'server') return 'unknown';
  return t.system === null ? 'none' : JSON.stringify(t.system);
}

/** "a 1 · b 1 · c 2", or null where the engine did not report them. */
export function describeCandidateTokens(trial: Pick<TrialRecord, 'scoring'>): string | null {
  const counts = trial.scoring?.candidateTokens;
  if (counts === undefined) return null;
  return Object.entries(counts)
    .map(([id, n]) => `${id} ${n}`)
    .join(' · ');
}
