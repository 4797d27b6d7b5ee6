/**
 * Command-line entry (`npm run cli -- <command> ...`): runs the dispatcher (commands.ts) on this
 * process's arguments and streams, and sets the exit code it returns.
 */
import { main } from './commands';

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  tty: process.stderr.isTTY,
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
});
