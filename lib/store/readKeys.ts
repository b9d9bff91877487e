/** A storage area's read, as `browser.storage.local`, Chrome's `chrome.storage.local` and the tests' fake have it. */
export type KeyReader = { get(keys: string[]): Promise<Record<string, unknown>> };

/**
 * How `readKeys` splits a read: reads of MIN_KEYS_PER_READ keys or more (the last one holds what is left), and at
 * most MAX_READS of them. Measured in a Chromium extension page, all reads started together: forty feeds' records
 * and marks (80 keys, 410 KB) took 40–49 ms as one read, 21 ms as four reads of twenty, 17 ms as eight of ten, 20–22
 * ms as sixteen of five or forty of two; 4,000 keys (6.4 MB) took 662 ms as one read, 490 ms in reads of 1,000, 359
 * ms of 250, 224 ms of 100, 219 ms of 40 and 284 ms of 10.
 */
export const MIN_KEYS_PER_READ = 10;
export const MAX_READS = 40;

/**
 * Reads many keys as several reads started together, and returns their values as one read would. Chromium answers
 * one read of many keys in about the time of its keys read one after another; reads side by side take a third to a
 * half of that.
 *
 * Each read is a moment of its own, where one read was one moment: a caller either holds every writer of the keys it
 * reads (the background, inside its serialized steps) or watches for changes since the reads began (a page's first
 * read, lib/popup/earlyRead.ts).
 */
export async function readKeys(area: KeyReader, keys: readonly string[]): Promise<Record<string, unknown>> {
  if (keys.length <= MIN_KEYS_PER_READ) return keys.length ? area.get([...keys]) : {};
  const perRead = Math.max(MIN_KEYS_PER_READ, Math.ceil(keys.length / MAX_READS));
  const reads: Promise<Record<string, unknown>>[] = [];
  for (let start = 0; start < keys.length; start += perRead) reads.push(area.get(keys.slice(start, start + perRead)));
  const values: Record<string, unknown> = {};
  for (const part of await Promise.all(reads)) Object.assign(values, part);
  return values;
}
