/**
 * The chart drawing queue (src/ui/charts/draw-queue.ts): charts draw in the order they were
 * queued, each in a task of its own (the microtasks of one chart's task run before the next
 * chart draws), never in the task that queued them, and a cancelled drawing never runs.
 */
import { describe, expect, it } from 'vitest';
import { drawSoon } from '../../../src/ui/charts/draw-queue';

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('drawSoon', () => {
  it('draws in order, one chart per task, skipping cancelled ones', async () => {
    const log: string[] = [];
    let drawing: string | null = null;
    const job = (name: string) => () => {
      // Still inside another chart's task: its microtasks would not have run yet.
      log.push(drawing === null ? name : `${name} inside ${drawing}`);
      drawing = name;
      queueMicrotask(() => (drawing = null));
    };
    drawSoon(job('a'));
    drawSoon(job('b'));
    const cancel = drawSoon(job('cancelled'));
    drawSoon(job('c'));
    cancel();
    expect(log).toEqual([]); // nothing draws in the task that queued it
    await settle();
    expect(log).toEqual(['a', 'b', 'c']);
  });
});
