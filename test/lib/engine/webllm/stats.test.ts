/** web-llm's runtime statistics text → the prefill/decode rates shown in the run view. */
import { describe, expect, it } from 'vitest';
import { parseRuntimeStats } from '../../../../src/lib/engine/webllm/stats';

describe('parseRuntimeStats', () => {
  it("reads web-llm's own text", () => {
    expect(parseRuntimeStats('prefill: 812.3456 tokens/sec, decoding: 41.2000 tokens/sec')).toEqual({
      prefillTokensPerS: 812.3456,
      decodeTokensPerS: 41.2,
    });
  });

  it('gives 0 for decoding before anything was generated, null before any request', () => {
    expect(parseRuntimeStats('prefill: 500.0000 tokens/sec, decoding: NaN tokens/sec')).toEqual({
      prefillTokensPerS: 500,
      decodeTokensPerS: 0,
    });
    expect(parseRuntimeStats('prefill: NaN tokens/sec, decoding: NaN tokens/sec')).toBeNull();
    expect(parseRuntimeStats('')).toBeNull();
  });
});
