/**
 * Check b's parts: how one candidate token is judged against web-llm's top-5 list (hand cases),
 * which prompts can be sent to web-llm's raw completion as one text, and what the shipped 0.2.86
 * bundle does that the check relies on (temperature before the listed probabilities, the chat API
 * refusing a prefill, the text completion adding no template or prefix ids).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compareToken,
  completionText,
  COMPLETION_REQUEST,
  LOGPROB_TOLERANCE,
} from '../../../../src/lib/engine/webllm/logprob-check';
import type { RenderedPrompt } from '../../../../src/lib/engine/webllm/template';
import { webTokenizer } from '../../../doubles/real-tokenizers';

const TOP = [
  { token: 'a', prob: 0.6 },
  { token: 'b', prob: 0.2 },
  { token: 'c', prob: 0.1 },
  { token: ' (', prob: 0.05 },
  { token: 'The', prob: 0.02 },
];

describe('compareToken', () => {
  it('listed once: agrees within 0.001, disagrees beyond', () => {
    expect(compareToken(0.6004, 'a', TOP)).toMatchObject({ agreement: 'agree', webllm: 0.6 });
    expect(compareToken(0.6004, 'a', TOP).difference).toBeCloseTo(0.0004, 12);
    expect(compareToken(0.2011, 'b', TOP)).toMatchObject({ agreement: 'disagree', webllm: 0.2 });
    expect(compareToken(0.6 + 0.9 * LOGPROB_TOLERANCE, 'a', TOP).agreement).toBe('agree');
    expect(compareToken(0.6 - 1.1 * LOGPROB_TOLERANCE, 'a', TOP).agreement).toBe('disagree');
  });

  it('absent: a disagreement above the last listed (plus the tolerance), not comparable below it', () => {
    const above = compareToken(0.03, 'yes', TOP);
    expect(above).toMatchObject({ agreement: 'disagree', webllm: null, difference: null });
    expect(above.note).toBe(
      "not in web-llm's top 5, though its exact probability 0.03000 is above the last listed (0.02000)",
    );
    expect(compareToken(0.0205, 'yes', TOP).agreement).toBe('not_comparable'); // within the tolerance of the 5th
    expect(compareToken(0.001, 'yes', TOP)).toMatchObject({
      agreement: 'not_comparable',
      note: "below web-llm's top 5 (exact 0.001000, last listed 0.02000)",
    });
  });

  it('a text listed twice, or a token that is not whole text, is not comparable', () => {
    const twice = [...TOP.slice(0, 4), { token: 'a', prob: 0.02 }];
    expect(compareToken(0.6, 'a', twice)).toMatchObject({
      agreement: 'not_comparable',
      note: "2 of web-llm's top 5 have its text",
    });
    expect(compareToken(0.6, '\uFFFD', TOP).agreement).toBe('not_comparable');
  });
});

describe('completionText', () => {
  const tok = webTokenizer('llama3_1');
  const prompt = (prefix: number[], segments: string[]): RenderedPrompt => ({
    format: 'chat_template',
    prefixTokenIds: prefix,
    segments,
    stopStrings: [],
    stopTokenIds: [],
  });

  it("writes web-llm's prefix ids as their text, when the whole text encodes to the same ids", () => {
    const bos = tok.id('<|begin_of_text|>');
    const segments = [
      '<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>',
      '<|start_header_id|>assistant<|end_header_id|>\n\nThe answer is (',
    ];
    expect(completionText(tok, prompt([bos], segments))).toEqual({
      kind: 'ok',
      text: `<|begin_of_text|>${segments.join('')}`,
    });
  });

  it('refuses a prompt whose parts, encoded one by one, are not what the whole text encodes to', () => {
    // "Hel" + "lo" as two segments: two pieces, where "Hello" as one text is one token.
    const result = completionText(tok, prompt([], ['Hel', 'lo']));
    expect(tok.encode('Hello')).toHaveLength(1);
    expect(result).toEqual({
      kind: 'no',
      reason:
        "as one text the prompt encodes to 1 tokens unlike the 2 the exact path feeds (web-llm's template encodes its parts one by one)",
    });
  });
});

describe('web-llm 0.2.86, as check b uses it (lib/index.js)', () => {
  const bundle = readFileSync('node_modules/@mlc-ai/web-llm/lib/index.js', 'utf8');

  it('lists probabilities after temperature, so the check asks at temperature 1', () => {
    const clamp = bundle.indexOf('temperature = Math.max(1e-6, temperature); // to prevent division by zero');
    const softmax = bundle.indexOf('let probs = this.fsoftmaxWithTemperature(', clamp);
    const listed = bundle.indexOf('this.updateLogitsOnCPU(probs);', softmax);
    const logprob = bundle.indexOf(
      'this.tokenLogprobArray.push(this.getTokenLogprob(sampledToken, top_logprobs));',
      listed,
    );
    expect(clamp).toBeGreaterThan(0);
    expect(softmax).toBeGreaterThan(clamp);
    expect(listed).toBeGreaterThan(softmax);
    expect(logprob).toBeGreaterThan(listed);
    expect(COMPLETION_REQUEST).toMatchObject({ temperature: 1, top_logprobs: 5, logprobs: true, max_tokens: 1 });
  });

  it('refuses a trailing assistant message in chat completions; a text completion is the prompt itself', () => {
    expect(bundle).toContain('throw new MessageOrderError("The last message should be from the `user` or `tool`.");');
    expect(bundle).toMatch(
      /inputStr = input\.prompt;\s*pipeline\.resetChat\(\);\s*const newConv = getConversation\(chatConfig\.conv_template, chatConfig\.conv_config, true\);/,
    );
    expect(bundle).toMatch(/getPromptArrayTextCompletion\(\) \{[\s\S]{0,200}return \[this\.prompt\];/);
    // system_prefix_token_ids are added only on the conversation path of getInputData
    expect(bundle).toMatch(
      /if \(this\.conversation\.isTextCompletion\) \{[\s\S]{0,300}prompts = this\.conversation\.getPromptArrayTextCompletion\(\);\s*\}\s*else \{[\s\S]{0,200}system_prefix_token_ids/,
    );
  });
});
