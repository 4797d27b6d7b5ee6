/**
 * Renders a prefilled dialogue with the model's own Hugging Face chat template (the
 * `chat_template` of its tokenizer_config.json), so that one model gets the same prompt text in
 * the browser as on a vLLM server (docs/method.md §2 "Rendering a dialogue").
 *
 * Mirrors transformers' `apply_chat_template(messages, add_generation_prompt=True,
 * tokenize=False)`: the template is rendered with `messages`, `add_generation_prompt`, `tools` and
 * `documents` (None), the tokenizer's special tokens (`bos_token`, `eos_token`, … as strings) and
 * the globals `raise_exception` and `strftime_now`; the prefill is then appended as text, after
 * the open assistant turn. Nothing else is passed: `date_string` and similar variables take the
 * template's own defaults, as they do in transformers and vLLM. Qwen3 models are rendered with
 * `enable_thinking: false` (their non-thinking form, **[ours]**, docs/method.md §2).
 * The template's default system message is kept; we add none.
 *
 * Pure apart from the clock `strftime_now` reads (injectable for tests).
 */
import { Environment, Interpreter, Template } from '@huggingface/jinja';
import type { AssistantOpening } from './models';
import type { PrefilledDialogue } from './types';

/** The parts of tokenizer_config.json that rendering reads. */
export interface HfTemplateConfig {
  /** The Jinja source (the default one where the config lists several named templates). */
  readonly template: string;
  /** Special tokens by name (`bos_token`, `eos_token`, …) as transformers passes them. */
  readonly specialTokens: Readonly<Record<string, string>>;
  /** `add_bos_token` of the config, where it says (the slow tokenizers' flag). */
  readonly addBosToken: boolean | undefined;
}

const SPECIAL_TOKEN_NAMES = [
  'bos_token',
  'eos_token',
  'unk_token',
  'sep_token',
  'pad_token',
  'cls_token',
  'mask_token',
] as const;

function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  return undefined;
}

/** The chat template: a string, or the entry named `default` of a list of named templates. */
function pickTemplate(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const named = value.find(
      (t: unknown) => typeof t === 'object' && t !== null && (t as { name?: unknown }).name === 'default',
    );
    const template: unknown = named === undefined ? undefined : (named as { template?: unknown }).template;
    return typeof template === 'string' ? template : null;
  }
  return null;
}

/** Reads a tokenizer_config.json; null when it carries no chat template (then web-llm's is used). */
export function parseTokenizerConfig(json: unknown): HfTemplateConfig | null {
  if (typeof json !== 'object' || json === null) throw new Error('tokenizer_config.json is not a JSON object');
  const config = json as Record<string, unknown>;
  const template = pickTemplate(config.chat_template);
  if (template === null || template.trim() === '') return null;
  const specialTokens: Record<string, string> = {};
  for (const name of SPECIAL_TOKEN_NAMES) {
    const text = tokenText(config[name]);
    if (text !== undefined) specialTokens[name] = text;
  }
  const addBos = config.add_bos_token;
  return { template, specialTokens, addBosToken: typeof addBos === 'boolean' ? addBos : undefined };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Python's `datetime.now().strftime(format)` in the C locale (English names), for the codes templates use. */
export function strftime(date: Date, format: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return format.replace(/%[YymdbBaAHMS%]/g, (code) => {
    switch (code) {
      case '%Y':
        return String(date.getFullYear());
      case '%y':
        return pad(date.getFullYear() % 100);
      case '%m':
        return pad(date.getMonth() + 1);
      case '%d':
        return pad(date.getDate());
      case '%b':
        return (MONTHS[date.getMonth()] ?? '').slice(0, 3);
      case '%B':
        return MONTHS[date.getMonth()] ?? '';
      case '%a':
        return (DAYS[date.getDay()] ?? '').slice(0, 3);
      case '%A':
        return DAYS[date.getDay()] ?? '';
      case '%H':
        return pad(date.getHours());
      case '%M':
        return pad(date.getMinutes());
      case '%S':
        return pad(date.getSeconds());
      default:
        return '%';
    }
  });
}

export interface RenderOptions {
  readonly opening: AssistantOpening;
  /** The clock behind `strftime_now` (Llama 3.2 writes today's date into its system turn). */
  readonly now?: () => Date;
}

type Message = { role: 'system' | 'user' | 'assistant'; content: string };

/** Python's `range` (the Jinja global @huggingface/jinja also defines). */
function range(start: number, stop?: number, step = 1): number[] {
  const [from, to] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0) throw new Error('range() step must not be zero');
  const out: number[] = [];
  for (let i = from; step > 0 ? i < to : i > to; i += step) out.push(i);
  return out;
}

/**
 * The globals of @huggingface/jinja's `Template.render`, except that `strftime_now` uses English
 * names like Python's C locale (the library's follows the browser's locale) and reads our clock.
 */
function globals(now: () => Date): Record<string, unknown> {
  return {
    false: false,
    true: true,
    none: null,
    False: false,
    True: true,
    None: null,
    range,
    raise_exception: (message: unknown) => {
      throw new Error(`The chat template refused the dialogue: ${String(message)}`);
    },
    strftime_now: (format: unknown) => strftime(now(), String(format)),
  };
}

/** A compiled template and its context; compile once per model. */
export class HfChatTemplate {
  private readonly compiled: Template;

  constructor(readonly config: HfTemplateConfig) {
    this.compiled = new Template(config.template);
  }

  /** The template text with `messages` and `add_generation_prompt`, as transformers renders it. */
  renderMessages(messages: readonly Message[], addGenerationPrompt: boolean, options: RenderOptions): string {
    const env = new Environment();
    const context: Record<string, unknown> = {
      ...globals(options.now ?? (() => new Date())),
      ...this.config.specialTokens,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      add_generation_prompt: addGenerationPrompt,
      tools: null,
      documents: null,
      ...(options.opening === 'empty_think_block' ? { enable_thinking: false } : {}),
    };
    for (const [name, value] of Object.entries(context)) env.set(name, value);
    const result: unknown = new Interpreter(env).run(this.compiled.parsed).value;
    if (typeof result !== 'string') throw new Error(`The chat template rendered ${typeof result}, not text`);
    return result;
  }

  /** The prompt text: dialogue with an open assistant turn, then the prefill (docs/method.md §2). */
  render(dialogue: PrefilledDialogue, options: RenderOptions): string {
    return this.renderMessages(dialogue.messages, true, options) + dialogue.prefill;
  }

  /**
   * The system message the template writes when we give none, or null (docs/method.md §2).
   * Found by rendering once with a marker system message and once without: where the template
   * writes a system turn by default, the default rendering is the marked one with the marker's
   * turn body replaced; the body is read between the turn header (up to the first line break)
   * and the text that follows the system message. A template that refuses a system role (Gemma)
   * or writes none (Qwen3) gives null.
   */
  defaultSystem(options: RenderOptions): string | null {
    const sys = 'SYSTEMMARKER7f3a';
    const user = 'USERMARKER9c1e';
    const plain = this.renderMessages([{ role: 'user', content: user }], false, options);
    let marked: string;
    try {
      marked = this.renderMessages(
        [
          { role: 'system', content: sys },
          { role: 'user', content: user },
        ],
        false,
        options,
      );
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('The chat template refused')) return null;
      throw e;
    }
    const s = marked.indexOf(sys);
    const u = marked.indexOf(user);
    const p = plain.indexOf(user);
    if (s < 0 || u < s || p < 0) return null;
    const lead = marked.slice(s + sys.length, u); // end of the system turn + the user header
    const head = plain.slice(0, p);
    if (lead === '' || !head.endsWith(lead)) return null;
    const bos = this.config.specialTokens.bos_token ?? '';
    let block = head.slice(0, head.length - lead.length);
    if (bos !== '' && block.startsWith(bos)) block = block.slice(bos.length);
    const header = /^[^\n]*\n+/.exec(block)?.[0] ?? '';
    return block.slice(header.length);
  }
}

/** SHA-256 of a text, lower-case hex (WebCrypto: browsers, workers and Node ≥ 20). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
