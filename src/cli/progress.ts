/**
 * The progress line of `cli eval` on stderr: trials done / planned, rate, time left, failures.
 * On a terminal it redraws one line (\r); otherwise (logs, CI, tests) it prints a line at most
 * every `everyMs` and at the end, so logs stay short. Rate and time left come from the page's
 * own sliding window (lib/runner/progress.ts).
 */
import { progressFigures, RateWindow } from '../lib/runner/progress';
import { formatDurationCompact, formatFixed, formatInteger, formatPercent } from '../lib/core/format';

export function formatProgress(done: number, planned: number, rate: number | null, failed: number, width = 24): string {
  const figures = progressFigures(done, planned, rate);
  const fraction = planned > 0 ? done / planned : 1;
  const filled = Math.round(fraction * width);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  const rateText = rate === null ? '- trials/s' : `${formatFixed(rate, rate < 10 ? 2 : 1)} trials/s`;
  const left = figures.secondsLeft === null ? '?' : formatDurationCompact(figures.secondsLeft);
  const percent = formatPercent(Math.floor(fraction * 100) / 100);
  return `[${bar}] ${formatInteger(done)}/${formatInteger(planned)} ${percent} · ${rateText} · ${left} left${failed > 0 ? ` · ${formatInteger(failed)} failed` : ''}`;
}

export class ProgressLine {
  readonly #write: (text: string) => void;
  readonly #tty: boolean;
  readonly #everyMs: number;
  readonly #rate = new RateWindow();
  #lastPrint = 0;
  #open = false;

  constructor(write: (text: string) => void, tty: boolean, everyMs = 5000) {
    this.#write = write;
    this.#tty = tty;
    this.#everyMs = everyMs;
  }

  update(done: number, planned: number, failed: number, now = Date.now()): void {
    this.#rate.add(now);
    const line = formatProgress(done, planned, this.#rate.rate(), failed);
    if (this.#tty) {
      this.#write(`\r${line}\x1b[K`);
      this.#open = true;
    } else if (done === planned || now - this.#lastPrint >= this.#everyMs) {
      this.#write(`${line}\n`);
      this.#lastPrint = now;
    }
  }

  /** Ends the redrawn line before other output. */
  break(): void {
    if (this.#open) this.#write('\n');
    this.#open = false;
  }
}
