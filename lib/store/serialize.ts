let tail: Promise<unknown> = Promise.resolve();
let queued = 0;

/**
 * Runs read-modify-write steps on storage one at a time within this context (the background owns every write
 * to the cache and read state), so a sync and a "mark read" never overwrite each other.
 */
export function serialized<T>(step: () => Promise<T>): Promise<T> {
  queued++;
  const run = tail.then(step, step);
  tail = run.catch(() => {});
  return run;
}

/** How many steps have been queued so far in this context: the last queued step's place in the order. */
export function stepsQueued(): number {
  return queued;
}
