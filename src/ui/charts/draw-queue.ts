/**
 * Charts draw one at a time, each in a task of its own: a Results screen opening with a dozen
 * charts (and their tables) would otherwise draw them all in the task that shows the numbers,
 * freezing the page for a fifth of a second on a large run. Jobs run in the order they were
 * queued; a cancelled job (its chart unmounted or redrawn) never runs.
 */
type Job = { run: (() => void) | null };

const queue: Job[] = [];
let scheduled = false;
const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();

function next(): void {
  scheduled = false;
  let job = queue.shift();
  while (job && job.run === null) job = queue.shift();
  job?.run?.();
  if (queue.length > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  // A message, not setTimeout: no 4 ms clamp between charts, and still a task of its own.
  if (channel) channel.port2.postMessage(null);
  else setTimeout(next, 0);
}

if (channel) channel.port1.onmessage = next;

/** Runs `draw` in a task of its own after the charts queued before it; returns a cancel function. */
export function drawSoon(draw: () => void): () => void {
  const job: Job = { run: draw };
  queue.push(job);
  schedule();
  return () => {
    job.run = null;
  };
}
