/**
 * Renders a prefilled dialogue (docs/method.md §2) with the model's own web-llm conversation template
 * (`conv_template` of its mlc-chat-config.json, merged with `conv_config`; the method asks for the
 * Hugging Face `chat_template` where the model has one: see that file's last section), into the same
 * segments web-llm itself tokenises: optional system prompt, one string per message, and the
 * open assistant turn ending with the prefill (no separator / end-of-turn after it).
 *
 * Mirrors web-llm's `Conversation.getPromptArrayInternal` (src/conversation.ts:67-215 in
 * v0.2.83; `getSystemPrompt` with `render_empty_system_message` added in 0.2.86's compiled
 * lib/index.js), text-only. The template's default system message is kept; we add none.
 * A template without role markers (mlc's raw "LM" template) gets the literal
 * `\n\nHuman: {user}\n\nAssistant: {prefill}` format of docs/method.md §2.
 *
 * Pure: no web-llm runtime import; `ConvTemplateConfig` is a type only.
 */
import type { ChatOptions } from '@mlc-ai/web-llm';
import type { ChatMessage, PrefilledDialogue } from '../types';
import type { AssistantOpening } from '../models';

/** web-llm's `ConvTemplateConfig` (not exported by name; reached through `ChatOptions`). */
export type ConvTemplate = NonNullable<ChatOptions['conv_template']>;

export interface RenderedPrompt {
  readonly format: 'chat_template' | 'human_assistant';
  /** Token ids web-llm puts before the text (e.g. Llama-3's <|begin_of_text|>). */
  readonly prefixTokenIds: readonly number[];
  /** Tokenised one by one and concatenated, as web-llm does; the last is the open turn. */
  readonly segments: readonly string[];
  readonly stopStrings: readonly string[];
  readonly stopTokenIds: readonly number[];
}

/** Qwen3's non-thinking opening, exactly as web-llm writes it (llm_chat.ts:840, v0.2.83). */
export const EMPTY_THINK_BLOCK = '<think>\n\n</think>\n\n';

const PLACEHOLDERS: Readonly<Record<ChatMessage['role'], string>> = {
  user: '{user_message}',
  assistant: '{assistant_message}',
};

/** `String.replace` without `$&`-style substitution patterns in the inserted text. */
function fill(template: string, placeholder: string, value: string): string {
  return template.replace(placeholder, () => value);
}

/** web-llm's separator default: ": " when the field is absent (conversation.ts:104-108). */
function sepOr(value: string | undefined | null): string {
  return value || value === '' ? value : ': ';
}

function checkDialogue(dialogue: PrefilledDialogue): void {
  const { messages } = dialogue;
  if (messages.length === 0 || messages[messages.length - 1]?.role !== 'user') {
    throw new Error(
      `A prefilled dialogue must end with a user turn; got ${JSON.stringify(messages.map((m) => m.role))}`,
    );
  }
  messages.forEach((m, i) => {
    const expected = i % 2 === 0 ? 'user' : 'assistant';
    if (m.role !== expected) throw new Error(`Dialogue turn ${i} should be ${expected}, got ${m.role}`);
  });
}

export function isRawLanguageModelTemplate(conv: ConvTemplate): boolean {
  return conv.roles.user.trim() === '' && conv.roles.assistant.trim() === '';
}

function renderHumanAssistant(dialogue: PrefilledDialogue, conv: ConvTemplate): RenderedPrompt {
  const turns = dialogue.messages.map((m) => `\n\n${m.role === 'user' ? 'Human' : 'Assistant'}: ${m.content}`);
  return {
    format: 'human_assistant',
    prefixTokenIds: conv.system_prefix_token_ids ?? [],
    segments: [...turns, `\n\nAssistant: ${dialogue.prefill}`],
    stopStrings: ['\n\nHuman:', ...conv.stop_str],
    stopTokenIds: conv.stop_token_ids,
  };
}

/** Renders `dialogue` with `template` (+ `override`, web-llm's `conv_config`). */
export function renderDialogue(
  dialogue: PrefilledDialogue,
  template: ConvTemplate,
  override: Partial<ConvTemplate> | undefined,
  opening: AssistantOpening,
): RenderedPrompt {
  checkDialogue(dialogue);
  const conv: ConvTemplate = { ...template, ...override };
  if (isRawLanguageModelTemplate(conv)) return renderHumanAssistant(dialogue, conv);
  if (conv.seps.length === 0) throw new Error('Conversation template has no seps (web-llm requires them)');

  const systemMessage = conv.system_message;
  const systemPrompt =
    systemMessage === '' && conv.render_empty_system_message === false
      ? ''
      : fill(conv.system_template, '{system_message}', systemMessage);
  const segments: string[] = systemPrompt !== '' ? [systemPrompt] : [];

  const contentSep = sepOr(conv.role_content_sep);
  dialogue.messages.forEach((m, i) => {
    const body = fill(conv.role_templates?.[m.role] ?? PLACEHOLDERS[m.role], PLACEHOLDERS[m.role], m.content);
    const noRole = conv.add_role_after_system_message === false && systemPrompt !== '' && i === 0;
    const rolePrefix = noRole ? '' : conv.roles[m.role] + contentSep;
    segments.push(rolePrefix + body + (conv.seps[i % conv.seps.length] ?? ''));
  });

  // The open turn: the assistant's role prefix and the part of its role template before the
  // content, then the prefill. The prefill is content, so the content separator is used.
  const marker = '\u0000PREFILL\u0000';
  const assistantBody = fill(conv.role_templates?.assistant ?? PLACEHOLDERS.assistant, PLACEHOLDERS.assistant, marker);
  const beforeContent = assistantBody.slice(0, assistantBody.indexOf(marker));
  const thinking = opening === 'empty_think_block' ? EMPTY_THINK_BLOCK : '';
  segments.push(conv.roles.assistant + contentSep + thinking + beforeContent + dialogue.prefill);

  return {
    format: 'chat_template',
    prefixTokenIds: conv.system_prefix_token_ids ?? [],
    segments,
    stopStrings: conv.stop_str,
    stopTokenIds: conv.stop_token_ids,
  };
}
