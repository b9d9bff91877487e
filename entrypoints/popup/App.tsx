import { useEffect, useMemo, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { ArticleCard } from '@/components/ArticleCard';
import { DiscoveredFeeds } from '@/components/DiscoveredFeeds';
import { PostList } from '@/components/PostList';
import { PostBoundary, SectionBoundary } from '@/components/ErrorBoundary';
import { FeedStatus } from '@/components/FeedStatus';
import { TagChips } from '@/components/TagChips';
import { afterPaint, useFeedStore } from '@/components/useFeedStore';
import { useOnline } from '@/components/useOnline';
import { useFirstPaintValues, useStoredValue } from '@/components/useStoredValue';
import {
  buildDigest,
  feedHealth,
  filterDigest,
  newestArrivals,
  tagCounts,
  unseenKeys,
  type DigestEntry,
  type FeedHealth,
} from '@/lib/digest/digest';
import type { DiscoveredFeed } from '@/lib/feed/article';
import { resolveHttpUrl } from '@/lib/feed/url';
import { formatRelative } from '@/lib/format/dates';
import { t, uiLocale } from '@/lib/i18n/t';
import { postsAboutPage } from '@/lib/match/matchPage';
import { sendMessage } from '@/lib/messages';
import { requestFeedOrigin } from '@/lib/permissions/feedOrigin';
import { currentTab } from '@/lib/popup/activeTab';
import { unfollowedFeedsOnCurrentPage } from '@/lib/popup/pageFeeds';
import { popupPrefsItem, type PopupPrefs } from '@/lib/store/popupPrefs';
import { settingsItem } from '@/lib/store/settings';
import { lastCheckedItem } from '@/lib/sync/lastChecked';
import { feedMixesTopics, topicMatcher, topicsItem } from '@/lib/topics/topics';

const locale = uiLocale();

export function App() {
  // The small values the first paint needs, in one storage read; then the feeds' records and marks in a second,
  // and each feed's archive after the first paint. Each is then watched (a feed's change re-reads that feed only).
  const firstPaint = useFirstPaintValues([settingsItem, topicsItem, popupPrefsItem, lastCheckedItem] as const);
  const ready = firstPaint !== undefined;
  const settings = useStoredValue(settingsItem, ready, firstPaint?.[0]);
  const store = useFeedStore(
    settings?.feeds.map((feed) => feed.id),
    { archive: true },
  );
  const cache = store?.cache;
  const marks = store?.marks;
  const topics = useStoredValue(topicsItem, ready, firstPaint?.[1]);
  const lastChecked = useStoredValue(lastCheckedItem, ready, firstPaint?.[3]);
  // The remembered filters, until the reader changes one here.
  const [prefsChosen, setPrefs] = useState<PopupPrefs>();
  const prefs = prefsChosen ?? firstPaint?.[2] ?? popupPrefsItem.fallback;
  const [query, setQuery] = useState('');
  const [refreshing, setRefreshing] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [added, setAdded] = useState<string>();
  const [pageUrl, setPageUrl] = useState<string>();
  const online = useOnline();
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLElement>(null);
  const now = Date.now();

  useEffect(() => {
    void currentTab().then((tab) => setPageUrl(tab?.url));
  }, []);
  // Feeds the current page advertises: looked up once, when the followed feeds are first known.
  const [pageFeeds, setPageFeeds] = useState<DiscoveredFeed[]>([]);
  const askedPage = useRef(false);
  useEffect(() => {
    if (!settings || askedPage.current) return;
    askedPage.current = true;
    // After the first paint: nothing of it is on the first screen.
    void afterPaint()
      .then(() => unfollowedFeedsOnCurrentPage(settings.feeds))
      .then(setPageFeeds);
  }, [settings]);
  const updatePrefs = (change: Partial<PopupPrefs>) => {
    const next = { ...prefs, ...change };
    setPrefs(next);
    void popupPrefsItem.set(next);
  };

  // Posts not yet seen are marked "New" while the popup is open, and marked seen at once (which clears the badge).
  // This also covers posts that arrive while the popup is open, e.g. after Refresh.
  const [newKeys, setNewKeys] = useState<ReadonlySet<string>>(new Set());
  const loaded = settings !== undefined && cache !== undefined && marks !== undefined;
  useEffect(() => {
    if (!settings || !cache || !marks) return;
    const unseen = unseenKeys(settings.feeds, cache, marks);
    if (!unseen.length) return;
    setNewKeys((current) => new Set([...current, ...unseen]));
    void sendMessage({ type: 'markAllSeen', upTo: newestArrivals(cache) });
  }, [settings, cache, marks]);

  const digest = useMemo(
    () => (settings && cache && marks ? buildDigest(settings.feeds, cache, marks, newKeys) : []),
    [settings, cache, marks, newKeys],
  );
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
  const health = useMemo(() => (settings && cache ? feedHealth(settings.feeds, cache) : []), [settings, cache]);
  const unreadCount = digest.filter((e) => !e.read).length;
  // The last good check, 304s and unchanged feeds included (those write nothing but the session's check times).
  const lastSuccess = Math.min(
    now,
    Math.max(0, ...health.map((h) => (h.error ? 0 : Math.max(h.lastSuccessAt ?? 0, lastChecked?.[h.feedId] ?? 0)))),
  );
  const filtered = !!(prefs.tag || prefs.unreadOnly || query || topicsOnly);

  // For the benchmark (npm run bench): when the first article is on screen.
  const markedFirstArticle = useRef(false);
  useEffect(() => {
    if (markedFirstArticle.current || !visible.length) return;
    markedFirstArticle.current = true;
    requestAnimationFrame(() => performance.mark('first-article'));
  }, [visible.length]);

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
  const openInTab = (entry: DigestEntry, target: 'post' | 'source') => {
    const url = resolveHttpUrl(target === 'post' ? entry.article.url : entry.article.sourceUrl);
    if (!url) return;
    setRead([entry.key], true);
    void browser.tabs.create({ url });
  };
  const clearFilters = () => {
    setQuery('');
    updatePrefs({ tag: undefined, unreadOnly: false, topicsOnly: false });
  };
  // Esc clears what was narrowed for the moment (the search, the tag), not the standing choices.
  const clearSearch = () => {
    setQuery('');
    if (prefs.tag) updatePrefs({ tag: undefined });
  };
  const openOptions = () => void browser.runtime.openOptionsPage();
  const cardProps = {
    now,
    locale,
    activeTag: prefs.tag,
    onOpen: (key: string) => setRead([key], true),
    onToggleRead: (key: string, read: boolean) => setRead([key], read),
    onTagSelect: (tag: string | undefined) => updatePrefs({ tag }),
  };

  return (
    <div className="popup">
      <header className="popup__header">
        <h1>{t('extName')}</h1>
        <span className="muted" aria-live="polite">
          {refreshing
            ? t('popup_checking')
            : !online
              ? lastSuccess
                ? t('popup_offline', formatRelative(lastSuccess, now, locale))
                : t('popup_offlineNever')
              : lastSuccess
                ? t('popup_updated', formatRelative(lastSuccess, now, locale))
                : ''}
        </span>
        <div className="popup__header-actions">
          <button type="button" onClick={() => void refresh()} disabled={refreshing || !online}>
            {t('popup_refresh')}
          </button>
          <button type="button" onClick={openOptions}>
            {t('popup_options')}
          </button>
        </div>
      </header>

      <div className="toolbar" role="search">
        <input
          ref={searchRef}
          type="search"
          placeholder={t('popup_search')}
          aria-label={t('popup_search')}
          aria-keyshortcuts="/"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <label className="toggle">
          <input
            type="checkbox"
            checked={prefs.unreadOnly}
            onChange={(e) => updatePrefs({ unreadOnly: e.target.checked })}
          />
          {t('popup_unreadOnly')}
        </label>
        <label className="toggle" title={t('popup_topicsOnlyHint')}>
          <input type="checkbox" checked={topicsOnly} onChange={(e) => updatePrefs({ topicsOnly: e.target.checked })} />
          {t('popup_topicsOnly')}
        </label>
        <button
          type="button"
          disabled={!unreadCount}
          onClick={() => cache && void sendMessage({ type: 'markAllRead', upTo: newestArrivals(cache) })}
        >
          {t('popup_markAllRead')}
        </button>
        <TagChips
          tags={tags}
          activeTag={prefs.tag}
          onSelect={(tag) => updatePrefs({ tag })}
          label={t('popup_filterByTag')}
        />
      </div>

      <main ref={scrollRef} className="popup__main">
        {notice && (
          <p className="notice" role="alert">
            {notice}
          </p>
        )}
        {!!store?.dropped && (
          <p className="notice" role="status">
            {t('popup_dropped', store.dropped)}
          </p>
        )}
        <SectionBoundary what="the feed problems">
          <FeedStatus
            feeds={health}
            now={now}
            locale={locale}
            onRetry={(feedId) => void refresh(feedId)}
            onAllow={(feed) => void allow(feed)}
          />
        </SectionBoundary>
        <DiscoveredFeeds
          feeds={pageFeeds}
          heading={t('popup_siteFeeds')}
          className="site-offer"
          onAdded={(text) => (setPageFeeds([]), setNotice(undefined), setAdded(text))}
        />
        {added && (
          <p className="muted list-count" role="status">
            {added}
          </p>
        )}
        {aboutThisPage.length > 0 && (
          <section className="about-page" aria-labelledby="about-page-heading">
            <h2 id="about-page-heading" className="section-heading">
              {t('popup_aboutThisPage')}
            </h2>
            {aboutThisPage.map((entry) => (
              <PostBoundary key={entry.key} resetKey={entry.article}>
                <ArticleCard entry={entry} tabbable {...cardProps} />
              </PostBoundary>
            ))}
          </section>
        )}
        {!loaded ? (
          <div role="status" aria-label={t('popup_loading')}>
            {[0, 1, 2].map((i) => (
              <div key={i} className="skeleton" aria-hidden="true">
                <div className="skeleton__line skeleton__line--title" />
                <div className="skeleton__line" />
                <div className="skeleton__line skeleton__line--short" />
              </div>
            ))}
          </div>
        ) : settings!.feeds.length === 0 ? (
          <p className="empty">
            {t('popup_noFeeds')}{' '}
            <button type="button" className="link-button" onClick={openOptions}>
              {t('popup_addFeed')}
            </button>
          </p>
        ) : digest.length === 0 ? (
          <p className="empty" role="status">
            {health.some((h) => h.error) ? t('popup_noPostsError') : t('popup_noPostsYet')}
          </p>
        ) : visible.length === 0 ? (
          <p className="empty" role="status">
            {t('popup_noMatch')}{' '}
            <button type="button" className="link-button" onClick={clearFilters}>
              {t('popup_clearFilters')}
            </button>
          </p>
        ) : (
          <>
            {filtered && (
              <p className="muted list-count" role="status">
                {t('popup_count', visible.length.toLocaleString(locale), digest.length.toLocaleString(locale))}
              </p>
            )}
            <PostList
              entries={visible}
              scrollRef={scrollRef}
              {...cardProps}
              onLinkFollowed={cardProps.onOpen}
              onOpen={openInTab}
              onFocusSearch={() => searchRef.current?.focus()}
              onClear={clearSearch}
            />
          </>
        )}
        {loaded && settings!.feeds.some((f) => f.demo) && (
          <p className="hint">
            {t('popup_demoHint')}{' '}
            <button type="button" className="link-button" onClick={openOptions}>
              {t('popup_demoHintAction')}
            </button>
          </p>
        )}
      </main>
      <footer className="muted keys-help">{t('popup_keyboardHelp')}</footer>
    </div>
  );
}
