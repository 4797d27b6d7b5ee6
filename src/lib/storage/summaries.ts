/**
 * What the IndexedDB adapter keeps beside a run's trials so that opening a large run is cheap:
 * its trial revision, its summary (core/run-summary.ts: every trial in columns; kept as a head
 * of kilobytes and its columns of megabytes, so that counts and provenance read alone) and
 * metric rows computed from that summary. Every transaction that writes or deletes trials of a run gives the
 * run a new revision (`bumpRevisions`, inside that transaction), and a summary or rows are
 * served only while their revision is the run's current one, so they never outlive a change of
 * the trials they were made from. A summary is rebuilt from the trials when missing or stale,
 * and written back only if no trial changed meanwhile.
 */
import type { IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import type { MetricRow, TrialRecord } from '../core/records';
import { RunSummaryBuilder, SUMMARY_FORMAT, type RunSummary, type RunSummaryHead } from '../core/run-summary';
import type { CachedMetrics, Db, KeptColumns, ResultsDB } from './schema';

/** The revision of a run none of whose trials was written since revisions exist (or with none). */
export const NO_REVISION = '';

let issued = 0;
/** A token no other write (in this tab or another) gives: time, a counter and chance. */
export function newRevision(): string {
  issued++;
  return `${Date.now().toString(36)}-${issued.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

type RevisionStore = IDBPObjectStore<ResultsDB, StoreNames<ResultsDB>[], 'revisions', 'readwrite'>;

/** Gives each run of `trials` a new revision, in the transaction that writes them (its requests). */
export function bumpRevisions(store: RevisionStore, trials: Iterable<TrialRecord>): Promise<unknown>[] {
  const runs = new Set<string>();
  for (const t of trials) runs.add(t.runId);
  return [...runs].map((runId) => store.put(newRevision(), runId));
}

/** Trials read per request: a few milliseconds of deserialising each. */
export const READ_PAGE = 2_000;

type TrialsTx = IDBPTransaction<ResultsDB, StoreNames<ResultsDB>[], 'readonly'>;

/**
 * Hands every trial of a run to `visit`, in key order, READ_PAGE at a time within `tx`. The
 * browser deserialises a request's records in the task that delivers them: one getAll of a
 * complete BBQ run (175k trials) froze the page for 1.5 s; pages keep each task short. Every
 * trial key starts with `${runId}|` (trialKey), so a page is a range of primary keys from
 * `${runId}|` up to `${runId}}` ('}' follows '|'); a run whose id extends this one's with "|…"
 * shares the range, hence the runId check.
 */
export async function forEachRunTrial(tx: TrialsTx, runId: string, visit: (t: TrialRecord) => void): Promise<void> {
  const store = tx.objectStore('trials');
  const end = `${runId}}`;
  let range = IDBKeyRange.bound(`${runId}|`, end, false, true);
  for (;;) {
    const page = await store.getAll(range, READ_PAGE);
    for (const t of page) if (t.runId === runId) visit(t);
    const last = page[page.length - 1];
    if (page.length < READ_PAGE || last === undefined) break;
    range = IDBKeyRange.bound(last.key, end, true, true);
  }
}

const current = (stored: { readonly revision: string } | undefined, revision: string | undefined): boolean =>
  stored !== undefined && stored.revision === (revision ?? NO_REVISION);

/** The head of the run's kept summary if it is current (its revision is the run's), else null. */
export async function loadRunSummaryHead(db: Db, runId: string): Promise<RunSummaryHead | null> {
  const read = db.transaction(['revisions', 'summaries']);
  const [revision, head] = await Promise.all([
    read.objectStore('revisions').get(runId),
    read.objectStore('summaries').get(runId),
  ]);
  return head !== undefined && head.format === SUMMARY_FORMAT && current(head, revision) ? head : null;
}

/** The run's kept summary (head and columns) if it is current, else null. */
async function currentSummary(db: Db, runId: string): Promise<RunSummary | null> {
  const read = db.transaction(['revisions', 'summaries', 'columns']);
  const [revision, head, kept] = await Promise.all([
    read.objectStore('revisions').get(runId),
    read.objectStore('summaries').get(runId),
    read.objectStore('columns').get(runId),
  ]);
  return head !== undefined && head.format === SUMMARY_FORMAT && current(head, revision) && current(kept, revision)
    ? { ...head, columns: (kept as KeptColumns).columns }
    : null;
}

/**
 * The run's summary built from its trials, read in one transaction (each also handed to
 * `visit`), and kept (head and columns in one transaction) if the run's revision is still the
 * one read.
 */
export async function rebuildRunSummary(
  db: Db,
  runId: string,
  visit: (t: TrialRecord) => void = () => undefined,
): Promise<RunSummary> {
  const tx = db.transaction(['revisions', 'trials']);
  const builder = new RunSummaryBuilder(runId);
  const [seen] = await Promise.all([
    tx.objectStore('revisions').get(runId),
    forEachRunTrial(tx, runId, (t) => {
      builder.add(t);
      visit(t);
    }),
  ]);
  await tx.done;
  const summary = builder.finish(seen ?? NO_REVISION);

  const write = db.transaction(['revisions', 'summaries', 'columns'], 'readwrite');
  if (current(summary, await write.objectStore('revisions').get(runId))) {
    const { columns, ...head } = summary;
    await Promise.all([
      write.objectStore('summaries').put(head),
      write.objectStore('columns').put({ runId, revision: summary.revision, columns }),
    ]);
  }
  await write.done;
  return summary;
}

/**
 * The run's summary as of its current revision: the kept one when it is current, else (with
 * `rebuild`) one built from the trials (`rebuildRunSummary`); without `rebuild`, null when none
 * is current.
 */
export async function loadRunSummary(db: Db, runId: string, rebuild: boolean): Promise<RunSummary | null> {
  const kept = await currentSummary(db, runId);
  return kept ?? (rebuild ? rebuildRunSummary(db, runId) : null);
}

/** Rows kept for the run by `recipe`, while its trials are as they were when the rows were computed; else null. */
export async function loadCachedMetrics(db: Db, runId: string, recipe: string): Promise<MetricRow[] | null> {
  const tx = db.transaction(['revisions', 'metrics']);
  const [current, cached] = await Promise.all([
    tx.objectStore('revisions').get(runId),
    tx.objectStore('metrics').get(runId),
  ]);
  return cached !== undefined && cached.recipe === recipe && cached.revision === (current ?? NO_REVISION)
    ? [...cached.rows]
    : null;
}

/** Keeps `entry` if its revision is still the run's; true when kept. */
export async function saveCachedMetrics(db: Db, entry: CachedMetrics): Promise<boolean> {
  const tx = db.transaction(['revisions', 'metrics'], 'readwrite');
  const current = (await tx.objectStore('revisions').get(entry.runId)) ?? NO_REVISION;
  const keep = current === entry.revision;
  if (keep) await tx.objectStore('metrics').put(entry);
  await tx.done;
  return keep;
}
