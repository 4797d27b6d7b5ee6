/** Option parsing on node:util parseArgs, in process: help on every command, one-line errors naming the option, exit codes. */
import { describe, expect, it } from 'vitest';
import { getBenchmark } from '../../src/lib/benchmarks/registry';
import { parseCommandArgs } from '../../src/cli/args';
import { main } from '../../src/cli/commands';
import { parseEvalOptions } from '../../src/cli/evalOptions';

const OPTIONS = {
  name: { type: 'string' },
  tag: { type: 'string', multiple: true },
  dry: { type: 'boolean' },
} as const;

/** Usage and option errors return before any file, data or server is touched. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const EVAL = [
  '--base-url',
  'http://127.0.0.1:1/v1',
  '--model',
  'm',
  '--benchmark',
  'bbq',
  '--conditions',
  'q',
  '--sample',
  '4',
  '--seed',
  '1',
  '--out',
  'x.json',
];

describe('parseCommandArgs', () => {
  it('reads strings, repeated lists, booleans, inline values and positionals', () => {
    const r = parseCommandArgs(['--name', 'a', '--tag', 'x', '--tag=y', '--dry', 'pos'], OPTIONS, true);
    expect(r).toEqual({ kind: 'ok', values: { name: 'a', tag: ['x', 'y'], dry: true }, positionals: ['pos'] });
  });

  it('answers help for --help and -h, whatever else is given', () => {
    expect(parseCommandArgs(['--help'], OPTIONS)).toEqual({ kind: 'help' });
    expect(parseCommandArgs(['--name', 'a', '-h'], OPTIONS)).toEqual({ kind: 'help' });
  });

  it('refuses mistakes with one line that names the option', () => {
    const message = (argv: string[], positionals = false) => {
      const r = parseCommandArgs(argv, OPTIONS, positionals);
      return r.kind === 'error' ? r.message : `not an error: ${r.kind}`;
    };
    expect(message(['--frob'])).toBe('unknown option --frob');
    expect(message(['-x'])).toBe('unknown option -x');
    expect(message(['--name'])).toBe('option --name needs a value');
    expect(message(['--name', '--dry'])).toMatch(
      /^option --name needs a value \(for a value that starts with "-", write --name=<value>\)$/,
    );
    expect(message(['--dry=1'])).toBe('option --dry takes no value');
    expect(message(['--name', 'a', '--name', 'b'])).toBe('option --name given twice');
    expect(message(['stray'])).toBe('unexpected argument "stray"');
    expect(message(['--frob'], true)).toBe('unknown option --frob');
    for (const argv of [['--frob'], ['--name'], ['--name', '--dry'], ['stray']])
      expect(message(argv)).not.toMatch(/\n/);
  });
});

describe('parseEvalOptions', () => {
  it('keeps repeated --model and --benchmark (and comma lists)', () => {
    const r = parseEvalOptions([...EVAL, '--model', 'n,o', '--benchmark', 'bbq']);
    expect(r.kind === 'ok' && r.options.models).toEqual(['m', 'n', 'o']);
    expect(r.kind === 'ok' && r.options.benchmarks).toEqual(['bbq']);
  });

  it.runIf(getBenchmark('winogender') !== undefined)('--benchmark bbq --benchmark winogender gives both', () => {
    const r = parseEvalOptions([...EVAL, '--benchmark', 'winogender']);
    expect(r.kind === 'ok' && r.options.benchmarks).toEqual(['bbq', 'winogender']);
  });

  it('--option-orders: 1 by default, 3 for option-order debiasing, anything else named', () => {
    const orders = (argv: string[]) => {
      const r = parseEvalOptions([...EVAL, ...argv]);
      return r.kind === 'ok' ? r.options.optionOrders : r;
    };
    expect(orders([])).toBe(1);
    expect(orders(['--option-orders', '3'])).toBe(3);
    expect(orders(['--option-orders', '2'])).toEqual({
      kind: 'error',
      message: '--option-orders must be 1 or 3, got "2"',
    });
  });

  it('reads numbers with their defaults, and names a bad one', () => {
    const r = parseEvalOptions([...EVAL, '--timeout', '30', '--top-p', '0.9']);
    expect(r.kind === 'ok' && r.options).toMatchObject({
      sampleSize: 4,
      seed: 1,
      concurrency: 1,
      timeoutMs: 30_000,
      retries: 3,
      generation: { topP: 0.9 },
    });
    expect(parseEvalOptions([...EVAL, '--concurrency', '0'])).toEqual({
      kind: 'error',
      message: '--concurrency must be an integer ≥ 1, got "0"',
    });
    expect(parseEvalOptions([...EVAL.slice(0, -4), '--seed=-1', '--out', 'x.json'])).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/^--seed must be an integer ≥ 0/),
    });
    expect(parseEvalOptions([...EVAL, '--temperature', 'hot'])).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/^--temperature must be a number/),
    });
    expect(parseEvalOptions([...EVAL, '--seed', '2'])).toEqual({ kind: 'error', message: 'option --seed given twice' });
    expect(parseEvalOptions(EVAL.filter((a, i) => a !== '--out' && EVAL[i - 1] !== '--out'))).toEqual({
      kind: 'error',
      message: '--out is required',
    });
  });
});

describe('parseEvalOptions --plan', () => {
  it('is off by default; with it --base-url, --model and --out may be left out, the rest is still required', () => {
    const r = parseEvalOptions(EVAL);
    expect(r.kind === 'ok' && r.options.plan).toBe(false);
    const plan = parseEvalOptions([
      '--plan',
      '--benchmark',
      'bbq',
      '--conditions',
      'q',
      '--sample',
      '10',
      '--seed',
      '1',
    ]);
    expect(plan).toMatchObject({
      kind: 'ok',
      options: { plan: true, baseUrl: '', models: [], out: '', sampleSize: 10 },
    });
    expect(parseEvalOptions(['--plan', '--benchmark', 'bbq', '--conditions', 'q', '--seed', '1'])).toEqual({
      kind: 'error',
      message: '--sample is required',
    });
    expect(parseEvalOptions([...EVAL, '--plan=yes'])).toEqual({
      kind: 'error',
      message: 'option --plan takes no value',
    });
    // A given --base-url is still checked.
    expect(
      parseEvalOptions([
        '--plan',
        '--benchmark',
        'bbq',
        '--conditions',
        'q',
        '--sample',
        '1',
        '--seed',
        '1',
        '--base-url',
        'x',
      ]),
    ).toMatchObject({ kind: 'error', message: expect.stringMatching(/^--base-url: /) });
  });
});

describe('cli main: --help everywhere, usage errors exit 2', () => {
  it('prints usage on stdout and exits 0 for --help and -h of every command and the top level', async () => {
    for (const argv of [
      ['--help'],
      ['-h'],
      ['help'],
      ['eval', '--help'],
      ['eval', '-h'],
      ['score', '--help'],
      ['score', 'bbq', '-h'],
      ['help', 'eval'],
    ]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.out, argv.join(' ')).toMatch(/^usage: /);
      expect(r.err).toBe('');
    }
    expect((await run(['eval', '--help'])).out).toMatch(/--base-url <url>/);
    expect((await run(['score', '--help'])).out).toMatch(/--predictions <file\.jsonl>/);
    expect((await run(['--help'])).out).toMatch(/commands:\n {2}score: .*\n[\s\S]* {2}eval: /);
  });

  it('names an unknown option in one line, with usage, and exits 2', async () => {
    const e = await run(['eval', ...EVAL, '--frobnicate', '3']);
    expect(e.code).toBe(2);
    expect(e.err.split('\n')[0]).toBe('error: unknown option --frobnicate');
    expect(e.err).toMatch(/\nusage: eval /);
    const s = await run(['score', 'bbq', '--frobnicate']);
    expect(s.code).toBe(2);
    expect(s.err.split('\n')[0]).toBe('error: unknown option --frobnicate');
    const top = await run(['--frobnicate']);
    expect(top.code).toBe(2);
    expect(top.err.split('\n')[0]).toBe('error: unknown option --frobnicate');
    expect((await run([])).code).toBe(2);
  });
});

describe('parseEvalOptions: models with sizes and a family (issue 14)', () => {
  const base = EVAL.filter((a, i) => a !== '--model' && EVAL[i - 1] !== '--model');
  const options = (argv: string[]) => {
    const r = parseEvalOptions([...base, ...argv]);
    if (r.kind !== 'ok') throw new Error(r.kind === 'error' ? r.message : r.kind);
    return r.options;
  };

  it('reads NAME=SIZE in each unit, keeps the order, and records each size', () => {
    const o = options(['--model', 'small=494M', '--model', 'mid=7.6B', '--model', 'big=7.6e10']);
    expect(o.models).toEqual(['small', 'mid', 'big']);
    expect(o.modelInfo).toEqual({ small: { params: 494e6 }, mid: { params: 7.6e9 }, big: { params: 7.6e10 } });
    expect(o.notes).toEqual([]);
  });

  it('prefills size, family and build from the catalogue or the name, and says so', () => {
    const o = options(['--model', 'Qwen/Qwen2.5-7B-Instruct', '--model', 'qwen2.5:72b-instruct-q4_K_M']);
    expect(o.modelInfo).toEqual({
      'Qwen/Qwen2.5-7B-Instruct': { params: 7.61e9, family: 'qwen2.5', hfId: 'Qwen/Qwen2.5-7B-Instruct' },
      'qwen2.5:72b-instruct-q4_K_M': { params: 72e9, family: 'qwen2.5', quantization: 'q4_K_M' },
    });
    expect(o.notes).toHaveLength(2);
    expect(o.notes[0]).toMatch(/^--model Qwen\/Qwen2\.5-7B-Instruct: size 7\.61B read from/);
  });

  it('gives every model the --family label; a size given wins over the name', () => {
    const o = options(['--model', 'a=1.5B,b=3B', '--model', 'Qwen2.5-7B-Instruct=7B', '--family', 'Mine']);
    expect(o.modelInfo).toEqual({
      a: { params: 1.5e9, family: 'Mine' },
      b: { params: 3e9, family: 'Mine' },
      'Qwen2.5-7B-Instruct': { params: 7e9, family: 'Mine' },
    });
  });

  it('leaves modelInfo out when nothing is known (so older files still resume)', () => {
    expect(options(['--model', 'fake-model']).modelInfo).toBeUndefined();
  });

  it('names a bad size, an empty name and a repeated model', () => {
    const message = (argv: string[]) => {
      const r = parseEvalOptions([...base, ...argv]);
      return r.kind === 'error' ? r.message : r.kind;
    };
    expect(message(['--model', 'm=7.6'])).toBe(
      '--model m: the size "7.6" is not a parameter count (write e.g. 494M, 7.6B or 7.6e9)',
    );
    expect(message(['--model', '=7B'])).toBe('--model "=7B" needs a model name before "="');
    expect(message(['--model', 'm', '--model', 'm=1B'])).toBe('--model m given twice');
    expect(message(['--model', 'm', '--family', ' '])).toBe('--family needs a label');
  });
});
