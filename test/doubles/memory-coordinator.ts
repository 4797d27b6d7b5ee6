/**
 * Tabs in one process: coordinators sharing one lock table and one message bus, with the same
 * semantics as Web Locks (ifAvailable) + BroadcastChannel (no echo to the sender), so the
 * two-tab behaviour of the state objects can be tested in Node.
 */
import type { Coordinator, Exclusive, RunAnnouncement } from '../../src/state/coordination';

export class MemoryBus {
  readonly held = new Map<string, string>();
  readonly listeners = new Set<{ tab: string; listener: (a: RunAnnouncement) => void }>();

  tab(tab: string): Coordinator {
    return {
      tab,
      crossTab: true,
      exclusive: async <T>(runId: string, task: () => Promise<T>): Promise<Exclusive<T>> => {
        if (this.held.has(runId)) return { kind: 'busy' };
        this.held.set(runId, tab);
        try {
          return { kind: 'ran', value: await task() };
        } finally {
          this.held.delete(runId);
        }
      },
      heldElsewhere: async () => [...this.held].filter(([, t]) => t !== tab).map(([id]) => id),
      announce: (a) => {
        for (const l of this.listeners) if (l.tab !== tab) l.listener({ ...a, tab });
      },
      subscribe: (listener) => {
        const entry = { tab, listener };
        this.listeners.add(entry);
        return () => this.listeners.delete(entry);
      },
    };
  }
}
