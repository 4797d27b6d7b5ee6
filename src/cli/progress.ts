/**
 * The progress line of `cli eval` on stderr: trials done / planned, rate, time left, failures.
 * On a terminal it redraws one line (\r); otherwise (logs, CI, tests) it prints a line at most
 * every `everyMs` and at the end, so logs stay short. Rate and time left come from the page's
 * own sliding window (lib/runner/progress.ts).
 */
import { progressFigures, RateWindow } from '../lib/runner/progress';

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatProgress(done: number, planned: number, rate: number | null, failed: number, width = 24): string {
  const figures = progressFigures(done, planned, rate);
  const fraction = planned > 0 ? done / planned : 1;
  const filled = Math.round(fraction * width);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  const rateText = rate === null ? '- trials/s' : `${rate.toFixed(rate < 10 ? 2 : 1)} trials/s`;
  return `[${bar}] ${done}/${planned} ${Math.floor(fraction * 100)}% · ${rateText} · ${formatDuration(figures.secondsLeft)} left${failed > 0 ? ` · ${failed} failed` : ''}`;
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
