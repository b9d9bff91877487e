import { useState, type FormEvent } from 'react';
import { SourceSitesSettings } from '@/components/SourceSitesSettings';
import { TopicsEditor } from '@/components/TopicsEditor';
import { DiscoveredFeeds } from '@/components/DiscoveredFeeds';
import { FeedList } from '@/components/FeedList';
import { useStoredValue } from '@/components/useStoredValue';
import type { DiscoveredFeed } from '@/lib/feed/article';
import { feedHealth } from '@/lib/digest/digest';
import { sendMessage } from '@/lib/messages';
import { requestFeedOrigin } from '@/lib/permissions/feedOrigin';
import { feedCacheItem } from '@/lib/store/feedCache';
import { POLL_MINUTES_CHOICES, settingsItem } from '@/lib/store/settings';

type Status = { kind: 'idle' } | { kind: 'busy'; text: string } | { kind: 'error' | 'done'; text: string };

function describeMinutes(minutes: number): string {
  return minutes < 60 ? `${minutes} minutes` : minutes === 60 ? 'hour' : `${minutes / 60} hours`;
}

export function App() {
  const settings = useStoredValue(settingsItem);
  const cache = useStoredValue(feedCacheItem);
  const [url, setUrl] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [discovered, setDiscovered] = useState<DiscoveredFeed[]>([]);

  const addFeed = async (event: FormEvent) => {
    event.preventDefault();
    // Ask for the feed's origin first, while the click still counts as a user gesture.
    const permission = await requestFeedOrigin(url);
    if (!permission.ok) {
      setStatus({ kind: 'error', text: permission.message });
      return;
    }
    setStatus({ kind: 'busy', text: 'Checking the feed…' });
    const result = await sendMessage({ type: 'addFeed', url: url.trim() });
    setDiscovered(result.ok ? [] : (result.discovered ?? []));
    if (!result.ok) {
      setStatus({ kind: 'error', text: result.error.message });
      return;
    }
    const { title, articleCount } = result.feed;
    setStatus({ kind: 'done', text: `Added “${title}” with ${articleCount} ${articleCount === 1 ? 'post' : 'posts'}.` });
    setUrl('');
  };

  const feeds = settings && cache ? feedHealth(settings.feeds, cache) : [];
  return (
    <main className="options">
      <h1>AI Safety Brief</h1>

      <section aria-labelledby="feeds-heading">
        <h2 id="feeds-heading">Feeds</h2>
        <form className="add-feed" onSubmit={(e) => void addFeed(e)}>
          <label htmlFor="feed-url">Feed URL</label>
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
              Add feed
            </button>
          </div>
          <p id="feed-url-help" className="muted">
            The address of a blog's JSON Feed. Your browser will ask to let the extension read that site.
          </p>
          <p id="feed-status" className={`status status--${status.kind}`} role={status.kind === 'error' ? 'alert' : 'status'}>
            {status.kind === 'idle' ? '' : status.text}
          </p>
        </form>
        <DiscoveredFeeds feeds={discovered} onAdded={(text) => (setDiscovered([]), setStatus({ kind: 'done', text }))} />

        {settings && (
          <FeedList
            feeds={feeds}
            now={Date.now()}
            onRemove={(feedId) => void sendMessage({ type: 'removeFeed', feedId })}
            onRefresh={(feedId) => void sendMessage({ type: 'syncNow', feedId })}
          />
        )}
        {settings && !settings.feeds.some((f) => f.demo) && (
          <button type="button" className="link-button" onClick={() => void sendMessage({ type: 'restoreDemoFeed' })}>
            Show the demo feed again
          </button>
        )}
      </section>

      <section aria-labelledby="polling-heading">
        <h2 id="polling-heading">Checking for new posts</h2>
        <label htmlFor="poll-minutes">Check every</label>{' '}
        <select
          id="poll-minutes"
          value={settings?.pollMinutes ?? ''}
          disabled={!settings}
          onChange={(e) => void sendMessage({ type: 'setPollInterval', minutes: Number(e.target.value) })}
        >
          {POLL_MINUTES_CHOICES.map((minutes) => (
            <option key={minutes} value={minutes}>
              {describeMinutes(minutes)}
            </option>
          ))}
        </select>
      </section>

      <TopicsEditor />
      <SourceSitesSettings />
    </main>
  );
}
