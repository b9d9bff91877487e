import { z } from 'zod/mini';
import { defineValidatedItem } from '../store/validatedItem';

/**
 * When each feed was last checked, 304s and unchanged 200s included. Session storage (memory, cleared when the
 * browser closes), so a check that changes nothing writes nothing to disk; pages read it for "Updated … ago".
 */
export const lastCheckedItem = defineValidatedItem('session:lastChecked', z.record(z.string(), z.number()), {
  fallback: () => ({}),
  version: 1,
});

/**
 * How long check times gather before they are written: a pass that checks forty feeds writes them a few times,
 * not forty (each write is a change event every open page receives), and `syncFeeds` writes what is left at its end.
 */
export const CHECK_WRITE_DELAY_MS = 400;

const unwritten: Record<string, number> = {};
let timer: ReturnType<typeof setTimeout> | undefined;
let writing: Promise<void> = Promise.resolve();

/** Notes that a feed was checked now; written soon, with the checks around it. */
export function noteChecked(feedId: string, at: number): void {
  unwritten[feedId] = at;
  timer ??= setTimeout(() => void writeChecks(), CHECK_WRITE_DELAY_MS);
}

/** Writes the check times noted so far (one write after another, so none overwrites a later one). */
export function writeChecks(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  const batch = { ...unwritten };
  for (const feedId of Object.keys(batch)) delete unwritten[feedId];
  if (!Object.keys(batch).length) return writing;
  writing = writing
    .then(async () => lastCheckedItem.set({ ...(await lastCheckedItem.get()), ...batch }))
    .catch(() => {});
  return writing;
}

/** Every feed's last check, the ones not yet written included. */
export async function checkTimes(): Promise<Record<string, number>> {
  return { ...(await lastCheckedItem.get()), ...unwritten };
}

/** For tests: a worker that starts afresh, with nothing noted. */
export function discardUnwrittenChecks(): void {
  clearTimeout(timer);
  timer = undefined;
  for (const feedId of Object.keys(unwritten)) delete unwritten[feedId];
}
