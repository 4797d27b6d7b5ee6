/**
 * Reads web-llm's runtime statistics text ("prefill: 812.3456 tokens/sec, decoding: 41.2000
 * tokens/sec", llm_chat.ts:636-640) into numbers. Before any request web-llm divides 0 by 0 and
 * prints NaN: that, or any other text, gives null.
 */
import type { EngineRates } from '../types';

export function parseRuntimeStats(text: string): EngineRates | null {
  const m = /prefill:\s*([\d.eE+-]+)\s*tokens\/sec,\s*decoding:\s*([\d.eE+-]+|NaN)\s*tokens\/sec/.exec(text);
  if (!m) return null;
  const prefill = Number(m[1]);
  const decode = Number(m[2]);
  if (!Number.isFinite(prefill) || prefill <= 0) return null;
  return { prefillTokensPerS: prefill, decodeTokensPerS: Number.isFinite(decode) && decode > 0 ? decode : 0 };
}
