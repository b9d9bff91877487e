import { describe, expect, it } from 'vitest';
import type { DigestEntry, FeedHealth } from '@/lib/digest/digest';
import { EARLY_ITEM_KEYS } from '@/lib/popup/earlyRead';
import { lastGoodCheck, listState } from '@/lib/digest/digestState';
import { FIRST_PAINT_ITEMS } from './useDigestModel';

const NOW = Date.UTC(2026, 10, 25, 12);
const entry = { key: 'f 1' } as DigestEntry;
const healthy = (feedId: string, lastSuccessAt?: number) => ({ feedId, lastSuccessAt }) as FeedHealth;
const failing = (feedId: string, lastSuccessAt?: number) =>
  ({ feedId, lastSuccessAt, error: { kind: 'network', message: 'Offline.', at: NOW } }) as FeedHealth;

describe('the digest page', () => {
  it("reads for its first paint exactly what the popup's early read fetches before the page loads", () => {
    // Out of step, the early read is wasted (an item it lacks is read again) or reads what nobody uses.
    expect(FIRST_PAINT_ITEMS.map((item) => item.key)).toEqual([...EARLY_ITEM_KEYS]);
  });

  it('shows one list state, decided in order: loading, no feeds, no posts, nothing matching, the posts', () => {
    const state = (over: Partial<Parameters<typeof listState>[0]>) =>
      listState({
        loaded: true,
        feedCount: 1,
        digest: [entry],
        visible: [entry],
        health: [],
        filtered: false,
        ...over,
      });
    expect(state({ loaded: false, feedCount: 0 })).toEqual({ kind: 'loading' });
    expect(state({ feedCount: 0, digest: [] })).toEqual({ kind: 'noFeeds' });
    expect(state({ digest: [], visible: [] })).toEqual({ kind: 'noPosts', anyFailing: false });
    expect(state({ digest: [], visible: [], health: [failing('f')] })).toEqual({ kind: 'noPosts', anyFailing: true });
    expect(state({ visible: [] })).toEqual({ kind: 'noMatch' });
    expect(state({ filtered: true })).toEqual({ kind: 'posts', entries: [entry], total: 1, filtered: true });
  });

  it('says when the feeds were last checked: the latest good check, from the record or the session, never ahead', () => {
    expect(lastGoodCheck([], undefined, NOW)).toBe(0);
    expect(lastGoodCheck([healthy('a', NOW - 5000), healthy('b', NOW - 9000)], { b: NOW - 1000 }, NOW)).toBe(
      NOW - 1000,
    );
    // A failing feed's last success is not a good check now.
    expect(lastGoodCheck([failing('a', NOW - 10), healthy('b', NOW - 9000)], undefined, NOW)).toBe(NOW - 9000);
    expect(lastGoodCheck([healthy('a', NOW + 60e3)], undefined, NOW)).toBe(NOW);
  });
});
