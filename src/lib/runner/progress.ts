/**
 * Rate and time-left of a running evaluation, from trial completion times. Pure so it can be
 * tested without a browser: a sliding window of recent completions gives a rate that follows
 * model changes (a 7B model is slower than a 0.5B one) instead of averaging over the run.
 */
export interface ProgressFigures {
  readonly done: number;
  readonly planned: number;
  /** Trials per second over the recent window, null until two trials finished. */
  readonly rate: number | null;
  /** Seconds left at the current rate, null when unknown. */
  readonly secondsLeft: number | null;
}

export class RateWindow {
  readonly #times: number[] = [];
  constructor(private readonly size = 30) {}

  add(timeMs: number): void {
    this.#times.push(timeMs);
    if (this.#times.length > this.size) this.#times.shift();
  }

  clear(): void {
    this.#times.length = 0;
  }

  /** Completions per second between the oldest and newest time in the window. */
  rate(): number | null {
    const first = this.#times[0];
    const last = this.#times[this.#times.length - 1];
    if (first === undefined || last === undefined || this.#times.length < 2 || last <= first) return null;
    return ((this.#times.length - 1) * 1000) / (last - first);
  }
}

export function progressFigures(done: number, planned: number, rate: number | null): ProgressFigures {
  const left = Math.max(0, planned - done);
  return { done, planned, rate, secondsLeft: rate && rate > 0 ? left / rate : left === 0 ? 0 : null };
}
