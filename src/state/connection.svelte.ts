/**
 * This tab's hold on stored results, as App.svelte shows it: opening waits for other tabs that
 * hold an older version of the database; the connection closed because another tab opened a
 * newer version (this tab lets go at once so that tab never hangs) or because the browser closed
 * it; or the database was made by a newer version of the app than this page. The store reports
 * through `onStoreEvent`, handed to it by the composition root.
 */
import { assertNever } from '../lib/core/ids';
import type { StoreEvent } from '../lib/storage/port';

export type ConnectionNotice = 'waiting' | 'updated_elsewhere' | 'terminated' | 'newer_version';

/** Plain words for each notice; `reload`: the page is of no further use until it reloads. */
export const NOTICES: Readonly<
  Record<ConnectionNotice, { readonly title: string; readonly message: string; readonly reload: boolean }>
> = {
  waiting: {
    title: 'Waiting for other tabs',
    message:
      'Close the other tabs of this app: one of them holds an older version of the stored results, which this version needs to upgrade. This page goes on by itself once they are closed.',
    reload: false,
  },
  updated_elsewhere: {
    title: 'This app was updated in another tab; reload to continue',
    message:
      'Another tab opened a newer version of this app, so this tab let go of the stored results. Nothing was lost: trials stored so far are kept, and a run that was going paused. Reload to continue with the new version (then resume the run).',
    reload: true,
  },
  terminated: {
    title: "The browser closed this app's storage",
    message:
      'The browser closed the database that keeps results (its site data may have been cleared, or the browser is shutting down), so nothing more can be saved here. Reload to continue; any run that was going paused.',
    reload: true,
  },
  newer_version: {
    title: 'A newer version of this app has stored data here; reload to get it',
    message:
      'The stored results were written by a newer version of this app (open in another tab, or opened here before). This older page cannot read them and changed nothing. Reload to get the newer version.',
    reload: true,
  },
};

export class StoreConnection {
  notice = $state<ConnectionNotice | null>(null);

  /** The store's news (hand this to the adapter). */
  readonly onStoreEvent = (event: StoreEvent): void => {
    switch (event.kind) {
      case 'blocked':
        this.notice = 'waiting';
        break;
      case 'closed':
        this.notice = event.reason === 'upgraded_elsewhere' ? 'updated_elsewhere' : 'terminated';
        break;
      default:
        assertNever(event, 'store event');
    }
  };

  /** Opening finished: a wait for other tabs is over. */
  opened(): void {
    if (this.notice === 'waiting') this.notice = null;
  }

  newerVersion(): void {
    this.notice = 'newer_version';
  }

  /** True once stored results can no longer be read or written from this page. */
  get closed(): boolean {
    return this.notice !== null && NOTICES[this.notice].reload;
  }
}
