import { useEffect, useState } from 'react';
import { feedCacheHeadItem, feedCacheItem, type FeedCache } from '@/lib/store/feedCache';
import { useStoredValue } from './useStoredValue';

/**
 * The article cache for a page that must paint fast: first the small head copy (each feed's newest posts), then,
 * once that has painted, the full cache (thousands of posts; reading and validating it would hold up the first
 * frame). `undefined` until something is loaded. An empty head (as before the first sync wrote one) waits for the
 * full cache rather than flash "no posts".
 */
export function useArticleCache(firstPaint?: { ready: boolean; head?: FeedCache }): FeedCache | undefined {
  const head = useStoredValue(feedCacheHeadItem, firstPaint?.ready ?? true, firstPaint?.head);
  const [headPainted, setHeadPainted] = useState(false);
  useEffect(() => {
    if (head === undefined || headPainted) return;
    requestAnimationFrame(() => setTimeout(() => setHeadPainted(true)));
  }, [head, headPainted]);
  const full = useStoredValue(feedCacheItem, headPainted);
  return full ?? (head && Object.keys(head).length ? head : undefined);
}
