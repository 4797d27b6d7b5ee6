/** What the harness's measurements share: the local BBQ files, and a long-task watch. */
import { bbq, type BbqItem } from '../src/lib/benchmarks/bbq';

const BBQ_LOCAL = ['Age', 'Disability_status', 'Nationality', 'Physical_appearance', 'Religion', 'Sexual_orientation'];

export async function text(path: string): Promise<string> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
}

export async function localBbq(): Promise<BbqItem[]> {
  const files = new Map(
    await Promise.all(
      BBQ_LOCAL.map(async (c) => [`${c}.jsonl`, await text(`/data/bbq/data/${c}.jsonl`)] as [string, string]),
    ),
  );
  const parsed = bbq.parse(files);
  return [...parsed.items];
}

/** Long tasks (the API reports tasks ≥ 50 ms) observed between start() and stop(). */
export function watchLongTasks(): {
  stop(): { max: number; count: number; supported: boolean; at: [number, number][] };
} {
  const supported = PerformanceObserver.supportedEntryTypes.includes('longtask');
  const durations: number[] = [];
  const t0 = performance.now();
  /** [seconds after the start, duration ms] of each long task. */
  const at: [number, number][] = [];
  const add = (e: PerformanceEntry) => {
    durations.push(e.duration);
    at.push([Math.round((e.startTime - t0) / 10) / 100, Math.round(e.duration)]);
  };
  const observer = new PerformanceObserver((list) => list.getEntries().forEach(add));
  if (supported) observer.observe({ type: 'longtask', buffered: false });
  return {
    stop() {
      observer.takeRecords().forEach(add);
      observer.disconnect();
      return { max: durations.length ? Math.max(...durations) : 0, count: durations.length, supported, at };
    },
  };
}
