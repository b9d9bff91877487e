import { useEffect, useState } from 'react';
import type { ValidatedItem } from '@/lib/store/validatedItem';

/** A storage item's value, kept current as the background writes it. `undefined` while loading. */
export function useStoredValue<T>(item: ValidatedItem<T>): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let live = true;
    const unwatch = item.watch((next) => live && setValue(next));
    void item.get().then((first) => live && setValue((current) => current ?? first));
    return () => {
      live = false;
      unwatch();
    };
  }, [item]);
  return value;
}
