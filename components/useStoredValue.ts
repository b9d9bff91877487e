import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { earlyValueUsable, takeEarlyRead } from '@/lib/popup/earlyRead';
import { readSettingsRecords } from '@/lib/store/settings';
import { watchLocalKeys } from '@/lib/store/localChanges';
import { readTogether, type ReadableItem, type Values } from '@/lib/store/validatedItem';

/**
 * A storage item's value, kept current as the background writes it. `undefined` while loading, and until `enabled`
 * (a large item can wait until a small one has painted: storage answers reads one at a time). `initial`, a value
 * already read (in a batch, see `useFirstPaintValues`), is used in the very render it arrives in: copying it into
 * state from an effect would cost the first paint another render, often another frame.
 */
export function useStoredValue<T>(item: ReadableItem<T>, enabled = true, initial?: T): T | undefined {
  const [value, setValue] = useState<T | undefined>();
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const unwatch = item.watch((next) => live && setValue(next));
    // Read once the watch is on, `initial` or not: a change made between the first-paint read and this effect (a
    // click on the first frame, answered by the background) sent its event before anyone listened.
    void item.get().then((first) => live && setValue((current) => current ?? first));
    return () => {
      live = false;
      unwatch();
    };
  }, [item, enabled]);
  return value ?? initial;
}

/**
 * The values a page needs for its first paint, in one storage read, then each kept current. `undefined` until read.
 * The read starts with the first render, not after it: it runs while React mounts the page. In the popup it started
 * earlier still, before the page's modules evaluated (lib/popup/earlyRead.ts); those raw values are validated here
 * like any read, and read again if one of them changed since.
 */
export function useFirstPaintValues<const Items extends readonly ReadableItem<unknown>[]>(items: Items) {
  // The item list is fixed for the page's life. Values the early read already holds are there in the first render.
  const [early] = useState(() => earlyValues(items));
  const [read] = useState(() => (early ? undefined : readFirstPaint(items)));
  const [values, setValues] = useState<Values<Items> | undefined>(early);
  useEffect(() => {
    if (!read) return;
    let live = true;
    void read.then((found) => live && setValues(found));
    return () => void (live = false);
  }, [read]);
  return values;
}

/** The items from the popup's early read, validated, when it has answered with all of them and none changed since. */
function earlyValues<const Items extends readonly ReadableItem<unknown>[]>(
  items: Items,
  raw = takeEarlyRead()?.itemsValue,
): Values<Items> | undefined {
  const early = takeEarlyRead();
  const usable = early && raw && items.every((item) => item.key in raw && earlyValueUsable(early, item.key));
  return usable ? (items.map((item) => item.parse(raw[item.key])) as Values<Items>) : undefined;
}

async function readFirstPaint<const Items extends readonly ReadableItem<unknown>[]>(
  items: Items,
): Promise<Values<Items>> {
  const raw = await takeEarlyRead()?.items.catch(() => undefined);
  return earlyValues(items, raw) ?? readTogether(items);
}

/** How many feed entries in the stored settings are malformed (kept in storage, left out of the feed list). */
export function useBadFeedEntries(): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    const count = (raw: unknown) => setCount(readSettingsRecords(raw).badFeeds.length);
    void browser.storage.local.get('settings').then(({ settings }) => count(settings));
    // Counted in a task of its own: the page's settings item reads the same change in this event's task, and two
    // reads of an imported list of 2,000 feeds in one task held the page for longer than a frame should take.
    const unwatch = watchLocalKeys(
      (key) => key === 'settings',
      (values) => setTimeout(() => count(values.settings)),
    );
    return () => void unwatch();
  }, []);
  return count;
}
