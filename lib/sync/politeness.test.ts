import { describe, expect, it } from 'vitest';
import { fakeFetch, HOUR, item, jsonFeed } from '@/tests/unit/feeds';
import { followFeed } from '@/tests/unit/follow';
import { readFeedCache } from '@/tests/unit/store';
import { feedIdFor, settingsItem } from '../store/settings';
import { readSchedule } from './lastChecked';
import { syncFeeds } from './syncFeeds';

// A reader's day on a fake clock: what the scheduler asks of a feed's server, header by header, and what it does
// when the feed moves or ends. Jitter is at its middle in unit tests (tests/unit/setup.ts): times are exact.

const NOW = Date.parse('2026-11-20T12:00:00Z');
const MIN = 60e3;
const FEED_URL = 'https://blog.test/feed.json';
const NEW_URL = 'https://new.blog.test/feed.json';
const FEED_ID = feedIdFor(FEED_URL);
const body = jsonFeed([item('a', NOW - HOUR)]);

/** Scheduled passes every `stepMin` minutes from `from` to `to`; the times at which the server was asked. */
async function passes(server: ReturnType<typeof fakeFetch>, from: number, to: number, stepMin = 5) {
  const asked: number[] = [];
  for (let t = from; t <= to; t += stepMin * MIN) {
    const before = server.requests.length;
    await syncFeeds({}, { fetchImpl: server.impl, now: () => t, hostPauseMs: 0 });
    if (server.requests.length > before) asked.push((t - from) / MIN);
  }
  return asked;
}

/** A response as a browser gives it after following a redirect to `url`. */
function redirected(url: string, init: { status?: number; headers?: Record<string, string> } = {}) {
  const response = new Response(init.status === 304 ? null : JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/feed+json', etag: '"v1"', ...init.headers },
  });
  Object.defineProperty(response, 'redirected', { value: true });
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

describe('the feed’s own freshness is a floor on the next check', () => {
  it('Cache-Control max-age: a 15-minute reader checks a feed that asks for two hours every two hours', async () => {
    const { server, handlers } = await followFeed(
      { [FEED_URL]: { body, headers: { etag: '"v1"', 'cache-control': 'max-age=7200' } } },
      FEED_URL,
      NOW,
    );
    await handlers.setFeedInterval({ type: 'setFeedInterval', feedId: FEED_ID, minutes: 15 });
    // The add's own answer set the first floor: two hours (and a twentieth: the floor's jitter only adds).
    server.routes[FEED_URL] = { status: 304, headers: { 'cache-control': 'max-age=7200' } };
    expect(await passes(server, NOW + 5 * MIN, NOW + 5 * HOUR)).toEqual([120, 245]);
    const { feeds } = await readSchedule();
    expect(feeds[FEED_ID]).toMatchObject({ why: 'feedAsks', askedMs: 2 * HOUR });
  });

  it('RSS <ttl> likewise; "Check now" may go under the floor', async () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://blog.test/</link><ttl>90</ttl><item><title>x</title><guid>1</guid></item></channel></rss>`;
    const { server, handlers } = await followFeed(
      { [FEED_URL]: { body: rss, headers: { etag: '"v1"', 'content-type': 'application/rss+xml' } } },
      FEED_URL,
      NOW,
    );
    await handlers.setFeedInterval({ type: 'setFeedInterval', feedId: FEED_ID, minutes: 15 });
    server.routes[FEED_URL] = { status: 304 };
    expect(await passes(server, NOW + 5 * MIN, NOW + 4 * HOUR)).toEqual([90, 185]);
    const before = server.requests.length;
    await handlers.syncNow({ type: 'syncNow', feedId: FEED_ID });
    expect(server.requests.length).toBe(before + 1);
  });

  it('Expires, read against the server’s Date', async () => {
    const { server, handlers } = await followFeed({ [FEED_URL]: { body, headers: { etag: '"v1"' } } }, FEED_URL, NOW);
    await handlers.setFeedInterval({ type: 'setFeedInterval', feedId: FEED_ID, minutes: 15 });
    // The server's clock is a day ahead of ours; its answer stays fresh 45 minutes by its own clock.
    server.routes[FEED_URL] = () =>
      new Response(null, {
        status: 304,
        headers: {
          date: new Date(NOW + DAY_MS).toUTCString(),
          expires: new Date(NOW + DAY_MS + 45 * MIN).toUTCString(),
        },
      });
    // The add set the first check for the hour (the interval then); each later one 45 minutes and a twentieth on.
    expect(await passes(server, NOW + 15 * MIN, NOW + 15 * MIN + 2 * HOUR)).toEqual([45, 95]);
  });

  it('a feed with no ETag and no Last-Modified is checked at most hourly, whatever the interval', async () => {
    const { server, handlers } = await followFeed({ [FEED_URL]: { body } }, FEED_URL, NOW);
    await handlers.setFeedInterval({ type: 'setFeedInterval', feedId: FEED_ID, minutes: 5 });
    // The add set the first check for the hour (the interval then); the next an hour and a twentieth on (the
    // floor's jitter only adds), not five minutes.
    expect(await passes(server, NOW + 5 * MIN, NOW + 3 * HOUR)).toEqual([55, 120]);
    expect((await readSchedule()).feeds[FEED_ID]?.why).toBe('noValidators');
  });

  it('"Check now" never skips the wait a server asked for with 429 or 503', async () => {
    for (const status of [429, 503]) {
      const { server, handlers } = await followFeed({ [FEED_URL]: { body, headers: { etag: '"v1"' } } }, FEED_URL, NOW);
      server.routes[FEED_URL] = { status, headers: { 'retry-after': '7200' } };
      await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + HOUR });
      expect(server.requests).toHaveLength(2);
      expect(await handlers.syncNow({ type: 'syncNow', feedId: FEED_ID })).toMatchObject({ checked: 0 });
      expect(await handlers.syncNow({ type: 'syncNow' })).toMatchObject({ checked: 0 });
      expect(server.requests).toHaveLength(2);
      expect((await readSchedule()).feeds[FEED_ID]).toMatchObject({ why: 'serverAsked', next: NOW + 3 * HOUR });
      await handlers.removeFeed({ type: 'removeFeed', feedId: FEED_ID });
    }
    // A 500's backoff is ours: "Check now" may try again.
    const { server, handlers } = await followFeed({ [FEED_URL]: { body, headers: { etag: '"v1"' } } }, FEED_URL, NOW);
    server.routes[FEED_URL] = { status: 500 };
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + HOUR });
    expect(await handlers.syncNow({ type: 'syncNow', feedId: FEED_ID })).toMatchObject({ checked: 1 });
  });
});

describe('moves and endings', () => {
  it('a redirect to the same address on two checks in a row moves the feed there; once, or elsewhere, moves nothing', async () => {
    const { server } = await followFeed({ [FEED_URL]: { body, headers: { etag: '"v1"' } } }, FEED_URL, NOW);
    const urlNow = async () => (await settingsItem.get()).feeds[0]!.url;
    let target = 'https://cdn.test/a/feed.json';
    server.routes[FEED_URL] = () => redirected(target);
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + HOUR });
    // A temporary redirect to an address that changes each time (a CDN's signed URL): no move.
    target = 'https://cdn.test/b/feed.json';
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + 2 * HOUR });
    expect(await urlNow()).toBe(FEED_URL);
    // Once, then not again: no move.
    server.routes[FEED_URL] = () => redirected(NEW_URL);
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + 3 * HOUR });
    server.routes[FEED_URL] = { status: 304 };
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + 4 * HOUR });
    expect(await urlNow()).toBe(FEED_URL);
    // Twice in a row (the second answered 304 there): the stored address is the new one, the id and posts stay.
    server.routes[FEED_URL] = () => redirected(NEW_URL);
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + 5 * HOUR });
    expect(await urlNow()).toBe(FEED_URL);
    server.routes[FEED_URL] = () => redirected(NEW_URL, { status: 304 });
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + 6 * HOUR });
    expect((await settingsItem.get()).feeds[0]).toMatchObject({ id: FEED_ID, url: NEW_URL });
    expect((await readSchedule()).feeds[FEED_ID]).toMatchObject({ movedFrom: FEED_URL });
    expect((await readFeedCache())[FEED_ID]!.articles.map((a) => a.id)).toEqual(['a']);
    // The next check asks the new address.
    server.routes[NEW_URL] = { status: 304 };
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + 7 * HOUR });
    expect(server.requests.at(-1)?.url).toBe(NEW_URL);
  });

  it('a redirect to a page that is not a feed, or to an address with credentials, moves nothing', async () => {
    const { server } = await followFeed({ [FEED_URL]: { body, headers: { etag: '"v1"' } } }, FEED_URL, NOW);
    const login = () => {
      const response = new Response('<!doctype html><title>Sign in</title><form></form>', {
        headers: { 'content-type': 'text/html' },
      });
      Object.defineProperty(response, 'redirected', { value: true });
      Object.defineProperty(response, 'url', { value: 'https://blog.test/login' });
      return response;
    };
    server.routes[FEED_URL] = login;
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW + HOUR });
    await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW + 2 * HOUR });
    expect((await settingsItem.get()).feeds[0]!.url).toBe(FEED_URL);
    // Nor does an address with a user name and password in it, however often.
    server.routes[FEED_URL] = () => redirected('https://user:secret@new.blog.test/feed.json');
    for (const hours of [3, 4, 5])
      await syncFeeds({ force: true }, { fetchImpl: server.impl, now: () => NOW + hours * HOUR });
    expect((await settingsItem.get()).feeds[0]!.url).toBe(FEED_URL);
    expect(JSON.stringify(await readSchedule())).not.toContain('secret');
  });

  it('410 Gone pauses the feed, keeps its posts and says why; it is not fetched again', async () => {
    const { server } = await followFeed({ [FEED_URL]: { body, headers: { etag: '"v1"' } } }, FEED_URL, NOW);
    server.routes[FEED_URL] = { status: 410 };
    await syncFeeds({}, { fetchImpl: server.impl, now: () => NOW + HOUR });
    expect((await settingsItem.get()).feeds[0]).toMatchObject({ paused: true });
    const state = (await readFeedCache())[FEED_ID]!;
    expect(state.error).toMatchObject({
      status: 410,
      message: 'The feed has been removed by its publisher (HTTP 410).',
    });
    expect(state.articles.map((a) => a.id)).toEqual(['a']);
    const count = server.requests.length;
    expect(await passes(server, NOW + 2 * HOUR, NOW + 3 * DAY_MS, 360)).toEqual([]);
    expect(server.requests.length).toBe(count);
  });
});

const DAY_MS = 24 * HOUR;
