import type { FeedHealth } from '@/lib/digest/digest';

/** A healthy feed's health as the options page gets it (12 posts, no problems), with `extra` over it. */
export const feedHealth = (extra: Partial<FeedHealth> = {}): FeedHealth => ({
  feedId: 'f',
  title: 'Desk',
  url: 'https://desk.test/feed.json',
  demo: false,
  paused: false,
  articleCount: 12,
  bytes: 0,
  problems: [],
  ...extra,
});
