/** A storage area's read, as `browser.storage.local`, Chrome's `chrome.storage.local` and the tests' fake have it. */
export type KeyReader = { get(keys: string[]): Promise<Record<string, unknown>> };

/**
 * Keys per read when many are read (`readKeys`). In an extension page, forty feeds' records and marks (80 keys, 410
 * KB) took 40–49 ms as one read, 21 ms as four reads of twenty, 17 ms as eight of ten and 20–22 ms as sixteen of five
 * or forty of two, started together.
 */
export const KEYS_PER_READ = 10;

/**
 * Reads many keys as reads of KEYS_PER_READ keys each, started together, and returns their values as one read
 * would. Chromium answers one read of many keys in about the time of its keys read one after another, and several
 * small reads side by side in a third of that.
 *
 * Each small read is a moment of its own, where one read was one moment: a caller either holds every writer of the
 * keys it reads (the background, inside its serialized steps) or watches for changes since the reads began (a page's
 * first read, lib/popup/earlyRead.ts).
 */
export async function readKeys(area: KeyReader, keys: readonly string[]): Promise<Record<string, unknown>> {
  if (keys.length <= KEYS_PER_READ) return keys.length ? area.get([...keys]) : {};
  const reads: Promise<Record<string, unknown>>[] = [];
  for (let start = 0; start < keys.length; start += KEYS_PER_READ)
    reads.push(area.get(keys.slice(start, start + KEYS_PER_READ)));
  const values: Record<string, unknown> = {};
  for (const part of await Promise.all(reads)) Object.assign(values, part);
  return values;
}
