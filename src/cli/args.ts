/**
 * Command-line option parsing shared by subcommands, on Node's own `util.parseArgs` (strict:
 * unknown options, missing values and unexpected positionals are refused). This module adds what
 * the commands share: `--help`/`-h` on every command, a repeated option that is not declared
 * `multiple` is an error (not "last one wins"), and every mistake is a one-line message naming
 * the option (a value, never a throw), which the command prints with its usage (exit code 2).
 */
import { parseArgs } from 'node:util';

type OptionSpec = { readonly type: 'string' | 'boolean'; readonly multiple?: boolean; readonly short?: string };
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** The values `parseArgs` gives for these options (strings, string lists, booleans; absent when not given). */
export type OptionValues<O extends OptionSpecs> = ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'];

export type ArgsResult<O extends OptionSpecs> =
  | { readonly kind: 'ok'; readonly values: OptionValues<O>; readonly positionals: readonly string[] }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/** Node's parse error, in one line naming the option; anything else is a bug and is rethrown. */
function describeParseError(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (!(error instanceof Error) || typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw error;
  // Node quotes the option as '--name', '-n, --name' or '--name <value>'; keep the long form.
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  const name =
    quoted
      .replace(/ <value>$/, '')
      .split(', ')
      .pop() ?? quoted;
  const firstLine = error.message.split('\n')[0] ?? error.message;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${name}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${quoted}"`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(firstLine)) return `option ${name} needs a value`;
      if (/ambiguous/.test(firstLine))
        return `option ${name} needs a value (for a value that starts with "-", write ${name}=<value>)`;
      if (/does not take an argument/.test(firstLine)) return `option ${name} takes no value`;
      return firstLine;
    default:
      return firstLine;
  }
}

/**
 * Parses `argv` against `options` (plus `--help`/`-h`). `help` when asked for, before any other
 * check the command makes; positionals only when `allowPositionals`.
 */
export function parseCommandArgs<const O extends OptionSpecs>(
  argv: readonly string[],
  options: O,
  allowPositionals = false,
): ArgsResult<O> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, ...HELP }, strict: true, allowPositionals, tokens: true });
  } catch (error) {
    return { kind: 'error', message: describeParseError(error) };
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name) && options[token.name]?.multiple !== true && token.name !== 'help')
      return { kind: 'error', message: `option --${token.name} given twice` };
    seen.add(token.name);
  }
  if (seen.has('help')) return { kind: 'help' };
  // parseArgs typed the values from `options` plus `help`; the caller sees its own options.
  return { kind: 'ok', values: parsed.values as OptionValues<O>, positionals: parsed.positionals };
}

/** An integer option at least `min`, or its default; a message naming the option when malformed. */
export function parseIntegerOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
): number | string {
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)) || Number(raw) < min)
    return `--${name} must be an integer ≥ ${min}, got "${raw}"`;
  return Number(raw);
}
