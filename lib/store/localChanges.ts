import { browser } from 'wxt/browser';
import { keysOfNotice, LOCAL_CHANGES_KEY, type LocalChangeNotice } from './localChangeNotice';

// Why pages never listen to `storage.local`: every listener of its change event (`storage.onChanged` or
// `storage.local.onChanged`) is sent every value each write changes, old and new, whether or not it wants that key.
// A refresh pass of forty feeds sent each open page about 700 KB that way (records, archive pages, source lists, the
// index), and taking it in was a sixth of the pass. So each write to `storage.local` is announced in `storage.session`
// by the keys it changed (a few hundred bytes), and a page reads only the keys it shows, after they are written.
//
// Every local write goes through `writeLocal` and `removeLocal` (or a validated item, which announces its own): the
// lint forbids `storage.local.set` and `.remove` elsewhere, and the local change event everywhere.

/** Tells apart notices from different contexts (the background, each page): two notices are never equal. */
const writer = crypto.randomUUID();
let written = 0;

/**
 * Announces that these local keys changed (they are written already). A notice that cannot be written (no session
 * area) is let go: the write it announces has happened, and pages read the key again on their next load. The notice
 * is a write of its own, after the one it announces: a page that writes and is closed in the moment between them (a
 * reader who saves the topics and closes the tab at once) leaves none, and a page open elsewhere shows the old value
 * until it loads again or the key is written again. The background, which makes nearly every write, finishes both.
 */
export async function announceLocalChange(keys: readonly string[]): Promise<void> {
  if (!keys.length) return;
  const notice: LocalChangeNotice = { id: `${writer}:${++written}`, keys: [...keys] };
  await browser.storage.session?.set({ [LOCAL_CHANGES_KEY]: notice }).catch(() => {});
}

/** `storage.local.set`, announced. */
export async function writeLocal(values: Record<string, unknown>): Promise<void> {
  await browser.storage.local.set(values);
  await announceLocalChange(Object.keys(values));
}

/** `storage.local.remove`, announced. */
export async function removeLocal(keys: string | readonly string[]): Promise<void> {
  const list = typeof keys === 'string' ? [keys] : [...keys];
  if (!list.length) return;
  await browser.storage.local.remove(list);
  await announceLocalChange(list);
}

/** A batch of changed local keys with their values as read after the change (undefined: removed). */
export type LocalValues = Record<string, unknown>;

/**
 * The most keys one read asks for. A page takes each read's values in the task its answer arrives in (it validates
 * them there), and a pass's forty feeds in one answer made the popup's longest task while a sync committed; reads of
 * a few feeds' keys each, started side by side, are answered one by one.
 */
export const KEYS_PER_READ = 12;

/**
 * Calls `onValues` with the current values of the local keys `wanted` accepts, each time a write announces some of
 * them: read side by side, KEYS_PER_READ at most a read, and given to `onValues` read by read. One round of reads at a
 * time: keys announced while one is out are read in the next, once every read of this one has answered, so a pass's
 * forty commits cost a page a few rounds, and no value is older than one given before it. A read that fails is
 * tried again with the next round.
 *
 * Returns the function that stops watching, which returns the keys announced and not yet given (a read out, or
 * waiting for one): a page that stops one watch to start another (its list of feeds changed) reads those itself,
 * or the changes they announced would be lost with the reads that were to bring them.
 */
export function watchLocalKeys(
  wanted: (key: string) => boolean,
  onValues: (values: LocalValues) => void,
): () => string[] {
  const session = browser.storage.session;
  if (!session?.onChanged) return () => [];
  let live = true;
  let reading = false;
  const due = new Set<string>();
  const inRound = new Set<string>();
  const retry = new Set<string>();
  const readOne = async (keys: string[]) => {
    const found = await browser.storage.local.get(keys).catch(() => undefined);
    if (!live) return;
    if (!found) return void keys.forEach((key) => retry.add(key));
    for (const key of keys) inRound.delete(key);
    const values: LocalValues = {};
    for (const key of keys) values[key] = found[key];
    onValues(values);
  };
  const readDue = async () => {
    reading = true;
    while (live && due.size) {
      const keys = [...due];
      due.clear();
      for (const key of keys) inRound.add(key);
      const reads: Promise<void>[] = [];
      // A page's error is reported, and the page keeps watching.
      for (let start = 0; start < keys.length; start += KEYS_PER_READ)
        reads.push(readOne(keys.slice(start, start + KEYS_PER_READ)).catch((error) => console.error(error)));
      await Promise.all(reads);
    }
    reading = false;
  };
  const onChanged = (changes: Record<string, { newValue?: unknown }>) => {
    const change = changes[LOCAL_CHANGES_KEY];
    if (!change) return;
    for (const key of keysOfNotice(change.newValue)) if (wanted(key)) due.add(key);
    if (!due.size) return;
    for (const key of retry) due.add(key);
    retry.clear();
    if (!reading) void readDue();
  };
  session.onChanged.addListener(onChanged);
  return () => {
    live = false;
    session.onChanged.removeListener(onChanged);
    return [...new Set([...inRound, ...due, ...retry])];
  };
}
