import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import {
  buildDigest,
  feedHealth,
  filterDigest,
  mutedEntries,
  newestArrivals,
  prepareFeedEntries,
  tagCounts,
  unreadCount,
  unseenKeys,
  type DigestEntry,
  type FeedHealth,
} from '@/lib/digest/digest';
import { lastGoodCheck, listState, type DigestListState } from '@/lib/digest/digestState';
import type { DiscoveredFeed } from '@/lib/feed/article';
import { resolveHttpUrl } from '@/lib/feed/url';
import { t, uiLocale } from '@/lib/i18n/t';
import { postsAboutPage } from '@/lib/match/matchPage';
import { sendMessage } from '@/lib/messages';
import { requestFeedOrigin } from '@/lib/permissions/feedOrigin';
import { hasPermission, requestPermission, type PermissionRequest } from '@/lib/permissions/optional';
import { currentTab } from '@/lib/popup/activeTab';
import { unfollowedFeedsOnCurrentPage } from '@/lib/popup/pageFeeds';
import { followActiveTab } from '@/lib/sidepanel/followActiveTab';
import { hasSidePanel, openSidePanel } from '@/lib/sidepanel/sidePanel';
import type { FeedCache } from '@/lib/store/feedStore';
import type { Marks } from '@/lib/store/marks';
import { popupPrefsItem, type PopupPrefs } from '@/lib/store/popupPrefs';
import { settingsItem, type FeedConfig } from '@/lib/store/settings';
import { lastCheckedItem } from '@/lib/sync/lastChecked';
import { feedMixesTopics, topicMatcher, topicsItem } from '@/lib/topics/topics';
import { afterPaint } from '@/lib/popup/afterPaint';
import { takeEarlyRead } from '@/lib/popup/earlyRead';
import { compileRules, type CompiledRules } from '@/lib/rules/match';
import { useFeedStore, type PrepareFeed } from '../useFeedStore';
import { useOnline } from '../useOnline';
import { useFirstPaintValues, useStoredValue } from '../useStoredValue';

// Over 200 lines on purpose: the digest page's one model (the popup's and the side panel's), whose reads, derived
// values and handlers depend on each other; the small hooks it is made of are below it, private to it.

/**
 * The stored items a digest page's first paint needs, read together. The popup starts these very reads before its
 * modules load (lib/popup/earlyRead.ts, `EARLY_ITEM_KEYS`): the two lists are kept in step (a test checks).
 */
export const FIRST_PAINT_ITEMS = [settingsItem, topicsItem, popupPrefsItem, lastCheckedItem] as const;

/** Where the digest is shown: the toolbar popup, or the side panel (sidebar) that stays open beside the page. */
export type DigestSurface = 'popup' | 'sidepanel';

/** What a digest page (the popup; any page that shows the same list) reads, derives, and lets the reader do. */
export type DigestModel = {
  surface: DigestSurface;
  now: number;
  locale: string | undefined;
  online: boolean;
  list: DigestListState;
  /** The remembered filters: tag, unread only, and topics only as the reader chose it (null: automatic). */
  prefs: PopupPrefs;
  /** Whether the topic filter is on: the reader's choice, else on when a followed feed mixes topics. */
  topicsOnly: boolean;
  /** This opening's search (not remembered). */
  query: string;
  /** Posts the reader's rules hide ("3 muted"), each with its rule; listed on request (`showMuted`). */
  muted: DigestEntry[];
  showMuted: boolean;
  /** The remembered filters' tags to choose from, most used first. */
  tags: string[];
  unreadCount: number;
  /** The last good check of any feed (0: none yet), for "Updated 5 minutes ago". */
  lastSuccess: number;
  health: FeedHealth[];
  /** Posts whose source is the page in the current tab. */
  aboutThisPage: DigestEntry[];
  /** Feeds the current tab's page advertises that the reader does not follow. */
  pageFeeds: DiscoveredFeed[];
  /** Whether the browser can show the side panel (the popup offers to open it). */
  canOpenSidePanel: boolean;
  /**
   * The side panel's "About this page" follows every tab only with the optional `tabs` permission; undefined while
   * unknown (and in the popup, which needs none).
   */
  followsEveryTab: boolean | undefined;
  /** Stored records left out because they failed validation. */
  dropped: number;
  /** Whether the bundled demo feed is among the followed ones. */
  followsDemo: boolean;
  refreshing: boolean;
  /** A failure to tell the reader (a refresh or a permission that did not work). */
  notice: string | undefined;
  /** The confirmation of a feed added from the current page. */
  added: string | undefined;
  actions: DigestActions;
};

export type DigestActions = {
  setQuery: (query: string) => void;
  /** Shows or hides the posts the rules hide. */
  toggleMuted: () => void;
  updatePrefs: (change: Partial<PopupPrefs>) => void;
  clearFilters: () => void;
  /** Esc: clears what was narrowed for the moment (the search, the tag), not the standing choices. */
  clearSearch: () => void;
  /** Checks every feed, or one. */
  refresh: (feedId?: string) => void;
  /** Asks for a failing feed's site (straight from the click), then checks the feed. */
  allow: (feed: FeedHealth) => void;
  setRead: (keys: string[], read: boolean) => void;
  markAllRead: () => void;
  /** Opens the post or its source in a tab, and marks the post read. */
  openInTab: (entry: DigestEntry, target: 'post' | 'source') => void;
  openOptions: () => void;
  /** A feed offered by the current page was added: say so, and offer no more. */
  pageFeedAdded: (confirmation: string) => void;
  /** Opens the side panel in the reader's window (straight from the click) and closes the popup. */
  openSidePanel: () => void;
  /** Asks for the `tabs` permission (straight from the click), so "About this page" follows every tab. */
  followEveryTab: () => void;
};

const locale = uiLocale();

/**
 * The digest page's data and behaviour, without its markup: the stored values (watched), the digest and what is
 * derived from it, the current page's posts and feeds, and the handlers. Opening the page marks what it shows as
 * seen (which clears the badge), and so does a post arriving while it is on screen. `initialQuery`: a search typed
 * before React loaded, on the plain first screen (./plainFirstScreen.ts).
 */
export function useDigestModel(surface: DigestSurface = 'popup', initialQuery = ''): DigestModel {
  // The small values the first paint needs, in one storage read; then the feeds' records and marks in a second,
  // and each feed's archive after the first paint. Each is then watched (a feed's change re-reads that feed only).
  const firstPaint = useFirstPaintValues(FIRST_PAINT_ITEMS);
  const ready = firstPaint !== undefined;
  const settings = useStoredValue(settingsItem, ready, firstPaint?.[0]);
  // Compiled once per set of rules (the same rules read again give the same compiled set: lib/rules/match.ts).
  const rules = useMemo(() => compileRules(settings?.rules), [settings?.rules]);
  const prepare = useMemo(() => settings && feedPreparer(settings.feeds, rules), [settings, rules]);
  const store = useFeedStore(
    settings?.feeds.map((feed) => feed.id),
    { archive: true, prepare },
  );
  const cache = store?.cache;
  const marks = store?.marks;
  const topics = useStoredValue(topicsItem, ready, firstPaint?.[1]);
  const lastChecked = useStoredValue(lastCheckedItem, ready, firstPaint?.[3]);
  // The remembered filters, until the reader changes one here.
  const [prefsChosen, setPrefs] = useState<PopupPrefs>();
  const prefs = prefsChosen ?? firstPaint?.[2] ?? popupPrefsItem.fallback;
  const [query, setQuery] = useState(initialQuery);
  const [refreshing, setRefreshing] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [added, setAdded] = useState<string>();
  const online = useOnline();
  const now = Date.now();

  const { pageUrl, pageFeeds, setPageFeeds, followsEveryTab, setFollowsEveryTab } = useCurrentPage(
    settings?.feeds,
    surface,
  );
  const windowId = useReaderWindow(surface);
  const newKeys = useMarkSeen(settings?.feeds, cache, marks, rules);
  const [showMuted, setShowMuted] = useState(false);

  const digest = useMemo(
    () => (settings && cache && marks ? buildDigest(settings.feeds, cache, marks, newKeys, rules) : []),
    [settings, cache, marks, newKeys, rules],
  );
  const muted = useMemo(() => mutedEntries(digest), [digest]);
  const matcher = useMemo(() => topicMatcher(topics?.terms ?? []), [topics]);
  // The topic filter starts on by itself only when a followed feed mixes topics; the reader's choice then sticks.
  const feedsMixTopics = useMemo(
    () =>
      !!settings && !!cache && settings.feeds.some((feed) => feedMixesTopics(cache[feed.id]?.articles ?? [], matcher)),
    [settings, cache, matcher],
  );
  const topicsOnly = prefs.topicsOnly ?? feedsMixTopics;
  const visible = useMemo(
    () =>
      filterDigest(digest, {
        tag: prefs.tag,
        unreadOnly: prefs.unreadOnly,
        query,
        onTopic: topicsOnly ? matcher : undefined,
      }),
    [digest, prefs.tag, prefs.unreadOnly, query, topicsOnly, matcher],
  );
  const aboutThisPage = useMemo(() => (pageUrl ? postsAboutPage(pageUrl, digest) : []), [pageUrl, digest]);
  const tags = useMemo(() => tagCounts(digest).map((tc) => tc.tag), [digest]);
  const unread = useMemo(() => unreadCount(digest), [digest]);
  const health = useMemo(() => (settings && cache ? feedHealth(settings.feeds, cache) : []), [settings, cache]);
  const filtered = !!(prefs.tag || prefs.unreadOnly || query || topicsOnly);
  const loaded = settings !== undefined && cache !== undefined && marks !== undefined;
  useMarkFirstArticle(visible.length);

  const updatePrefs = (change: Partial<PopupPrefs>) => {
    const next = { ...prefs, ...change };
    setPrefs(next);
    // The first screen the background keeps composed was composed with the old filters: the next opening would compose
    // its own. Asked for once the filters are stored, it is composed with them while this page is still open.
    void popupPrefsItem.set(next).then(() => sendMessage({ type: 'composeFirstScreen' }));
  };
  const refresh = async (feedId?: string) => {
    setRefreshing(true);
    setNotice(undefined);
    const result = await sendMessage({ type: 'syncNow', feedId });
    setRefreshing(false);
    if (!result.ok) setNotice(result.error.message);
  };
  // Straight from the click: the browser only shows its permission prompt inside a user gesture.
  const allow = async (feed: FeedHealth) => {
    const permission = await requestFeedOrigin(feed.url);
    if (permission.ok) await refresh(feed.feedId);
    else setNotice(permission.message);
  };
  const setRead = (keys: string[], read: boolean) => void sendMessage({ type: 'setRead', keys, read });

  return {
    surface,
    now,
    locale,
    online,
    list: listState({ loaded, feedCount: settings?.feeds.length ?? 0, digest, visible, health, filtered }),
    prefs,
    topicsOnly,
    query,
    muted,
    showMuted: showMuted && muted.length > 0,
    tags,
    unreadCount: unread,
    lastSuccess: lastGoodCheck(health, lastChecked, now),
    health,
    aboutThisPage,
    pageFeeds,
    canOpenSidePanel: surface === 'popup' && hasSidePanel(),
    followsEveryTab,
    dropped: store?.dropped ?? 0,
    followsDemo: loaded && settings.feeds.some((feed) => feed.demo),
    refreshing,
    notice,
    added,
    actions: {
      setQuery,
      toggleMuted: () => setShowMuted((shown) => !shown),
      updatePrefs,
      clearFilters: () => {
        setQuery('');
        updatePrefs({ tag: undefined, unreadOnly: false, topicsOnly: false });
      },
      clearSearch: () => {
        setQuery('');
        if (prefs.tag) updatePrefs({ tag: undefined });
      },
      refresh: (feedId) => void refresh(feedId),
      allow: (feed) => void allow(feed),
      setRead,
      markAllRead: () => {
        if (cache) void sendMessage({ type: 'markAllRead', upTo: newestArrivals(cache) });
      },
      openInTab: (entry, target) => {
        const url = resolveHttpUrl(target === 'post' ? entry.article.url : entry.article.sourceUrl);
        if (!url) return;
        setRead([entry.key], true);
        void browser.tabs.create({ url });
      },
      openOptions: () => void browser.runtime.openOptionsPage(),
      pageFeedAdded: (confirmation) => {
        setPageFeeds([]);
        setNotice(undefined);
        setAdded(confirmation);
      },
      openSidePanel: () => {
        openSidePanel(windowId).then(
          () => window.close(),
          (error: Error) => setNotice(error.message),
        );
      },
      followEveryTab: () => {
        void requestPermission(EVERY_TAB, t('sidepanel_followRefused')).then((answer) => {
          setFollowsEveryTab(answer.ok);
          if (!answer.ok) setNotice(answer.message);
        });
      },
    },
  };
}

/** Each changed feed's entries made before the render that lists them (see `FeedStoreOptions.prepare`). */
function feedPreparer(feeds: FeedConfig[], rules: CompiledRules): PrepareFeed {
  const byId = new Map(feeds.map((feed) => [feed.id, feed]));
  return (feedId, view, marks) => {
    const feed = byId.get(feedId);
    if (feed) prepareFeedEntries(feed, view, marks, rules);
  };
}

/** The optional permission that lets the side panel read the address of whichever tab the reader is on. */
const EVERY_TAB: PermissionRequest = { permissions: ['tabs'] };

/** The window the popup is over (Chrome opens the side panel in a window it is told, and only inside the click). */
function useReaderWindow(surface: DigestSurface): number | undefined {
  const [windowId, setWindowId] = useState<number>();
  useEffect(() => {
    if (surface !== 'popup' || !hasSidePanel()) return;
    // No window (a page the browser opened without one) leaves the panel to the keyboard shortcut.
    void browser.windows.getCurrent().then(
      (current) => setWindowId(current?.id),
      () => undefined,
    );
  }, [surface]);
  return windowId;
}

/**
 * The page in the current tab: its address (for "About this page"), and the feeds it advertises that the reader
 * does not follow, looked up once when the followed feeds are first known, after the first paint (nothing of it is
 * on the first screen). The side panel stays open while the reader moves from tab to tab: it asks again each time.
 */
function useCurrentPage(followed: FeedConfig[] | undefined, surface: DigestSurface) {
  const [pageUrl, setPageUrl] = useState<string>();
  const [pageFeeds, setPageFeeds] = useState<DiscoveredFeed[]>([]);
  // Known from the early read when the side panel's first screen was drawn with it: the same header from the first
  // frame (lib/popup/earlyRead.ts); checked again below all the same.
  const [followsEveryTab, setFollowsEveryTab] = useState<boolean | undefined>(() =>
    surface === 'sidepanel' ? takeEarlyRead()?.everyTabValue : undefined,
  );
  const askedPage = useRef(false);
  const followedRef = useRef(followed);
  followedRef.current = followed;
  useEffect(() => {
    const ask = () => void currentTab().then((tab) => setPageUrl(tab?.url));
    // After the first paint: nothing of it is on the first screen, and the browser builds the `windows` and `tabs`
    // APIs for a page only when the page first touches them.
    void afterPaint().then(ask);
    if (surface !== 'sidepanel') return;
    void hasPermission(EVERY_TAB).then(setFollowsEveryTab);
    return followActiveTab(() => {
      ask();
      if (followedRef.current) void unfollowedFeedsOnCurrentPage(followedRef.current).then(setPageFeeds);
    });
  }, [surface]);
  useEffect(() => {
    if (!followed || askedPage.current) return;
    askedPage.current = true;
    void afterPaint()
      .then(() => unfollowedFeedsOnCurrentPage(followed))
      .then(setPageFeeds);
  }, [followed]);
  return { pageUrl, pageFeeds, setPageFeeds, followsEveryTab, setFollowsEveryTab };
}

const NOTHING_UNSEEN: string[] = [];

/**
 * Posts not yet seen are marked "New" while the page is open, and marked seen at once (which clears the badge).
 * This also covers posts that arrive while it is open, e.g. after Refresh. Returns the keys shown as new.
 */
function useMarkSeen(
  feeds: FeedConfig[] | undefined,
  cache: FeedCache | undefined,
  marks: Marks | undefined,
  rules: CompiledRules,
): ReadonlySet<string> {
  const unseen = useMemo(
    () => (feeds && cache && marks ? unseenKeys(feeds, cache, marks, rules) : NOTHING_UNSEEN),
    [feeds, cache, marks, rules],
  );
  // From the first render when its values are there (the plain first screen drew these "New" markers already): the
  // markers are on the first paint, not a render later.
  const [shown, setShown] = useState<ReadonlySet<string>>(() => new Set(unseen));
  // Posts that arrive while the page is open are New from the render that lists them: the set grows during this
  // render (React renders the page again at once, keeping what it worked out, before its children), not in an effect
  // a render later, which built the digest and drew the list a second time for every batch of a sync's commits.
  const newKeys = unseen.every((key) => shown.has(key)) ? shown : new Set([...shown, ...unseen]);
  if (newKeys !== shown) setShown(newKeys);
  useEffect(() => {
    if (unseen.length && cache) void sendMessage({ type: 'markAllSeen', upTo: newestArrivals(cache) });
  }, [unseen, cache]);
  return newKeys;
}

/**
 * For the benchmark (npm run bench): a `first-article` mark once the first post is on screen, i.e. once the frame
 * that shows it has been painted. Taken from the commit that put it in the DOM (a layout effect, not a passive one,
 * which React may run a frame later): the next frame paints it, and a task queued from that frame's animation
 * callback runs once the frame's style, layout and paint are done. Before, the mark waited for a passive effect
 * and then for the frame after that, so it counted a frame that showed nothing new and the after-paint work before it.
 */
function useMarkFirstArticle(visibleCount: number) {
  const marked = useRef(false);
  useLayoutEffect(() => {
    if (marked.current || !visibleCount) return;
    marked.current = true;
    // Drawn before React loaded (./plainFirstScreen.ts), which marked it then.
    if (performance.getEntriesByName('first-article').length) return;
    requestAnimationFrame(() => setTimeout(() => performance.mark('first-article')));
  }, [visibleCount]);
}
