/**
 * One run, one driver: a run is executed only while its Web Lock is held, so a second tab (or
 * window) cannot drive the same run; tabs tell each other about progress over a
 * BroadcastChannel, so the others show who holds a run and update live.
 * Where the browser lacks Web Locks, runs are only guarded within this tab (said in the UI).
 */

export interface RunAnnouncement {
  readonly runId: string;
  /** The announcing tab. */
  readonly tab: string;
  readonly done: number;
  readonly planned: number;
  /** `running` while trials stream in; `stopped` when the tab let go of the run. */
  readonly phase: 'running' | 'stopped';
}

export type Exclusive<T> = { readonly kind: 'ran'; readonly value: T } | { readonly kind: 'busy' };

export interface Coordinator {
  readonly tab: string;
  /** False when the browser has no Web Locks (runs are then guarded in this tab only). */
  readonly crossTab: boolean;
  /** Runs `task` holding the run's lock; `busy` at once when another tab holds it. */
  exclusive<T>(runId: string, task: () => Promise<T>): Promise<Exclusive<T>>;
  /** Run ids whose lock another tab holds now. */
  heldElsewhere(): Promise<string[]>;
  announce(announcement: Omit<RunAnnouncement, 'tab'>): void;
  subscribe(listener: (announcement: RunAnnouncement) => void): () => void;
}

const PREFIX = 'run:';

export function createBrowserCoordinator(): Coordinator {
  const tab = crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
  const locks = globalThis.navigator?.locks;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('self-correction-runs') : null;
  const mine = new Set<string>();
  return {
    tab,
    crossTab: locks !== undefined,
    async exclusive<T>(runId: string, task: () => Promise<T>): Promise<Exclusive<T>> {
      if (mine.has(runId)) return { kind: 'busy' };
      if (!locks) {
        mine.add(runId);
        try {
          return { kind: 'ran', value: await task() };
        } finally {
          mine.delete(runId);
        }
      }
      return locks.request(PREFIX + runId, { ifAvailable: true }, async (lock): Promise<Exclusive<T>> => {
        if (lock === null) return { kind: 'busy' };
        mine.add(runId);
        try {
          return { kind: 'ran', value: await task() };
        } finally {
          mine.delete(runId);
        }
      });
    },
    async heldElsewhere(): Promise<string[]> {
      if (!locks) return [];
      const state = await locks.query();
      return (state.held ?? [])
        .map((l) => l.name ?? '')
        .filter((n) => n.startsWith(PREFIX))
        .map((n) => n.slice(PREFIX.length))
        .filter((id) => !mine.has(id));
    },
    announce(announcement) {
      channel?.postMessage({ ...announcement, tab } satisfies RunAnnouncement);
    },
    subscribe(listener) {
      if (!channel) return () => undefined;
      const handler = (event: MessageEvent<RunAnnouncement>) => listener(event.data);
      channel.addEventListener('message', handler);
      return () => channel.removeEventListener('message', handler);
    },
  };
}
