/**
 * Command-line flag parsing shared by subcommands: `--name value` pairs and positionals.
 * Pure; an unknown flag, a repeated flag not declared repeatable, or a flag without a value is
 * a usage error (a value). `flags` holds the first value of each flag, `lists` every value.
 */

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly flags: ReadonlyMap<string, string>;
  readonly lists: ReadonlyMap<string, readonly string[]>;
}

export type ArgsResult = { readonly kind: 'ok'; readonly args: ParsedArgs } | { readonly kind: 'error'; readonly message: string };

export function parseArgs(argv: readonly string[], known: readonly string[], repeatable: readonly string[] = []): ArgsResult {
  const positionals: string[] = [];
  const flags = new Map<string, string>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (!known.includes(name)) return { kind: 'error', message: `unknown option --${name}` };
    if (flags.has(name) && !repeatable.includes(name)) return { kind: 'error', message: `option --${name} given twice` };
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) return { kind: 'error', message: `option --${name} needs a value` };
    if (!flags.has(name)) flags.set(name, value);
    lists.set(name, [...(lists.get(name) ?? []), value]);
  }
  return { kind: 'ok', args: { positionals, flags, lists } };
}

/** A non-negative integer flag, or its default; a message when malformed. */
export function parseIntegerFlag(args: ParsedArgs, name: string, fallback: number, min: number): number | string {
  const raw = args.flags.get(name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) return `--${name} must be an integer ≥ ${min}, got "${raw}"`;
  return Number(raw);
}
