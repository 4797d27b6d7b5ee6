/**
 * The model's own chat template, rendered by the app, against a reference computed here from the
 * models' real tokenizer_config.json: `new Template(chat_template).render({ messages,
 * add_generation_prompt: true, bos_token, eos_token, … })` + prefill, and the real tokenizer's ids
 * of that text (special tokens not added again, as transformers' apply_chat_template(tokenize=True)
 * and vLLM do). One item of each benchmark under every condition, on Qwen3, Llama 3.1, Gemma 3.
 * (The packages' own `apply_chat_template` bundles @huggingface/jinja 0.2.2, which cannot parse
 * the Qwen3 and Gemma 3 templates; for Llama 3.1 it is checked too.)
 */
import { Template } from '@huggingface/jinja';
import { beforeAll, describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../../../src/lib/benchmarks/registry';
import type { Benchmark } from '../../../src/lib/benchmarks/types';
import type { BenchmarkId } from '../../../src/lib/core/ids';
import { HfChatTemplate, parseTokenizerConfig, sha256Hex, strftime } from '../../../src/lib/engine/hf-template';
import type { AssistantOpening } from '../../../src/lib/engine/models';
import type { PrefilledDialogue } from '../../../src/lib/engine/types';
import { buildRenderer } from '../../../src/lib/engine/webllm/renderer';
import { tokenizePrompt } from '../../../src/lib/engine/webllm/tokens';
import { hfTokenizer, tokenizerConfigJson, webTokenizer, type RealModel } from '../../doubles/real-tokenizers';
import { QWEN_CHATML } from '../../fixtures/engine/conv-templates';
import { readData } from '../../data-dir';

const FILES: Record<BenchmarkId, () => Map<string, string>> = {
  bbq: () => new Map([['Age.jsonl', readData('bbq/data/Age.jsonl').split('\n').slice(0, 4).join('\n')]]),
  winogender: () =>
    new Map(['templates.tsv', 'occupations-stats.tsv'].map((f) => [f, readData(`winogender/data/${f}`)])),
  admissions: () => new Map(),
};

/** Every condition's dialogues of the first item of each benchmark (CoT: the reasoning and the answer step). */
function dialogues(): { where: string; dialogue: PrefilledDialogue }[] {
  return BENCHMARKS.flatMap((b: Benchmark<unknown>) => {
    const item = b.parse(FILES[b.id]()).items[0];
    if (item === undefined) throw new Error(`${b.id}: no item`);
    return b.conditions.flatMap((condition) => {
      const plan = b.buildPrompt(item, condition);
      const where = `${b.id} ${condition}`;
      return plan.reasoning === undefined
        ? [{ where, dialogue: plan.answer('') }]
        : [
            { where: `${where} reasoning`, dialogue: plan.reasoning },
            { where: `${where} answer`, dialogue: plan.answer(' Both are plausible.') },
          ];
    });
  });
}

const MODELS: readonly { model: RealModel; opening: AssistantOpening }[] = [
  { model: 'qwen3', opening: 'empty_think_block' },
  { model: 'llama3_1', opening: 'plain' },
  { model: 'gemma3', opening: 'plain' },
];

/** transformers' rendering: the template with the messages, the generation prompt and the config's special tokens as strings. */
function reference(
  json: Record<string, unknown>,
  dialogue: PrefilledDialogue,
  kwargs: Record<string, unknown>,
): string {
  const special: Record<string, string> = {};
  for (const name of ['bos_token', 'eos_token', 'unk_token', 'pad_token']) {
    const v = json[name];
    if (typeof v === 'string') special[name] = v;
  }
  const messages = dialogue.messages.map((m) => ({ role: m.role, content: m.content }));
  return (
    new Template(json.chat_template as string).render({
      ...special,
      messages,
      add_generation_prompt: true,
      ...kwargs,
    }) + dialogue.prefill
  );
}

describe.each(MODELS)("$model: prompt text and ids equal transformers' apply_chat_template", ({ model, opening }) => {
  beforeAll(() => void hfTokenizer(model), 30_000);

  it('for one item of each benchmark under every condition', async () => {
    const json = tokenizerConfigJson(model);
    const config = parseTokenizerConfig(json);
    if (config === null) throw new Error(`${model}: the package ships no chat_template`);
    const tok = webTokenizer(model);
    const renderer = await buildRenderer({
      tokenizer: tok,
      convTemplate: QWEN_CHATML,
      convOverride: undefined,
      hf: config,
      opening,
    });
    expect(renderer.info.source).toBe('hf');
    expect(renderer.info.hash).toBe(await sha256Hex(json.chat_template as string));
    const hf = hfTokenizer(model);
    const list = dialogues();
    expect(list.length).toBe(4 + 5 + 4); // CoT conditions twice: bbq 3 conditions, winogender 4, admissions 3
    for (const { where, dialogue } of list) {
      const kwargs = opening === 'empty_think_block' ? { enable_thinking: false } : {};
      const text = reference(json, dialogue, kwargs);
      if (model === 'llama3_1') {
        const viaPackage = hf.apply_chat_template(
          dialogue.messages.map((m) => ({ ...m })),
          { tokenize: false, add_generation_prompt: true },
        );
        expect(viaPackage + dialogue.prefill, where).toBe(text);
      }
      const prompt = renderer.render(dialogue);
      expect(prompt.segments, where).toEqual([text]);
      expect(prompt.prefixTokenIds, where).toEqual([]);
      if (model === 'qwen3')
        expect(text.endsWith(`<|im_start|>assistant\n<think>\n\n</think>\n\n${dialogue.prefill}`), where).toBe(true);
      expect(tokenizePrompt(tok, prompt), where).toEqual(hf.encode(text, { add_special_tokens: false }));
    }
  });
});

describe('default system message and BOS', () => {
  beforeAll(() => MODELS.forEach(({ model }) => void hfTokenizer(model)), 60_000);

  it('reads the system message each template writes by default (none for these three)', () => {
    for (const { model, opening } of MODELS) {
      const config = parseTokenizerConfig(tokenizerConfigJson(model));
      if (config === null) throw new Error(model);
      expect(new HfChatTemplate(config).defaultSystem({ opening }), model).toBeNull();
    }
  });

  it('finds a default system message where a template writes one (Qwen2.5-style and Llama 3.1-style defaults)', () => {
    const qwen25 =
      "{%- if messages[0]['role'] == 'system' %}{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}" +
      "{%- else %}{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}{%- endif %}" +
      "{%- for message in messages %}{%- if message.role != 'system' %}{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}{%- endif %}{%- endfor %}" +
      "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";
    const t = new HfChatTemplate({ template: qwen25, specialTokens: {}, addBosToken: undefined });
    expect(t.defaultSystem({ opening: 'plain' })).toBe(
      'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.',
    );
    const llama =
      "{{- bos_token }}{%- if not date_string is defined %}{%- if strftime_now is defined %}{%- set date_string = strftime_now('%d %b %Y') %}{%- else %}{%- set date_string = '26 Jul 2024' %}{%- endif %}{%- endif %}" +
      "{%- if messages[0]['role'] == 'system' %}{%- set system_message = messages[0]['content']|trim %}{%- set messages = messages[1:] %}{%- else %}{%- set system_message = '' %}{%- endif %}" +
      "{{- '<|start_header_id|>system<|end_header_id|>\\n\\n' }}{{- 'Cutting Knowledge Date: December 2023\\n' }}{{- 'Today Date: ' + date_string + '\\n\\n' }}{{- system_message }}{{- '<|eot_id|>' }}" +
      "{%- for message in messages %}{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{%- endfor %}" +
      "{%- if add_generation_prompt %}{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{%- endif %}";
    const l = new HfChatTemplate({
      template: llama,
      specialTokens: { bos_token: '<|begin_of_text|>' },
      addBosToken: undefined,
    });
    const now = () => new Date(2026, 11, 3);
    expect(l.defaultSystem({ opening: 'plain', now })).toBe(
      'Cutting Knowledge Date: December 2023\nToday Date: 03 Dec 2026\n\n',
    );
    expect(strftime(new Date(2024, 6, 26), '%d %b %Y / %B %A')).toBe('26 Jul 2024 / July Friday');
  });

  it('refuses a model whose chat template does not parse, with a message', async () => {
    const tok = webTokenizer('qwen3');
    const hf = { template: '{% if %}', specialTokens: {}, addBosToken: undefined };
    await expect(
      buildRenderer({ tokenizer: tok, convTemplate: QWEN_CHATML, convOverride: undefined, hf, opening: 'plain' }),
    ).rejects.toThrow(/cannot be read/);
  });

  it('a template that raises (Gemma: roles must alternate) refuses the dialogue', () => {
    const config = parseTokenizerConfig(tokenizerConfigJson('gemma3'));
    if (config === null) throw new Error('gemma3');
    const t = new HfChatTemplate(config);
    expect(() =>
      t.renderMessages(
        [
          { role: 'user', content: 'a' },
          { role: 'user', content: 'b' },
        ],
        true,
        { opening: 'plain' },
      ),
    ).toThrow(/alternate/);
  });

  it('Gemma: the template writes <bos> and the tokenizer would add another; the app keeps one', async () => {
    const json = tokenizerConfigJson('gemma3');
    expect(json.add_bos_token).toBe(true);
    const config = parseTokenizerConfig(json);
    if (config === null) throw new Error('gemma3');
    const hf = hfTokenizer('gemma3');
    const tok = webTokenizer('gemma3');
    const text = new HfChatTemplate(config).render(
      { messages: [{ role: 'user', content: 'Hi' }], prefill: 'The answer is (' },
      { opening: 'plain' },
    );
    expect(text.startsWith('<bos>')).toBe(true);
    const bos = tok.id('<bos>');
    // What a naive encode (special tokens added) would feed: two BOS.
    expect(hf.encode(text).slice(0, 2)).toEqual([bos, bos]);
    const renderer = await buildRenderer({
      tokenizer: tok,
      convTemplate: QWEN_CHATML,
      convOverride: undefined,
      hf: config,
      opening: 'plain',
    });
    expect(renderer.bos).toBe('single');
    const ids = tokenizePrompt(tok, renderer.render({ messages: [{ role: 'user', content: 'Hi' }], prefill: 'x' }));
    expect(ids[0]).toBe(bos);
    expect(ids[1]).not.toBe(bos);
  });

  it('refuses, with a message, a template that writes the BOS twice at the start of the first prompt', async () => {
    const json = tokenizerConfigJson('gemma3');
    const config = parseTokenizerConfig(json);
    if (config === null) throw new Error('gemma3');
    const doubled = { ...config, template: `{{ bos_token }}${config.template}` };
    const tok = webTokenizer('gemma3');
    await expect(
      buildRenderer({
        tokenizer: tok,
        convTemplate: QWEN_CHATML,
        convOverride: undefined,
        hf: doubled,
        opening: 'plain',
      }),
    ).rejects.toMatchObject({
      error: {
        kind: 'unknown',
        message: expect.stringMatching(/beginning-of-sequence token more than once.*refused/),
        detail: `rendered prompt starts with 2 BOS tokens (${tok.id('<bos>')}) (template source hf)`,
      },
    });
  });

  it('mlc fallback: prefix BOS ids plus a <bos> in the system text are fixed by dropping the prefix ids', async () => {
    // mlc-llm's gemma_instruction template carried "<bos>{system_message}" as well as
    // system_prefix_token_ids [2] for a while (mlc-llm 709f4847, reverted in 68cd794d, Aug 2024);
    // a Gemma 2 package converted then would start web-llm's prompt with two BOS.
    const tok = webTokenizer('gemma3');
    const gemmaMlc = {
      ...QWEN_CHATML,
      system_template: '<bos>{system_message}',
      system_message: '',
      roles: { ...QWEN_CHATML.roles, user: '<start_of_turn>user', assistant: '<start_of_turn>model' },
      seps: ['<end_of_turn>\n'],
      role_content_sep: '\n',
      role_empty_sep: '\n',
      stop_str: ['<end_of_turn>'],
      stop_token_ids: [1, 106],
      system_prefix_token_ids: [tok.id('<bos>')],
    };
    const renderer = await buildRenderer({
      tokenizer: tok,
      convTemplate: gemmaMlc,
      convOverride: undefined,
      hf: null,
      opening: 'plain',
    });
    expect(renderer.bos).toBe('fixed_double');
    expect(renderer.info).toMatchObject({ source: 'mlc', system: null });
    const ids = tokenizePrompt(tok, renderer.render({ messages: [{ role: 'user', content: 'Hi' }], prefill: 'x' }));
    expect(ids.filter((id) => id === tok.id('<bos>'))).toHaveLength(1);
  });
});
