/** Shareable links: a run configuration round-trips through the URL; bad values are reported; no keys. */
import { describe, expect, it } from 'vitest';
import { decodeSetup, encodeSetup, type SharedSetup } from '../../src/state/share';

describe('shareable run links', () => {
  it('round-trip a browser configuration', () => {
    const setup: SharedSetup = {
      benchmarks: ['bbq', 'winogender'],
      conditions: ['q', 'q_if_cot'],
      sampleSize: 120,
      seed: 7,
      engine: 'webllm',
      models: ['Qwen2.5-0.5B-Instruct-q4f16_1-MLC', 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC'],
    };
    expect(decodeSetup(encodeSetup(setup))).toEqual({ setup, problems: [] });
  });

  it('round-trip a server configuration without any key', () => {
    const setup: SharedSetup = {
      benchmarks: ['admissions'],
      conditions: ['q'],
      sampleSize: 'all',
      seed: -3,
      engine: 'openai',
      baseUrl: 'http://gpu-box:8000/v1',
      serverModels: [{ name: 'Qwen/Qwen2.5-72B-Instruct', paramsB: 72 }],
    };
    const query = encodeSetup(setup);
    expect(query).not.toMatch(/key/i);
    expect(decodeSetup(query)).toEqual({ setup, problems: [] });
  });

  it('round-trip several server models, sizes where known, in the single-model form for one', () => {
    const setup: SharedSetup = {
      engine: 'openai',
      serverModels: [{ name: 'a', paramsB: 7.61 }, { name: 'b' }, { name: 'c', paramsB: 0.494 }],
    };
    const query = encodeSetup(setup);
    expect(new URLSearchParams(query).get('model')).toBe('a,b,c');
    expect(new URLSearchParams(query).get('params')).toBe('7.61,,0.494');
    expect(decodeSetup(query)).toEqual({ setup, problems: [] });
    // A link made before several models: one name, its size in billions.
    expect(decodeSetup('engine=openai&model=m1&params=7').setup.serverModels).toEqual([{ name: 'm1', paramsB: 7 }]);
  });

  it('leaves out and reports what a link cannot give', () => {
    const { setup, problems } = decodeSetup(
      'benchmarks=bbq,nope&conditions=q,zz&sample=-2&seed=x&engine=gpu&params=0&key=secret',
    );
    expect(setup).toEqual({ benchmarks: ['bbq'], conditions: ['q'] });
    expect(problems).toEqual([
      'unknown benchmark "nope"',
      'unknown condition "zz"',
      'sample size "-2" is not a whole number above 0 or "all"',
      'seed "x" is not a whole number',
      'unknown engine "gpu"',
      'parameter count "0" is not a positive number',
      'the link carried an API key, which was ignored: keys are never taken from links',
    ]);
  });
});
