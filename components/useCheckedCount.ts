import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { z } from 'zod/mini';
import { INDEX_KEY } from '@/lib/store/storeIndex';
import { watchLocalKeys } from '@/lib/store/localChanges';

/** What this count needs of the store's index: which feeds have an entry (each entry's shape is not its concern). */
const IndexFeedsSchema = z.object({ feeds: z.record(z.string(), z.unknown()) });

/**
 * How many of these feeds have been fetched at least once: an import's progress. A feed's first commit gives it an
 * entry in the store's compact index (lib/store/storeIndex.ts), one key for all feeds, so the count costs one small
 * read and one look per index change, not a read of 2,000 feed records. `undefined` until read, or when not `enabled`.
 */
export function useCheckedCount(feedIds: readonly string[], enabled: boolean): number | undefined {
  const [count, setCount] = useState<number>();
  const key = feedIds.join('\n');
  useEffect(() => {
    if (!enabled) return setCount(undefined);
    let live = true;
    const ids = key ? key.split('\n') : [];
    const countIn = (raw: unknown) => {
      const parsed = IndexFeedsSchema.safeParse(raw);
      const feeds = parsed.success ? parsed.data.feeds : {};
      if (live) setCount(ids.filter((id) => Object.hasOwn(feeds, id)).length);
    };
    const unwatch = watchLocalKeys(
      (changed) => changed === INDEX_KEY,
      (values) => countIn(values[INDEX_KEY]),
    );
    void browser.storage.local.get(INDEX_KEY).then((stored) => countIn(stored[INDEX_KEY]));
    return () => {
      live = false;
      unwatch();
    };
  }, [key, enabled]);
  return count;
}
