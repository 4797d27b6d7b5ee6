/**
 * At load, every benchmark's candidates are tokenised after its prefill with the model's own
 * tokenizer and template (docs/method.md §4), so the Models screen can say how each benchmark is
 * scored on this model: one token per candidate, several (chain rule), or merged with the
 * prefill's last token (scored over the canonical merged tokens from the shared context).
 */
import type { CandidateCheck, CandidateProbe } from '../types';
import type { PromptRenderer } from './renderer';
import { planCandidates, type TokenizerLike } from './tokens';

function plural(n: number): string {
  return n === 1 ? 'one token' : `${n} tokens`;
}

export function checkCandidates(
  tokenizer: TokenizerLike,
  renderer: PromptRenderer,
  probes: readonly CandidateProbe[],
): CandidateCheck[] {
  return probes.map(({ label, dialogue, candidates }) => {
    const texts = candidates.flatMap((c) => c.texts);
    const plan = planCandidates(tokenizer, renderer.render(dialogue), texts);
    const merged = plan.context.length < plan.promptLength;
    const tokens = Object.fromEntries(plan.texts.map((t) => [t.text, t.ids.length]));
    const counts = [...new Set(Object.values(tokens))];
    const shape =
      counts.length === 1
        ? `${counts[0] === 1 ? 'one token' : plural(counts[0] as number)} each`
        : Object.entries(tokens)
            .map(([t, n]) => `${JSON.stringify(t)} ${plural(n)}`)
            .join(', ');
    const tail = merged
      ? `; merged with the last ${plural(plan.promptLength - plan.context.length)} of the prefill, scored over the canonical tokens`
      : '';
    return { label, tokens, merged, summary: `${label}: ${shape}${tail}` };
  });
}
