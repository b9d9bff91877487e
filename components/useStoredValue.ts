import { useEffect, useState } from 'react';
import { readTogether, type ValidatedItem, type Values } from '@/lib/store/validatedItem';

/**
 * A storage item's value, kept current as the background writes it. `undefined` while loading, and until `enabled`
 * (a large item can wait until a small one has painted: storage answers reads one at a time).
 */
export function useStoredValue<T>(item: ValidatedItem<T>, enabled = true, initial?: T): T | undefined {
  const [value, setValue] = useState<T | undefined>(initial);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const unwatch = item.watch((next) => live && setValue(next));
    // Already read (in a batch, see `useFirstPaintValues`): take that value and only watch from here.
    if (initial !== undefined) setValue((current) => current ?? initial);
    else void item.get().then((first) => live && setValue((current) => current ?? first));
    return () => {
      live = false;
      unwatch();
    };
  }, [item, enabled]);
  return value;
}

/**
 * The values a page needs for its first paint, in one storage read, then each kept current. `undefined` until read.
 */
export function useFirstPaintValues<const Items extends readonly ValidatedItem<unknown>[]>(items: Items) {
  const [values, setValues] = useState<Values<Items>>();
  useEffect(() => {
    let live = true;
    void readTogether(items).then((read) => live && setValues(read));
    return () => void (live = false);
  }, []); // The item list is fixed for the page's life.
  return values;
}
