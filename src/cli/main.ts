/**
 * Command-line entry (`npm run cli -- <command> ...`): a small dispatcher over subcommands that
 * run the same pure core as the app, in Node. Each subcommand returns its exit code.
 */
import { runScore, SCORE_USAGE } from './score';
import type { Io } from './score';

const COMMANDS: Readonly<Record<string, { readonly run: (argv: readonly string[], io: Io) => number; readonly usage: string }>> = {
  score: { run: runScore, usage: SCORE_USAGE },
};

export const USAGE = `usage: npm run cli -- <command> [options]
commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name}: ${c.usage.replace(/^usage: /, '').split('\n').join('\n    ')}`)
  .join('\n')}`;

export function main(argv: readonly string[], io: Io): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.err : io.out)(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    io.err(`error: unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  return entry.run(rest, io);
}

process.exitCode = main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
