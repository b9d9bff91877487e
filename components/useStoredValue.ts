import { useEffect, useState } from 'react';
import type { ValidatedItem } from '@/lib/store/validatedItem';

/**
 * A storage item's value, kept current as the background writes it. `undefined` while loading, and until `enabled`
 * (a large item can wait until a small one has painted: storage answers reads one at a time).
 */
export function useStoredValue<T>(item: ValidatedItem<T>, enabled = true): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const unwatch = item.watch((next) => live && setValue(next));
    void item.get().then((first) => live && setValue((current) => current ?? first));
    return () => {
      live = false;
      unwatch();
    };
  }, [item, enabled]);
  return value;
}
