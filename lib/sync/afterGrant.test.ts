import { describe, expect, it, vi } from 'vitest';
import { fakeExtras } from '@/tests/unit/fakeExtras';
import { blockedRequest, fakeFetch, heldFirstFetch, HOUR, item, jsonFeed } from '@/tests/unit/feeds';
import { readFeedCache, setSettings } from '@/tests/unit/store';
import { defaultSettings, feedIdFor } from '../store/settings';
import { refetchFeedsNowGranted } from './afterGrant';
import { noteSitesGranted, syncFeeds } from './syncFeeds';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const REFUSED = 'https://blog.test/feed.json'; // refused for want of a grant
const DOWN = 'https://down.test/feed.json'; // granted, and failing on its own
const FINE = 'https://fine.test/feed.json';

describe('after the reader grants a site', () => {
  it('fetches again at once the feeds refused for want of it, and only those', async () => {
    await setSettings({
      ...defaultSettings(),
      feeds: [REFUSED, DOWN, FINE].map((url) => ({ id: feedIdFor(url), url, addedAt: 0 })),
    });
    fakeExtras.granted.add('https://down.test/*');
    fakeExtras.granted.add('https://fine.test/*');
    const server = fakeFetch({
      [REFUSED]: blockedRequest,
      [DOWN]: { status: 500, body: 'oops' },
      [FINE]: { body: jsonFeed([item('f', NOW)]) },
    });
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW });
    expect((await readFeedCache())[feedIdFor(REFUSED)]!.error).toMatchObject({ kind: 'permission' });
    const feedRequests = (url: string) => server.requests.filter((request) => request.url === url).length;
    const before = [REFUSED, DOWN, FINE].map(feedRequests);

    // A grant of another site: nothing is waiting for it.
    fakeExtras.granted.add('https://elsewhere.test/*');
    await refetchFeedsNowGranted(['https://elsewhere.test/*'], { fetchImpl: server.impl, now: () => NOW + HOUR / 4 });
    expect([REFUSED, DOWN, FINE].map(feedRequests)).toEqual(before);

    // The refused feed's site, granted in the browser's settings: fetched now, well before its hour is up.
    fakeExtras.granted.add('https://blog.test/*');
    server.routes[REFUSED] = { body: jsonFeed([item('r', NOW)]) };
    await refetchFeedsNowGranted(['https://blog.test/*'], { fetchImpl: server.impl, now: () => NOW + HOUR / 2 });
    expect([REFUSED, DOWN, FINE].map(feedRequests)).toEqual([before[0]! + 1, before[1], before[2]]);
    const refused = (await readFeedCache())[feedIdFor(REFUSED)]!;
    expect(refused.error).toBeUndefined();
    expect(refused.articles.map((a) => a.id)).toEqual(['r']);
  });

  it('leaves a paused feed paused', async () => {
    await setSettings({ ...defaultSettings(), feeds: [{ id: feedIdFor(REFUSED), url: REFUSED, addedAt: 0 }] });
    const server = fakeFetch({ [REFUSED]: blockedRequest });
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW });
    await setSettings({
      ...defaultSettings(),
      feeds: [{ id: feedIdFor(REFUSED), url: REFUSED, addedAt: 0, paused: true }],
    });
    const requests = server.requests.length;
    fakeExtras.granted.add('https://blog.test/*');
    await refetchFeedsNowGranted(['https://blog.test/*'], { fetchImpl: server.impl, now: () => NOW + HOUR / 2 });
    expect(server.requests).toHaveLength(requests);
  });

  it('fetches again a feed that failed to connect to the site just before its grant came, and no other', async () => {
    await setSettings({
      ...defaultSettings(),
      feeds: [REFUSED, DOWN].map((url) => ({ id: feedIdFor(url), url, addedAt: 0 })),
    });
    // Its fetch began before the grant and failed after it: stored as a failed connection, not as a refusal.
    fakeExtras.granted.add('https://blog.test/*');
    fakeExtras.granted.add('https://down.test/*');
    const server = fakeFetch({ [REFUSED]: blockedRequest, [DOWN]: blockedRequest });
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW });
    expect((await readFeedCache())[feedIdFor(REFUSED)]!.error).toMatchObject({ kind: 'network' });
    const feedRequests = (url: string) => server.requests.filter((request) => request.url === url).length;
    const before = [REFUSED, DOWN].map(feedRequests);

    // A minute and a half on, the grant's event comes too late to be the reason: nothing is fetched.
    await refetchFeedsNowGranted(['https://blog.test/*'], { fetchImpl: server.impl, now: () => NOW + 90_000 });
    expect([REFUSED, DOWN].map(feedRequests)).toEqual(before);

    // Ten seconds on, the granted site's feed is fetched again; the other site's failure is its own.
    server.routes[REFUSED] = { body: jsonFeed([item('r', NOW)]) };
    await refetchFeedsNowGranted(['https://blog.test/*'], { fetchImpl: server.impl, now: () => NOW + 10_000 });
    expect([REFUSED, DOWN].map(feedRequests)).toEqual([before[0]! + 1, before[1]]);
    expect((await readFeedCache())[feedIdFor(REFUSED)]!.articles.map((a) => a.id)).toEqual(['r']);
  });

  it('fetches again a feed whose fetch was out when the site was granted in the browser, once that fetch fails', async () => {
    await setSettings({ ...defaultSettings(), feeds: [{ id: feedIdFor(REFUSED), url: REFUSED, addedAt: 0 }] });
    const server = heldFirstFetch(REFUSED, jsonFeed([item('r', NOW)]));
    const deps = { fetchImpl: server.impl, now: () => NOW };
    const scheduled = syncFeeds({}, deps);
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    fakeExtras.granted.add('https://blog.test/*');
    noteSitesGranted();
    const refetched = refetchFeedsNowGranted(['https://blog.test/*'], deps);
    server.release();
    await Promise.all([scheduled, refetched]);
    expect(server.requests).toHaveLength(2);
    const feed = (await readFeedCache())[feedIdFor(REFUSED)]!;
    expect(feed.error).toBeUndefined();
    expect(feed.articles.map((a) => a.id)).toEqual(['r']);
  });
});
