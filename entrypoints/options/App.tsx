import { useDeferredValue, useEffect, useState, type FormEvent } from 'react';
import { DiscoveredFeeds } from '@/components/DiscoveredFeeds';
import { SectionBoundary } from '@/components/ErrorBoundary';
import { FEEDS_SHOWN, FeedList } from '@/components/FeedList';
import { ImportExport } from '@/components/ImportExport';
import { NotificationSettings } from '@/components/NotificationSettings';
import { RulesSettings } from '@/components/RulesSettings';
import { SourceSitesSettings } from '@/components/SourceSitesSettings';
import { TopicsEditor } from '@/components/TopicsEditor';
import { useFeedStore } from '@/components/useFeedStore';
import { useBadFeedEntries, useStoredValue } from '@/components/useStoredValue';
import type { DiscoveredFeed } from '@/lib/feed/article';
import { feedHealth, type FeedHealth } from '@/lib/digest/digest';
import { feedAddedText, feedsCheckedText, postsTrimmedText } from '@/lib/i18n/counted';
import { t } from '@/lib/i18n/t';
import { sendMessage } from '@/lib/messages';
import { requestFeedOrigin } from '@/lib/permissions/feedOrigin';
import { POLL_MINUTES_CHOICES, settingsAreSynced, settingsItem } from '@/lib/store/settings';
import { scheduleEntries, scheduleItem } from '@/lib/sync/lastChecked';

type Status = { kind: 'idle' } | { kind: 'busy'; text: string } | { kind: 'error' | 'done'; text: string };

function describeMinutes(minutes: number): string {
  return minutes < 60
    ? t('options_minutes', minutes)
    : minutes === 60
      ? t('options_hour')
      : t('options_hours', minutes / 60);
}

export function App() {
  // Deferred: a change that brings 2,000 feeds (an import) is drawn in slices the page can answer input between
  // (React renders a deferred value as a transition), not in one task of a second.
  const settings = useDeferredValue(useStoredValue(settingsItem));
  // The list draws its first FEEDS_SHOWN feeds until the reader asks for all: only their records are read and
  // watched, so 2,000 imported feeds cost the page 200 records, not 2,000 (each re-read as its fetch lands).
  const [showAll, setShowAll] = useState(false);
  const shownFeeds = settings && (showAll ? settings.feeds : settings.feeds.slice(0, FEEDS_SHOWN));
  // Each shown feed's record (health, counts, newest posts), kept current feed by feed; no archive needed here.
  const store = useDeferredValue(
    useFeedStore(
      shownFeeds?.map((feed) => feed.id),
      { archive: false },
    ),
  );
  const cache = store?.cache;
  const badFeeds = useBadFeedEntries();
  const schedule = useStoredValue(scheduleItem);
  const [url, setUrl] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [discovered, setDiscovered] = useState<DiscoveredFeed[]>([]);
  const [synced, setSynced] = useState<boolean>();
  useEffect(() => {
    if (settings) void settingsAreSynced(settings).then(setSynced);
  }, [settings]);

  const addFeed = async (event: FormEvent) => {
    event.preventDefault();
    // Ask for the feed's origin first, while the click still counts as a user gesture.
    const permission = await requestFeedOrigin(url);
    if (!permission.ok) {
      setStatus({ kind: 'error', text: permission.message });
      return;
    }
    setStatus({ kind: 'busy', text: t('options_checking') });
    const result = await sendMessage({ type: 'addFeed', url: url.trim() });
    setDiscovered(result.ok ? [] : (result.discovered ?? []));
    if (!result.ok) {
      setStatus({ kind: 'error', text: result.error.message });
      return;
    }
    const { title, articleCount } = result.feed;
    setStatus({ kind: 'done', text: feedAddedText(title, articleCount) });
    setUrl('');
  };
  const allowFeed = async (feed: FeedHealth) => {
    const permission = await requestFeedOrigin(feed.url);
    if (permission.ok) await sendMessage({ type: 'syncNow', feedId: feed.feedId });
    else setStatus({ kind: 'error', text: permission.message });
  };
  const refreshAll = async () => {
    const result = await sendMessage({ type: 'syncNow' });
    setStatus(
      result.ok
        ? { kind: 'done', text: feedsCheckedText(result.checked) }
        : { kind: 'error', text: result.error.message },
    );
  };

  // Drawn once its first reads are in, not section by section as each answers: every control below a section that
  // appeared late moved under the reader's pointer (a click on "Refresh all feeds now" landed on a feed's row).
  if (!settings || !cache || !schedule)
    return (
      <main className="options" aria-busy="true">
        <h1>{t('options_title')}</h1>
      </main>
    );
  const feeds = feedHealth(shownFeeds!, cache);
  return (
    <main className="options">
      <h1>{t('options_title')}</h1>

      <section aria-labelledby="feeds-heading">
        <h2 id="feeds-heading">{t('options_feeds')}</h2>
        <form className="add-feed" onSubmit={(e) => void addFeed(e)}>
          <label htmlFor="feed-url">{t('options_feedUrl')}</label>
          <div className="add-feed__row">
            <input
              id="feed-url"
              type="url"
              required
              placeholder="https://example.org/feed.json"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              aria-describedby="feed-url-help feed-status"
              aria-invalid={status.kind === 'error'}
            />
            <button type="submit" disabled={status.kind === 'busy'}>
              {t('options_addFeed')}
            </button>
          </div>
          <p id="feed-url-help" className="muted">
            {t('options_feedUrlHelp')}
          </p>
          <p
            id="feed-status"
            className={`status status--${status.kind}`}
            role={status.kind === 'error' ? 'alert' : 'status'}
          >
            {status.kind === 'idle' ? '' : status.text}
          </p>
        </form>
        <DiscoveredFeeds
          feeds={discovered}
          onAdded={(text) => (setDiscovered([]), setStatus({ kind: 'done', text }))}
        />

        {badFeeds > 0 && (
          <p className="notice" role="status">
            {t('options_droppedFeeds', badFeeds)}
          </p>
        )}
        {!!store?.dropped && (
          <p className="notice" role="status">
            {t('options_dropped', store.dropped)}
          </p>
        )}
        <SectionBoundary what="the feed list">
          <FeedList
            feeds={feeds}
            total={settings.feeds.length}
            onShowAll={() => setShowAll(true)}
            schedule={schedule && scheduleEntries(schedule)}
            now={Date.now()}
            onRemove={(feedId) => void sendMessage({ type: 'removeFeed', feedId })}
            onRefresh={(feedId) => void sendMessage({ type: 'syncNow', feedId })}
            onRename={(feedId, name) => void sendMessage({ type: 'renameFeed', feedId, name })}
            onMove={(feedId, direction) => void sendMessage({ type: 'moveFeed', feedId, direction })}
            onPause={(feedId, paused) => void sendMessage({ type: 'setFeedPaused', feedId, paused })}
            onInterval={(feedId, minutes) => void sendMessage({ type: 'setFeedInterval', feedId, minutes })}
            onTrim={(feedId, keep) =>
              void sendMessage({ type: 'trimFeed', feedId, keep }).then((result) =>
                setStatus(
                  result.ok
                    ? { kind: 'done', text: postsTrimmedText(result.removed) }
                    : { kind: 'error', text: result.error.message },
                ),
              )
            }
            onAllow={(feed) => void allowFeed(feed)}
            defaultMinutes={settings.pollMinutes}
            describeMinutes={describeMinutes}
          />
        </SectionBoundary>
        <div className="row">
          <button type="button" onClick={() => void refreshAll()}>
            {t('options_refreshAll')}
          </button>
          {!settings.feeds.some((f) => f.demo) && (
            <button type="button" className="link-button" onClick={() => void sendMessage({ type: 'restoreDemoFeed' })}>
              {t('options_restoreDemo')}
            </button>
          )}
        </div>
      </section>

      <section aria-labelledby="polling-heading">
        <h2 id="polling-heading">{t('options_polling')}</h2>
        <label htmlFor="poll-minutes">{t('options_checkEvery')}</label>{' '}
        <select
          id="poll-minutes"
          value={settings.pollMinutes}
          onChange={(e) => void sendMessage({ type: 'setPollInterval', minutes: Number(e.target.value) })}
        >
          {POLL_MINUTES_CHOICES.map((minutes) => (
            <option key={minutes} value={minutes}>
              {describeMinutes(minutes)}
            </option>
          ))}
        </select>
      </section>

      {/* The sections below but the news sites are `memo` components: the page renders again with every batch of
          feeds a refresh pass commits, and none of them shows the store (the news sites do, and count them per
          changed feed). Drawn again only when their own values change, the page's main thread during a pass went
          from 355 to 237 ms. */}
      <SectionBoundary what="the notification settings">
        <NotificationSettings notifications={settings.notifications} />
      </SectionBoundary>
      <SectionBoundary what="the rules">
        <RulesSettings settings={settings} />
      </SectionBoundary>
      <SectionBoundary what="the topic list">
        <TopicsEditor />
      </SectionBoundary>
      <SectionBoundary what="the news sites">
        <SourceSitesSettings settings={settings} cache={cache} />
      </SectionBoundary>
      <SectionBoundary what="import and export">
        <ImportExport settings={settings} />
      </SectionBoundary>
      {synced !== undefined && <p className="muted sync-note">{synced ? t('options_syncOn') : t('options_syncOff')}</p>}
    </main>
  );
}
