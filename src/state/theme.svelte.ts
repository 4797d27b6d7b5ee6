/**
 * Light / dark / system theme, remembered in this browser. Applies `data-theme` on <html>;
 * "system" removes it so the CSS follows prefers-color-scheme.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'theme';

export class Theme {
  #choice = $state<ThemeChoice>('system');

  constructor(private readonly storage: Storage | undefined = globalThis.localStorage) {
    const saved = storage?.getItem(KEY);
    if (saved === 'light' || saved === 'dark' || saved === 'system') this.#choice = saved;
    this.#apply();
  }

  get choice(): ThemeChoice {
    return this.#choice;
  }

  /** Cycles system → light → dark → system. */
  cycle(): void {
    this.set(this.#choice === 'system' ? 'light' : this.#choice === 'light' ? 'dark' : 'system');
  }

  set(choice: ThemeChoice): void {
    this.#choice = choice;
    this.storage?.setItem(KEY, choice);
    this.#apply();
  }

  #apply(): void {
    const root = globalThis.document?.documentElement;
    if (!root) return;
    if (this.#choice === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', this.#choice);
  }
}
