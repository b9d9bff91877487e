import { useEffect, useMemo, useState } from 'react';
import { browser } from 'wxt/browser';
import { ArticleCard } from '@/components/ArticleCard';
import { FeedStatus } from '@/components/FeedStatus';
import { TagChips } from '@/components/TagChips';
import { useStoredValue } from '@/components/useStoredValue';
import { buildDigest, feedHealth, filterDigest, tagCounts, type DigestFilter } from '@/lib/digest/digest';
import { formatRelative } from '@/lib/format/dates';
import { sendMessage } from '@/lib/messages';
import { feedCacheItem } from '@/lib/store/feedCache';
import { readStateItem } from '@/lib/store/readState';
import { settingsItem } from '@/lib/store/settings';
import { allArticleKeys } from '@/lib/sync/newPosts';

export function App() {
  const settings = useStoredValue(settingsItem);
  const cache = useStoredValue(feedCacheItem);
  const readState = useStoredValue(readStateItem);
  const [filter, setFilter] = useState<DigestFilter>({});
  const [refreshing, setRefreshing] = useState(false);
  const [notice, setNotice] = useState<string>();
  const now = Date.now();

  // Posts not yet seen are marked "New" while the popup is open, and marked seen at once (which clears the badge).
  // This also covers posts that arrive while the popup is open, e.g. after Refresh.
  const [newKeys, setNewKeys] = useState<ReadonlySet<string>>(new Set());
  const loaded = settings !== undefined && cache !== undefined && readState !== undefined;
  useEffect(() => {
    if (!settings || !cache || !readState) return;
    const seen = new Set(readState.seen);
    const unseen = allArticleKeys(settings.feeds, cache).filter((k) => !seen.has(k));
    if (!unseen.length) return;
    setNewKeys((current) => new Set([...current, ...unseen]));
    void sendMessage({ type: 'markAllSeen' });
  }, [settings, cache, readState]);

  const digest = useMemo(
    () => (settings && cache && readState ? buildDigest(settings.feeds, cache, readState, newKeys) : []),
    [settings, cache, readState, newKeys],
  );
  const visible = useMemo(() => filterDigest(digest, filter), [digest, filter]);
  const tags = useMemo(() => tagCounts(digest).map((t) => t.tag), [digest]);
  const health = useMemo(() => (settings && cache ? feedHealth(settings.feeds, cache) : []), [settings, cache]);
  const unreadCount = digest.filter((e) => !e.read).length;
  const lastSuccess = Math.max(0, ...health.map((h) => h.lastSuccessAt ?? 0));

  const refresh = async (feedId?: string) => {
    setRefreshing(true);
    setNotice(undefined);
    const result = await sendMessage({ type: 'syncNow', feedId });
    setRefreshing(false);
    if (!result.ok) setNotice(result.error.message);
  };
  const setRead = (keys: string[], read: boolean) => void sendMessage({ type: 'setRead', keys, read });

  return (
    <div className="popup">
      <header className="popup__header">
        <h1>AI Safety Brief</h1>
        <span className="muted" aria-live="polite">
          {refreshing ? 'Checking feeds…' : lastSuccess ? `Updated ${formatRelative(lastSuccess, now)}` : ''}
        </span>
        <div className="popup__header-actions">
          <button type="button" onClick={() => void refresh()} disabled={refreshing}>
            Refresh
          </button>
          <button type="button" onClick={() => void browser.runtime.openOptionsPage()} aria-label="Options">
            Options
          </button>
        </div>
      </header>

      <div className="toolbar" role="search">
        <input
          type="search"
          placeholder="Search posts"
          aria-label="Search posts"
          value={filter.query ?? ''}
          onChange={(e) => setFilter({ ...filter, query: e.target.value })}
        />
        <label className="toggle">
          <input
            type="checkbox"
            checked={!!filter.unreadOnly}
            onChange={(e) => setFilter({ ...filter, unreadOnly: e.target.checked })}
          />
          Unread only
        </label>
        <button type="button" disabled={!unreadCount} onClick={() => void sendMessage({ type: 'markAllRead' })}>
          Mark all read
        </button>
      </div>
      <TagChips tags={tags} activeTag={filter.tag} onSelect={(tag) => setFilter({ ...filter, tag })} label="Filter by tag" />

      {notice && <p className="notice" role="alert">{notice}</p>}
      <FeedStatus feeds={health} now={now} onRetry={(feedId) => void refresh(feedId)} />

      <main>
        {!loaded ? (
          <p className="empty" role="status">Loading your digest…</p>
        ) : settings!.feeds.length === 0 ? (
          <p className="empty">
            You follow no feeds. <button type="button" className="link-button" onClick={() => void browser.runtime.openOptionsPage()}>Add a blog's feed</button>
          </p>
        ) : digest.length === 0 ? (
          <p className="empty" role="status">
            {health.some((h) => h.error) ? 'No posts could be loaded yet.' : 'No posts yet. Fetching your feeds…'}
          </p>
        ) : visible.length === 0 ? (
          <p className="empty" role="status">
            No posts match. <button type="button" className="link-button" onClick={() => setFilter({})}>Clear filters</button>
          </p>
        ) : (
          <ol className="list" aria-label="Posts">
            {visible.map((entry) => (
              <li key={entry.key}>
                <ArticleCard
                  entry={entry}
                  now={now}
                  activeTag={filter.tag}
                  onOpen={(key) => setRead([key], true)}
                  onToggleRead={(key, read) => setRead([key], read)}
                  onTagSelect={(tag) => setFilter({ ...filter, tag })}
                />
              </li>
            ))}
          </ol>
        )}
        {loaded && settings!.feeds.some((f) => f.demo) && (
          <p className="hint">
            These are demo posts. <button type="button" className="link-button" onClick={() => void browser.runtime.openOptionsPage()}>Add your blog's feed</button> to follow it.
          </p>
        )}
      </main>
    </div>
  );
}
