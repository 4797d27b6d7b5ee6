/**
 * The command-line dispatcher (`npm run cli -- <command> ...`), apart from the process entry
 * (main.ts) so tests can call it: `--help`/`-h`/`help [command]` print usage and exit 0; no command,
 * an unknown command or an unknown top-level option print usage on stderr and exit 2. Each
 * subcommand parses its own options (args.ts) and returns (or resolves to) its exit code.
 */
import { runEval, type EvalIo } from './eval';
import { EVAL_USAGE } from './evalOptions';
import { runScore, SCORE_USAGE } from './score';
import { runStudy, STUDY_USAGE } from './study';
import { runTrials, TRIALS_USAGE } from './trials';

type Command = {
  readonly run: (argv: readonly string[], io: EvalIo) => number | Promise<number>;
  readonly usage: string;
};

const COMMANDS: Readonly<Record<string, Command>> = {
  score: { run: runScore, usage: SCORE_USAGE },
  eval: { run: runEval, usage: EVAL_USAGE },
  study: { run: runStudy, usage: STUDY_USAGE },
  trials: { run: runTrials, usage: TRIALS_USAGE },
};

export const USAGE = `usage: npm run cli -- <command> [options]   (npm run cli -- <command> --help for one command)
commands:
${Object.entries(COMMANDS)
  .map(
    ([name, c]) =>
      `  ${name}: ${c.usage
        .replace(/^usage: /, '')
        .split('\n')
        .join('\n    ')}`,
  )
  .join('\n')}`;

export function main(argv: readonly string[], io: EvalIo): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' && rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
    io.out(`${topic?.usage ?? USAGE}\n`);
    return 0;
  }
  if (command === undefined) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    io.err(
      `error: ${command.startsWith('-') ? `unknown option ${command}` : `unknown command "${command}"`}\n${USAGE}\n`,
    );
    return 2;
  }
  return entry.run(rest, io);
}
