import {
  buildDigest,
  feedHealth,
  filterDigest,
  newestArrivals,
  mutedEntries,
  tagCounts,
  unreadCount,
  unseenKeys,
} from '../digest/digest';
import { compileRules } from '../rules/match';
import { listState } from '../digest/digestState';
import { marksKey, parseRecord, recordKey, type FeedCache } from '../store/feedStore';
import type { Marks } from '../store/marks';
import { popupPrefsValue } from '../store/popupPrefs';
import { parseSettings } from '../store/settings';
import { parseMarks } from '../store/storedMarks';
import { lastCheckedValue } from '../sync/lastChecked';
import { feedMixesTopics, topicMatcher, topicsValue } from '../topics/topics';
import type { EarlyRead } from './earlyRead';
import {
  basisOfItems,
  FIRST_SCREEN_CARDS,
  withPageFacts,
  type ComposedScreen,
  type FirstScreen,
  type PageFacts,
  type ScreenBasis,
} from './firstScreen';

// Composing the popup's first screen from every followed feed's record and marks, as React's first render composes
// it: in the background, which keeps it composed (./composeScreen.ts), and in a page that finds the kept one stale.

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
  const read = {
    prefs: popupPrefsValue.parse(items['local:popupPrefs']),
    lastChecked: lastCheckedValue.parse(items['session:lastChecked']),
  };
  return composed && withPageFacts(composed, read, page);
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
