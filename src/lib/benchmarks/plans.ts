/**
 * The two shapes a prompt takes in the paper, shared by every benchmark so a condition only
 * changes texts: a question answered directly after a prefill, and reasoning first (the model
 * continues an opener, then a follow-up user turn asks for the answer after the same kind of
 * prefill). The engine returns only generated text, so the reasoning turn is opener + text.
 */
import type { Candidate, PrefilledDialogue } from '../engine/types';
import type { PromptPlan } from './types';

function single(user: string, prefill: string): PrefilledDialogue {
  return { messages: [{ role: 'user', content: user }], prefill };
}

/** One user turn, answered directly: `answer` takes no reasoning (a bug if it gets some). */
export function buildDirectPlan(user: string, prefill: string, candidates: readonly Candidate[]): PromptPlan {
  const dialogue = single(user, prefill);
  return {
    answer: (reasoning) => {
      if (reasoning !== '')
        throw new Error(`a direct question has no reasoning step, but answer() got ${reasoning.length} characters`);
      return dialogue;
    },
    candidates,
  };
}

/** Reasoning first: the model continues `opener` after `user`; then `followUp` is asked and `prefill` scored. */
export function buildReasoningPlan(
  user: string,
  opener: string,
  followUp: string,
  prefill: string,
  candidates: readonly Candidate[],
): PromptPlan {
  return {
    reasoning: single(user, opener),
    answer: (reasoning) => ({
      messages: [
        { role: 'user', content: user },
        { role: 'assistant', content: opener + reasoning },
        { role: 'user', content: followUp },
      ],
      prefill,
    }),
    candidates,
  };
}
