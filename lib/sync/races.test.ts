import { describe, expect, it, vi } from 'vitest';
import { DAY, HOUR, fakeFetch, heldFirstFetch, item, jsonFeed } from '@/tests/unit/feeds';
import { fakeExtras } from '@/tests/unit/fakeExtras';
import { readFeedCache, setSettings } from '@/tests/unit/store';
import { defaultSettings, feedIdFor, settingsItem } from '../store/settings';
import { createPageHandlers } from '../router/router';
import { noteSitesGranted, syncFeeds, type SyncOptions } from './syncFeeds';

// Races and a clock that jumps (issue: trust boundaries, items 7 and 8).

const NOW = Date.parse('2026-11-20T12:00:00Z');
const FEED_URL = 'https://blog.test/feed.json';
const FEED_ID = feedIdFor(FEED_URL);

/** A fetch that answers only when told to, so several requests can be in flight at once. */
function slowFetch(body: unknown) {
  const server = fakeFetch({ [FEED_URL]: { body } });
  const gates: (() => void)[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    await new Promise<void>((resolve) => gates.push(resolve));
    return server.impl(input, init);
  }) as typeof fetch;
  const openAll = async () => {
    for (let i = 0; i < 20; i++) {
      gates.splice(0).forEach((open) => open());
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  return { impl, requests: server.requests, openAll };
}

describe('races', () => {
  it('the same feed added from two pages at once is added once', async () => {
    const server = fakeFetch({ [FEED_URL]: { body: jsonFeed([item('a', NOW)]) } });
    const handlers = createPageHandlers({ fetchImpl: server.impl, now: () => NOW });
    const [first, second] = await Promise.all([
      handlers.addFeed({ type: 'addFeed', url: FEED_URL }),
      handlers.addFeed({ type: 'addFeed', url: FEED_URL }),
    ]);
    expect((await settingsItem.get()).feeds.filter((feed) => feed.id === FEED_ID)).toHaveLength(1);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
  });

  it('two Refreshes and the alarm during one fetch cost one request per feed', async () => {
    await setSettings({ ...defaultSettings(), feeds: [{ id: FEED_ID, url: FEED_URL, addedAt: 0 }] });
    const server = slowFetch(jsonFeed([item('a', NOW)]));
    const deps = { fetchImpl: server.impl, now: () => NOW };
    const passes = Promise.all([
      syncFeeds({ force: true }, deps),
      syncFeeds({ feedIds: [FEED_ID], force: true }, deps),
      syncFeeds({}, deps),
    ]);
    await server.openAll();
    await passes;
    expect(server.requests).toHaveLength(1);
    expect((await readFeedCache())[FEED_ID]!.articles.map((a) => a.id)).toEqual(['a']);
  });
});

describe('a refresh after the reader grants a site', () => {
  const following = () => setSettings({ ...defaultSettings(), feeds: [{ id: FEED_ID, url: FEED_URL, addedAt: 0 }] });
  /** The followed feed's first fetch is out, held (see heldFirstFetch), in `pass` (by default a scheduled one). */
  async function fetchOut(firstAnswer?: () => Response, pass: SyncOptions = {}) {
    await following();
    const server = heldFirstFetch(FEED_URL, jsonFeed([item('a', NOW)]), firstAnswer);
    const deps = { fetchImpl: server.impl, now: () => NOW };
    const first = syncFeeds(pass, deps);
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    return { server, deps, first };
  }

  for (const order of ['the grant, then the refresh', 'the refresh, then the grant'])
    it(`is not answered by a fetch begun before the grant and refused: the feed is fetched again (${order})`, async () => {
      // An import's pass starts the fetch; the reader clicks Allow while it is out, and the click sends a refresh.
      // The grant's event and the refresh's message reach the worker in either order.
      const { server, deps, first: imported } = await fetchOut(undefined, { feedIds: [FEED_ID] });
      const grant = () => (fakeExtras.granted.add('https://blog.test/*'), noteSitesGranted());
      if (order.startsWith('the grant')) grant();
      const refreshed = syncFeeds({ force: true }, deps);
      if (!order.startsWith('the grant')) {
        // The refresh's pass has joined the fetch (it reads the store first) when the grant comes.
        await new Promise((resolve) => setTimeout(resolve, 50));
        grant();
      }
      server.release();
      await expect(refreshed).resolves.toMatchObject({ checked: 1, failed: 0 });
      await imported;
      expect(server.requests).toHaveLength(2);
      const feed = (await readFeedCache())[FEED_ID]!;
      expect(feed.error).toBeUndefined();
      expect(feed.articles.map((a) => a.id)).toEqual(['a']);
    });

  it('takes a server’s answer, a 503 asking to wait among them: a grant cannot change it', async () => {
    const busy = () => new Response('busy', { status: 503, headers: { 'retry-after': '3600' } });
    const { server, deps, first: scheduled } = await fetchOut(busy);
    fakeExtras.granted.add('https://blog.test/*');
    noteSitesGranted();
    const refreshed = syncFeeds({ force: true }, deps);
    server.release();
    await expect(refreshed).resolves.toMatchObject({ checked: 1, failed: 1 });
    await scheduled;
    expect(server.requests).toHaveLength(1);
    expect((await readFeedCache())[FEED_ID]!.error).toMatchObject({ kind: 'http', status: 503 });
  });

  it('does not fetch again a feed the reader removed while its fetch was out', async () => {
    const { server, deps, first: scheduled } = await fetchOut();
    fakeExtras.granted.add('https://blog.test/*');
    noteSitesGranted();
    const refreshed = syncFeeds({ feedIds: [FEED_ID], force: true }, deps);
    await setSettings({ ...defaultSettings(), feeds: [] });
    server.release();
    await Promise.all([scheduled, refreshed]);
    expect(server.requests).toHaveLength(1);
  });

  it('a refresh that joins a failing fetch with no grant since takes its answer (no second request)', async () => {
    const { server, deps, first: scheduled } = await fetchOut();
    const refreshed = syncFeeds({ force: true }, deps);
    server.release();
    await expect(refreshed).resolves.toMatchObject({ checked: 1, failed: 1 });
    await scheduled;
    expect(server.requests).toHaveLength(1);
    expect((await readFeedCache())[FEED_ID]!.error).toMatchObject({ kind: 'permission' });
  });
});

describe('a clock that jumps', () => {
  it('after a sync run 3 days ahead, the next sync stores no time in the future, and the feed is due at once', async () => {
    await setSettings({ ...defaultSettings(), feeds: [{ id: FEED_ID, url: FEED_URL, addedAt: 0, pollMinutes: 15 }] });
    const server = fakeFetch({ [FEED_URL]: { body: jsonFeed([item('a', NOW)]) } });
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW + 3 * DAY });
    expect((await readFeedCache())[FEED_ID]!.lastSuccessAt).toBe(NOW + 3 * DAY);

    // The clock is put right: a scheduled pass 15 minutes later fetches the feed (it is not skipped for 3 days)…
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + HOUR });
    expect(server.requests).toHaveLength(2);
    // …and no stored time is ahead of the corrected clock.
    const feed = (await readFeedCache())[FEED_ID]!;
    expect(feed.lastSuccessAt).toBeLessThanOrEqual(NOW + HOUR);
    expect(feed.lastChangeAt ?? 0).toBeLessThanOrEqual(NOW + HOUR);
  });
});
