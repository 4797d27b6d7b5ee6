/**
 * Light / dark / system theme, remembered in this browser. Applies `data-theme` on <html>;
 * "system" removes it so the CSS follows prefers-color-scheme. main.ts applies the saved choice
 * before the app mounts, so a reload never flashes the other theme.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'theme';

function readChoice(storage: Storage | undefined): ThemeChoice {
  const saved = storage?.getItem(KEY);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

function applyChoice(choice: ThemeChoice): void {
  const root = globalThis.document?.documentElement;
  if (!root) return;
  if (choice === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
}

/** The saved theme, applied at once (before anything else renders). */
export function applySavedTheme(storage: Storage | undefined = globalThis.localStorage): void {
  applyChoice(readChoice(storage));
}

export class Theme {
  #choice = $state<ThemeChoice>('system');

  constructor(private readonly storage: Storage | undefined = globalThis.localStorage) {
    this.#choice = readChoice(storage);
    applyChoice(this.#choice);
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
    applyChoice(choice);
  }
}
