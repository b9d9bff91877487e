import type { DigestEntry, FeedHealth } from './digest';

// What a digest page shows, decided from plain values: the list's state, and the last good check. Shared by the React
// page (components/digest) and the popup's plain first screen (lib/popup/composeFirstScreen.ts), which must agree.

/** What the list area shows: one state at a time, in the order they are decided. */
export type DigestListState =
  | { kind: 'loading' }
  | { kind: 'noFeeds' }
  | { kind: 'noPosts'; anyFailing: boolean }
  | { kind: 'noMatch' }
  | { kind: 'posts'; entries: DigestEntry[]; total: number; filtered: boolean };

/** Decides what the list area shows: loading, no feeds, no posts yet, nothing matching the filters, or the posts. */
export function listState(input: {
  loaded: boolean;
  feedCount: number;
  digest: DigestEntry[];
  visible: DigestEntry[];
  health: FeedHealth[];
  filtered: boolean;
}): DigestListState {
  const { loaded, feedCount, digest, visible, health, filtered } = input;
  if (!loaded) return { kind: 'loading' };
  if (feedCount === 0) return { kind: 'noFeeds' };
  if (digest.length === 0) return { kind: 'noPosts', anyFailing: health.some((h) => h.error) };
  if (visible.length === 0) return { kind: 'noMatch' };
  return { kind: 'posts', entries: visible, total: digest.length, filtered };
}

/**
 * The last good check of any feed that is not failing, 304s and unchanged feeds included (those write nothing but
 * the session's check times); 0 when there is none. Never in the future: a clock set back cannot say "in 5 minutes".
 */
export function lastGoodCheck(
  health: Pick<FeedHealth, 'feedId' | 'error' | 'lastSuccessAt'>[],
  lastChecked: Record<string, number> | undefined,
  now: number,
): number {
  const checks = health.map((h) => (h.error ? 0 : Math.max(h.lastSuccessAt ?? 0, lastChecked?.[h.feedId] ?? 0)));
  return Math.min(now, Math.max(0, ...checks));
}
