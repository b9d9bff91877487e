import {
  buildDigest,
  feedHealth,
  filterDigest,
  newestArrivals,
  mutedEntries,
  tagCounts,
  unseenKeys,
} from '../digest/digest';
import { compileRules } from '../rules/match';
import { lastGoodCheck, listState } from '../digest/digestState';
import { marksKey, parseRecord, recordKey, type FeedCache } from '../store/feedStore';
import type { Marks } from '../store/marks';
import { popupPrefsItem } from '../store/popupPrefs';
import { settingsItem } from '../store/settings';
import { parseMarks } from '../store/storedMarks';
import { lastCheckedItem } from '../sync/lastChecked';
import { feedMixesTopics, topicMatcher, topicsItem } from '../topics/topics';
import { checkStatus } from './checkStatus';
import type { EarlyRead } from './earlyRead';
import { fingerprintOf, recordStamp, type ScreenData, type ScreenKeeper } from './firstScreenSnapshot';

/** Cards on the first screen, and a little more: what the virtualiser would render there (600 px, overscan 4). */
export const FIRST_SCREEN_CARDS = 8;

/** What the popup's first screen shows, worked out from its early read: the very values React's first render has. */
export type FirstScreen = Omit<ScreenData, 'lastGood'> & {
  now: number;
  locale: string | undefined;
  /** The header's "Updated 5 minutes ago". */
  status: string;
  online: boolean;
  canOpenSidePanel: boolean;
};

/** What the page around the popup tells: the clock, the language, the network, the browser's side panel. */
export type PageFacts = { now: number; locale: string | undefined; online: boolean; canOpenSidePanel: boolean };

/**
 * The popup's first screen from its early read (./earlyRead.ts), validated as React's first render validates it
 * (components/useStoredValue.ts, components/useFeedStore.ts) and composed as it composes it
 * (components/digest/useDigestModel.ts): the plain first screen (components/digest/plainFirstScreen.ts) then draws
 * exactly what React draws once it has loaded, so the hand-over changes nothing on screen (a test compares the two).
 * With a `keeper`, a first screen worked out before from the very same stored values is taken as it is.
 *
 * Undefined whenever the first screen would be anything but the list of posts: no feeds or no posts yet, a failing
 * feed, a record dropped as malformed, a value changed since the read, no local settings. React draws those cases;
 * they are rare, and each says something the reader must see as React says it.
 */
export function firstScreenOf(early: EarlyRead, page: PageFacts, keeper?: ScreenKeeper): FirstScreen | undefined {
  const items = early.itemsValue;
  const feeds = early.feedsValue;
  if (!items || !feeds || items['local:settings'] === undefined) return undefined;
  // A key read early that changed since: React reads it again, and draws what it finds.
  if ([...early.changed].some((key) => key in items || (key.startsWith('local:') && feeds.keys.has(key.slice(6)))))
    return undefined;
  let data: ScreenData | undefined;
  if (keeper) {
    // Every value the screen is worked out from, in the order the settings name the feeds; a record by its stamp.
    const values = [...feeds.keys].map((key) => [
      key,
      key.startsWith('feed:') ? recordStamp(feeds.raw[key]) : feeds.raw[key],
    ]);
    const fingerprint = fingerprintOf([items, values], keeper.context);
    data = keeper.find(fingerprint);
    if (!data) {
      data = screenDataOf(items, feeds);
      keeper.keep(fingerprint, data);
    }
  } else data = screenDataOf(items, feeds);
  if (!data) return undefined;
  const { lastGood, ...shown } = data;
  // Never in the future: a clock set back cannot say "in 5 minutes" (as lastGoodCheck).
  const lastSuccess = Math.min(page.now, lastGood);
  return {
    ...shown,
    now: page.now,
    locale: page.locale,
    status: checkStatus({ refreshing: false, online: page.online, lastSuccess, now: page.now, locale: page.locale }),
    online: page.online,
    canOpenSidePanel: page.canOpenSidePanel,
  };
}

/** The stored values' part of the first screen: every record and value validated, the digest composed. */
function screenDataOf(items: Record<string, unknown>, feeds: NonNullable<EarlyRead['feedsValue']>) {
  const settings = settingsItem.parse(items['local:settings']);
  const topics = topicsItem.parse(items['local:topics']);
  const prefs = popupPrefsItem.parse(items['local:popupPrefs']);
  const lastChecked = lastCheckedItem.parse(items['session:lastChecked']);

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
    prefs,
    topicsOnly,
    tags: tagCounts(digest).map((tc) => tc.tag),
    unreadCount: digest.filter((entry) => !entry.read).length,
    // Plain entries, as they are kept: a muted entry's rule is never on the first screen.
    entries: list.entries
      .slice(0, FIRST_SCREEN_CARDS)
      .map(({ key, feedId, feedTitle, article, read, seen, isNew }) => ({
        key,
        feedId,
        feedTitle,
        article,
        read,
        seen,
        isNew,
      })),
    count: list.entries.length,
    total: list.filtered ? list.total : undefined,
    muted: mutedEntries(digest).length,
    followsDemo: settings.feeds.some((feed) => feed.demo),
    seenUpTo: unseen.length ? newestArrivals(cache) : undefined,
    lastGood: lastGoodCheck(health, lastChecked, Number.POSITIVE_INFINITY),
  } satisfies ScreenData;
}
