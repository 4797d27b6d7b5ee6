/**
 * A deterministic toy tokenizer with web-tokenizers' encode/decode shape: greedy longest match
 * over a fixed vocabulary (special markers, a few words, and every single character it meets).
 * It has a "(a" token, so "The answer is (" + "a" merges across the prompt/candidate boundary,
 * and no " they" token, so " they" is two tokens (" the" + "y"): both cases scoring must handle.
 */
import type { TokenizerLike } from '../../src/lib/engine/webllm/tokens';

export const TOY_WORDS: readonly string[] = [
  '<|im_start|>',
  '<|im_end|>',
  '<|endoftext|>',
  '<think>',
  '</think>',
  ' he',
  ' she',
  ' the',
  'yes',
  'Yes',
  'no',
  'No',
  '(a',
  'The',
  ' answer',
  ' is',
  'END',
];

export class ToyTokenizer implements TokenizerLike {
  private readonly vocab: string[] = [...TOY_WORDS];
  private readonly ids = new Map<string, number>(TOY_WORDS.map((w, i) => [w, i]));

  /** Id of a vocabulary entry (adds single characters on first use). */
  id(piece: string): number {
    let id = this.ids.get(piece);
    if (id === undefined) {
      if ([...piece].length !== 1) throw new Error(`"${piece}" is not in the toy vocabulary`);
      id = this.vocab.length;
      this.vocab.push(piece);
      this.ids.set(piece, id);
    }
    return id;
  }

  encode(text: string): Int32Array {
    const out: number[] = [];
    let i = 0;
    while (i < text.length) {
      let best = '';
      for (const w of this.vocab) if (w.length > best.length && text.startsWith(w, i)) best = w;
      if (best === '') best = String.fromCodePoint(text.codePointAt(i) as number);
      out.push(this.id(best));
      i += best.length;
    }
    return Int32Array.from(out);
  }

  decode(ids: Int32Array): string {
    return Array.from(ids, (id) => {
      const piece = this.vocab[id];
      if (piece === undefined) throw new Error(`toy token ${id} unknown`);
      return piece;
    }).join('');
  }

  get size(): number {
    return this.vocab.length;
  }
}
