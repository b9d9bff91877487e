import { describe, expect, it } from 'vitest';
import { fakeExtras } from '@/tests/unit/fakeExtras';
import { fakeFetch, HOUR, item, jsonFeed } from '@/tests/unit/feeds';
import { readFeedCache, setSettings } from '@/tests/unit/store';
import { defaultSettings, feedIdFor } from '../store/settings';
import { refetchFeedsNowGranted } from './afterGrant';
import { syncFeeds } from './syncFeeds';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const REFUSED = 'https://blog.test/feed.json'; // refused for want of a grant
const DOWN = 'https://down.test/feed.json'; // granted, and failing on its own
const FINE = 'https://fine.test/feed.json';
const blocked = () => {
  throw new TypeError('Failed to fetch');
};

describe('after the reader grants a site', () => {
  it('fetches again at once the feeds refused for want of it, and only those', async () => {
    await setSettings({
      ...defaultSettings(),
      feeds: [REFUSED, DOWN, FINE].map((url) => ({ id: feedIdFor(url), url, addedAt: 0 })),
    });
    fakeExtras.granted.add('https://down.test/*');
    fakeExtras.granted.add('https://fine.test/*');
    const server = fakeFetch({
      [REFUSED]: blocked,
      [DOWN]: { status: 500, body: 'oops' },
      [FINE]: { body: jsonFeed([item('f', NOW)]) },
    });
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW });
    expect((await readFeedCache())[feedIdFor(REFUSED)]!.error).toMatchObject({ kind: 'permission' });
    const feedRequests = (url: string) => server.requests.filter((request) => request.url === url).length;
    const before = [REFUSED, DOWN, FINE].map(feedRequests);

    // A grant of another site: nothing is waiting for it.
    fakeExtras.granted.add('https://elsewhere.test/*');
    await refetchFeedsNowGranted({ fetchImpl: server.impl, now: () => NOW + HOUR / 4 });
    expect([REFUSED, DOWN, FINE].map(feedRequests)).toEqual(before);

    // The refused feed's site, granted in the browser's settings: fetched now, well before its hour is up.
    fakeExtras.granted.add('https://blog.test/*');
    server.routes[REFUSED] = { body: jsonFeed([item('r', NOW)]) };
    await refetchFeedsNowGranted({ fetchImpl: server.impl, now: () => NOW + HOUR / 2 });
    expect([REFUSED, DOWN, FINE].map(feedRequests)).toEqual([before[0]! + 1, before[1], before[2]]);
    const refused = (await readFeedCache())[feedIdFor(REFUSED)]!;
    expect(refused.error).toBeUndefined();
    expect(refused.articles.map((a) => a.id)).toEqual(['r']);
  });

  it('leaves a paused feed paused', async () => {
    await setSettings({ ...defaultSettings(), feeds: [{ id: feedIdFor(REFUSED), url: REFUSED, addedAt: 0 }] });
    const server = fakeFetch({ [REFUSED]: blocked });
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW });
    await setSettings({
      ...defaultSettings(),
      feeds: [{ id: feedIdFor(REFUSED), url: REFUSED, addedAt: 0, paused: true }],
    });
    const requests = server.requests.length;
    fakeExtras.granted.add('https://blog.test/*');
    await refetchFeedsNowGranted({ fetchImpl: server.impl, now: () => NOW + HOUR / 2 });
    expect(server.requests).toHaveLength(requests);
  });
});
