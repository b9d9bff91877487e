import { z } from 'zod/mini';
import { storedValue } from '../store/storedValue';
import { defineValidatedItem } from '../store/validatedItem';

/**
 * When each feed was last checked, 304s and unchanged 200s included. Session storage (memory, cleared when the
 * browser closes), so a check that changes nothing writes nothing to disk; pages read it for "Updated … ago".
 */
export const lastCheckedValue = storedValue('session:lastChecked', z.record(z.string(), z.number()), () => ({}));
export const lastCheckedItem = defineValidatedItem(lastCheckedValue, { version: 1 });

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

// ---- The schedule: when each feed is next checked, and why; kept across restarts -------------------------------

const CHECK_REASONS = ['interval', 'feedAsks', 'skip', 'noValidators', 'backoff', 'serverAsked', 'spread'] as const;

export const ScheduleEntrySchema = z.object({
  /** The last check. */
  at: z.number(),
  /** The next check, and why then (see lib/sync/schedule.ts). */
  next: z.number(),
  why: z.enum(CHECK_REASONS),
  askedMs: z.optional(z.number()),
  /** Where the last check was redirected: a feed redirected to the same address twice in a row has moved. */
  redirectedTo: z.optional(z.string()),
  /** The address the feed had before it last moved, and when it moved (the options page says "moved to …"). */
  movedFrom: z.optional(z.string()),
});
export type ScheduleEntry = z.infer<typeof ScheduleEntrySchema>;
export type Schedule = { phase: number; feeds: Record<string, ScheduleEntry> };

/**
 * `local:checkSchedule`: the install's phase (a random number in [0, 1) drawn once, see `spreadDelay`) and each
 * feed's schedule entry. In `storage.local`, unlike the check times above: a browser start, an extension update or
 * a worker restart must know when each feed was checked, or it would fetch them all again. Entries are read one by
 * one: a malformed entry is dropped alone (its feed is scheduled from its last check again).
 */
export const scheduleItem = defineValidatedItem(
  storedValue(
    'local:checkSchedule',
    z.object({ phase: z.optional(z.number()), feeds: z.record(z.string(), z.unknown()) }),
    () => ({ feeds: {} }),
  ),
  { version: 1 },
);

/** The stored entries, one by one: a malformed entry is dropped alone. */
export function scheduleEntries(raw: { feeds: Record<string, unknown> }): Record<string, ScheduleEntry> {
  const feeds: Record<string, ScheduleEntry> = {};
  for (const [feedId, entry] of Object.entries(raw.feeds)) {
    const parsed = ScheduleEntrySchema.safeParse(entry);
    if (parsed.success) feeds[feedId] = parsed.data;
    else console.warn(`AI Safety Brief: the schedule of feed ${feedId} is malformed; it is scheduled afresh.`);
  }
  return feeds;
}

/** The stored schedule, entry by entry; a missing or impossible phase is drawn now (and kept by the next write). */
export function scheduleOf(raw: { phase?: number; feeds: Record<string, unknown> }): Schedule {
  const feeds = scheduleEntries(raw);
  const phase = raw.phase !== undefined && raw.phase >= 0 && raw.phase < 1 ? raw.phase : (drawnPhase ??= Math.random());
  return { phase, feeds };
}

let drawnPhase: number | undefined;
const unwrittenEntries: Record<string, ScheduleEntry | null> = {};
let writingSchedule: Promise<void> = Promise.resolve();

/** The schedule as stored, with the entries noted but not yet written. */
export async function readSchedule(): Promise<Schedule> {
  const schedule = scheduleOf(await scheduleItem.get());
  for (const [feedId, entry] of Object.entries(unwrittenEntries)) {
    if (entry) schedule.feeds[feedId] = entry;
    else delete schedule.feeds[feedId];
  }
  return schedule;
}

/** Notes a feed's schedule entry (null: forget the feed's); written by `writeSchedule`, with the others. */
export function noteSchedule(feedId: string, entry: ScheduleEntry | null): void {
  unwrittenEntries[feedId] = entry;
}

/** Writes the entries noted so far, in one write (one after another, so none overwrites a later one). */
export function writeSchedule(): Promise<void> {
  const batch = { ...unwrittenEntries };
  for (const feedId of Object.keys(batch)) delete unwrittenEntries[feedId];
  if (!Object.keys(batch).length && drawnPhase === undefined) return writingSchedule;
  writingSchedule = writingSchedule
    .then(async () => {
      const { phase, feeds } = scheduleOf(await scheduleItem.get());
      for (const [feedId, entry] of Object.entries(batch)) {
        if (entry) feeds[feedId] = entry;
        else delete feeds[feedId];
      }
      await scheduleItem.set({ phase, feeds });
      drawnPhase = undefined;
    })
    .catch((error: unknown) => console.warn('AI Safety Brief: could not store the check schedule.', error));
  return writingSchedule;
}

/** For tests: a worker that starts afresh, with nothing noted and no phase drawn. */
export function discardUnwrittenSchedule(): void {
  for (const feedId of Object.keys(unwrittenEntries)) delete unwrittenEntries[feedId];
  drawnPhase = undefined;
}
