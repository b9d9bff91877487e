import {
  buildDigest,
  feedHealth,
  filterDigest,
  newestArrivals,
  mutedEntries,
  tagCounts,
  unreadCount,
  unseenKeys,
  type DigestEntry,
} from '../digest/digest';
import { compileRules } from '../rules/match';
import { lastGoodCheck, listState } from '../digest/digestState';
import { marksKey, parseRecord, recordKey, type FeedCache } from '../store/feedStore';
import type { Marks } from '../store/marks';
import { popupPrefsValue, type PopupPrefs } from '../store/popupPrefs';
import { parseSettings } from '../store/settings';
import { parseMarks } from '../store/storedMarks';
import { lastCheckedValue } from '../sync/lastChecked';
import { feedMixesTopics, topicMatcher, topicsValue } from '../topics/topics';
import { checkStatus } from './checkStatus';
import type { EarlyRead } from './earlyRead';

/** Cards on the first screen, and a little more: what the virtualiser would render there (600 px, overscan 4). */
export const FIRST_SCREEN_CARDS = 8;

/** What the popup's first screen shows, worked out from its early read: the very values React's first render has. */
export type FirstScreen = {
  now: number;
  locale: string | undefined;
  /** The header's "Updated 5 minutes ago". */
  status: string;
  online: boolean;
  prefs: PopupPrefs;
  topicsOnly: boolean;
  tags: string[];
  unreadCount: number;
  canOpenSidePanel: boolean;
  /** The side panel's header offers to follow every tab (it may not yet). */
  offersFollowEveryTab: boolean;
  /** The first screen's posts, newest first, and how many the list has. */
  entries: DigestEntry[];
  count: number;
  /** Set when a filter is on: the list says how many of how many it shows. */
  total: number | undefined;
  /** Posts the reader's rules hide: the "3 muted" line. */
  muted: number;
  followsDemo: boolean;
  /**
   * When it shows posts not seen before: each feed's newest arrival it was drawn from, for the "seen" the popup
   * sends once the screen is painted (React's `useMarkSeen` sends the same once it has loaded every post).
   */
  seenUpTo: Record<string, number> | undefined;
};

/**
 * What the page around the popup tells: the clock, the language, the network, the browser's side panel, and in the
 * side panel whether it may follow every tab.
 */
export type PageFacts = {
  now: number;
  locale: string | undefined;
  online: boolean;
  canOpenSidePanel: boolean;
  offersFollowEveryTab: boolean;
};

/**
 * What the store decides of the first screen: all of it but the page's facts, the status line's words and the
 * popup's own filters (read with the page). The background keeps one composed in storage (./composedScreen.ts), so
 * a popup opening can draw it from one small read instead of every feed's record and marks.
 */
export type ComposedScreen = Omit<FirstScreen, keyof PageFacts | 'status' | 'prefs'> & {
  /** Each followed feed and its last good fetch (0 when none): with the session's check times, the status line. */
  checks: [feedId: string, lastSuccessAt: number][];
};

/** The stored values a first screen is composed from, raw: the settings, topics and popup filters, by their keys. */
export type ScreenBasis = { settings: unknown; topics: unknown; popupPrefs: unknown };

/**
 * The popup's first screen from its early read (./earlyRead.ts), validated as React's first render validates it
 * (components/useStoredValue.ts, components/useFeedStore.ts) and composed as it composes it
 * (components/digest/useDigestModel.ts): the plain first screen (components/digest/plainFirstScreen.ts) then draws
 * exactly what React draws once it has loaded, so the hand-over changes nothing on screen (a test compares the two).
 *
 * Undefined whenever the first screen would be anything but the list of posts: no feeds or no posts yet, a failing
 * feed, a record dropped as malformed, a value changed since the read, no local settings. React draws those cases;
 * they are rare, and each says something the reader must see as React says it.
 */
export function firstScreenOf(early: EarlyRead, page: PageFacts): FirstScreen | undefined {
  const items = early.itemsValue;
  const feeds = early.feedsValue;
  if (!items || !feeds) return undefined;
  // A key read early that changed since: React reads it again, and draws what it finds.
  if ([...early.changed].some((key) => key in items || (key.startsWith('local:') && feeds.keys.has(key.slice(6)))))
    return undefined;
  const composed = composeFirstScreen(basisOfItems(items), feeds);
  return composed && withPageFacts(composed, items, page);
}

/** The raw values a first screen is composed from, out of the early read's items. */
export function basisOfItems(items: Record<string, unknown>): ScreenBasis {
  return { settings: items['local:settings'], topics: items['local:topics'], popupPrefs: items['local:popupPrefs'] };
}

/**
 * The store's part of the first screen, from raw stored values: the settings, topics and popup filters, and the
 * followed feeds' records and marks (`feeds.raw`, by storage key; `feeds.keys`, the keys that were read). Undefined
 * whenever the first screen would be anything but the list of posts (see `firstScreenOf`).
 */
export function composeFirstScreen(
  basis: ScreenBasis,
  feeds: { keys: ReadonlySet<string>; raw: Record<string, unknown> },
): ComposedScreen | undefined {
  if (basis.settings === undefined) return undefined;
  const settings = parseSettings(basis.settings);
  const topics = topicsValue.parse(basis.topics);
  const prefs = popupPrefsValue.parse(basis.popupPrefs);

  const cache: FeedCache = {};
  const marks: Marks = {};
  for (const { id } of settings.feeds) {
    if (!feeds.keys.has(recordKey(id))) return undefined;
    const record = parseRecord(feeds.raw[recordKey(id)], id);
    if (record?.dropped) return undefined;
    if (record) cache[id] = record.value;
    marks[id] = parseMarks(feeds.raw[marksKey(id)], marksKey(id));
  }
  const health = feedHealth(settings.feeds, cache);
  if (health.some((feed) => feed.error)) return undefined;

  // The posts not seen before are marked "New", as React's first render marks them (useMarkSeen).
  const rules = compileRules(settings.rules);
  const unseen = unseenKeys(settings.feeds, cache, marks, rules);
  const digest = buildDigest(settings.feeds, cache, marks, new Set(unseen), rules);
  const matcher = topicMatcher(topics.terms);
  const topicsOnly =
    prefs.topicsOnly ?? settings.feeds.some((feed) => feedMixesTopics(cache[feed.id]?.articles ?? [], matcher));
  const visible = filterDigest(digest, {
    tag: prefs.tag,
    unreadOnly: prefs.unreadOnly,
    query: '',
    onTopic: topicsOnly ? matcher : undefined,
  });
  const filtered = !!(prefs.tag || prefs.unreadOnly || topicsOnly);
  const list = listState({ loaded: true, feedCount: settings.feeds.length, digest, visible, health, filtered });
  if (list.kind !== 'posts') return undefined;
  return {
    topicsOnly,
    tags: tagCounts(digest).map((tc) => tc.tag),
    unreadCount: unreadCount(digest),
    entries: list.entries.slice(0, FIRST_SCREEN_CARDS),
    count: list.entries.length,
    total: list.filtered ? list.total : undefined,
    muted: mutedEntries(digest).length,
    followsDemo: settings.feeds.some((feed) => feed.demo),
    seenUpTo: unseen.length ? newestArrivals(cache) : undefined,
    checks: health.map((feed) => [feed.feedId, feed.lastSuccessAt ?? 0]),
  };
}

/**
 * The first screen from its store's part and the page's: the clock, the language and the network, the popup's
 * filters and the session's check times, read with the page (`items`, the early read's).
 */
export function withPageFacts(composed: ComposedScreen, items: Record<string, unknown>, page: PageFacts): FirstScreen {
  const { checks, ...screen } = composed;
  const lastChecked = lastCheckedValue.parse(items['session:lastChecked']);
  const health = checks.map(([feedId, lastSuccessAt]) => ({ feedId, lastSuccessAt }));
  const lastSuccess = lastGoodCheck(health, lastChecked, page.now);
  return {
    ...screen,
    now: page.now,
    locale: page.locale,
    status: checkStatus({ refreshing: false, online: page.online, lastSuccess, now: page.now, locale: page.locale }),
    online: page.online,
    prefs: popupPrefsValue.parse(items['local:popupPrefs']),
    canOpenSidePanel: page.canOpenSidePanel,
    offersFollowEveryTab: page.offersFollowEveryTab,
  };
}
