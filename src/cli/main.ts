/**
 * Command-line entry (`npm run cli -- <command> ...`): a small dispatcher over subcommands that
 * run the same pure core as the app, in Node. Each subcommand returns (or resolves to) its exit code.
 */
import { runEval, type EvalIo } from './eval';
import { EVAL_USAGE } from './evalOptions';
import { runScore, SCORE_USAGE } from './score';

type Command = { readonly run: (argv: readonly string[], io: EvalIo) => number | Promise<number>; readonly usage: string };

const COMMANDS: Readonly<Record<string, Command>> = {
  score: { run: runScore, usage: SCORE_USAGE },
  eval: { run: runEval, usage: EVAL_USAGE },
};

export const USAGE = `usage: npm run cli -- <command> [options]
commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name}: ${c.usage.replace(/^usage: /, '').split('\n').join('\n    ')}`)
  .join('\n')}`;

export function main(argv: readonly string[], io: EvalIo): number | Promise<number> {
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

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  tty: process.stderr.isTTY,
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
});
