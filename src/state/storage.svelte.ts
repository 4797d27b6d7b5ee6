/**
 * This origin's storage: whether the browser promised to keep it (persistent storage, asked
 * for when a run starts, so results are not evicted under pressure), and how much is used of
 * the quota. Where the Storage API is missing, both stay unknown and the page says so.
 */
export class StorageStatus {
  persisted = $state<boolean | null>(null);
  usage = $state<number | null>(null);
  quota = $state<number | null>(null);

  constructor(private readonly manager: StorageManager | undefined = globalThis.navigator?.storage) {}

  async refresh(): Promise<void> {
    if (!this.manager) return;
    try {
      const [persisted, estimate] = await Promise.all([this.manager.persisted(), this.manager.estimate()]);
      this.persisted = persisted;
      this.usage = estimate.usage ?? null;
      this.quota = estimate.quota ?? null;
    } catch (e) {
      console.warn('Storage estimate unavailable:', e);
    }
  }

  /** Asks once to keep this site's data; browsers may grant it silently or decline. */
  async requestPersistence(): Promise<void> {
    if (!this.manager || this.persisted) return;
    try {
      this.persisted = await this.manager.persist();
    } catch (e) {
      console.warn('Persistent storage request failed:', e);
    }
    await this.refresh();
  }
}
