import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fakeFetch, HOUR, item, jsonFeed } from '@/tests/unit/feeds';
import { setSettings } from '@/tests/unit/store';
import { defaultSettings, type FeedConfig, type Settings } from '../store/settings';
import { discardUnwrittenChecks, lastCheckedItem, readSchedule } from './lastChecked';
import { setFeedInterval, setFeedPaused } from '../router/feeds';
import { alarmMinutes, NEXT_CHECK_ALARM, POLL_ALARM, schedulePolling } from './polling';
import { syncFeeds } from './syncFeeds';

const MIN = 60e3;
const feed = (id: string, extra: Partial<FeedConfig> = {}): FeedConfig => ({
  id,
  url: `https://${id}.test/feed.json`,
  addedAt: 0,
  ...extra,
});
const settingsWith = (...feeds: FeedConfig[]): Settings => ({ ...defaultSettings(), pollMinutes: 60, feeds });

describe('per-feed intervals', () => {
  it('make the alarm fire as often as the fastest unpaused feed needs', () => {
    expect(alarmMinutes(settingsWith(feed('a'), feed('b')))).toBe(60);
    expect(alarmMinutes(settingsWith(feed('a'), feed('b', { pollMinutes: 15 })))).toBe(15);
    expect(alarmMinutes(settingsWith(feed('a'), feed('b', { pollMinutes: 15, paused: true })))).toBe(60);
    expect(alarmMinutes(settingsWith(feed('a', { pollMinutes: 720 })))).toBe(60);
  });

  it('a scheduled pass fetches only the due feeds; setting an interval reschedules the alarm', async () => {
    const NOW = Date.UTC(2026, 10, 25, 12);
    const fast = feed('fast');
    const plain = feed('plain');
    await setSettings(settingsWith(fast, plain));
    await setFeedInterval('fast', 15);
    expect((await fakeBrowser.alarms.get(POLL_ALARM))?.periodInMinutes).toBe(15);
    await lastCheckedItem.set({ fast: NOW - 20 * MIN, plain: NOW - 20 * MIN });
    const net = fakeFetch({
      [fast.url]: { body: jsonFeed([item('1', NOW - HOUR)]), headers: { etag: '"1"' } },
      [plain.url]: { body: jsonFeed([item('2', NOW - HOUR)]), headers: { etag: '"2"' } },
    });
    await syncFeeds({}, { fetchImpl: net.impl, now: () => NOW });
    expect(net.requests.map((r) => r.url)).toEqual([fast.url]);
    // The one-off alarm is set for the soonest next check: the fast feed's, 15 minutes ± 10% on.
    const next = (await fakeBrowser.alarms.get(NEXT_CHECK_ALARM))?.scheduledTime ?? 0;
    expect(next).toBeGreaterThanOrEqual(NOW + 13.5 * MIN);
    expect(next).toBeLessThanOrEqual(NOW + 16.5 * MIN);
    await setFeedInterval('fast', null);
    expect((await fakeBrowser.alarms.get(POLL_ALARM))?.periodInMinutes).toBe(60);
  });
});

describe('restarts', () => {
  it('a browser start, an update or a worker restart fetches only the feeds whose time has come', async () => {
    const NOW = Date.UTC(2026, 10, 25, 12);
    const fresh = feed('fresh');
    const old = feed('old');
    await setSettings(settingsWith(fresh, old));
    const net = fakeFetch({
      [fresh.url]: {
        body: jsonFeed([item('1', NOW - HOUR)]),
        headers: { etag: '"1"', 'cache-control': 'max-age=3600' },
      },
      [old.url]: { body: jsonFeed([item('2', NOW - HOUR)]), headers: { etag: '"2"' } },
    });
    await syncFeeds({ force: true }, { fetchImpl: net.impl, now: () => NOW });
    expect(net.requests).toHaveLength(2);
    // Three restarts in a row within the hour: the worker's memory is gone, session storage too (a browser start),
    // and each start runs a scheduled pass.
    for (const minutes of [1, 2, 3]) {
      discardUnwrittenChecks();
      await fakeBrowser.storage.session.clear();
      await syncFeeds({}, { fetchImpl: net.impl, now: () => NOW + minutes * MIN });
    }
    expect(net.requests).toHaveLength(2);
    // An hour and a quarter on, both are due again.
    await syncFeeds({}, { fetchImpl: net.impl, now: () => NOW + 75 * MIN });
    expect(
      net.requests
        .map((r) => r.url)
        .slice(2)
        .sort(),
    ).toEqual([fresh.url, old.url].sort());
  });

  it('after a long time off, the late feeds are spread over the next stretch, not fetched in the same second', async () => {
    const NOW = Date.UTC(2026, 10, 25, 12);
    const feeds = Array.from({ length: 20 }, (_, i) => feed(`f${i}`));
    await setSettings(settingsWith(...feeds));
    const net = fakeFetch(
      Object.fromEntries(
        feeds.map((f) => [f.url, { body: jsonFeed([item(f.id, NOW - HOUR)]), headers: { etag: '"x"' } }]),
      ),
    );
    await syncFeeds({ force: true }, { fetchImpl: net.impl, now: () => NOW, hostPauseMs: 0 });
    expect(net.requests).toHaveLength(20);
    // The browser was closed for ten hours.
    const START = NOW + 10 * HOUR;
    await syncFeeds({}, { fetchImpl: net.impl, now: () => START, hostPauseMs: 0 });
    const atStart = net.requests.length - 20;
    expect(atStart).toBeLessThanOrEqual(2);
    const { feeds: entries } = await readSchedule();
    const times = feeds.map((f) => entries[f.id]!.next);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(START);
    expect(Math.max(...times)).toBeLessThanOrEqual(START + 60 * MIN);
    expect(new Set(times.map((t) => Math.floor(t / MIN))).size).toBeGreaterThan(12);
    // Minute by minute through the hour, every feed is fetched, each at its place.
    for (let minute = 1; minute <= 60; minute++)
      await syncFeeds({}, { fetchImpl: net.impl, now: () => START + minute * MIN, hostPauseMs: 0 });
    expect(new Set(net.requests.slice(20).map((r) => r.url)).size).toBe(20);
  });
});

describe('the polling alarm', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps its countdown when the schedule is unchanged: a reader busy in the options page is still polled', async () => {
    const START = Date.UTC(2026, 10, 25, 12);
    vi.useFakeTimers({ toFake: ['Date'], now: START });
    await setSettings(settingsWith(feed('a'), feed('b')));
    await schedulePolling(60);
    const due = (await fakeBrowser.alarms.get(POLL_ALARM))?.scheduledTime;
    expect(due).toBe(START + 60 * MIN);

    // Forty minutes on, the worker starts again and the reader pauses a feed whose interval is the extension's:
    // the alarm must fire when it was going to, not an hour from now (re-creating it would start its hour again).
    vi.setSystemTime(START + 40 * MIN);
    await schedulePolling(60);
    await setFeedPaused('b', true);
    expect(await fakeBrowser.alarms.get(POLL_ALARM)).toMatchObject({ scheduledTime: due, periodInMinutes: 60 });

    // A changed schedule is a new alarm, counted from now.
    await setFeedInterval('a', 15);
    expect(await fakeBrowser.alarms.get(POLL_ALARM)).toMatchObject({
      scheduledTime: START + 55 * MIN,
      periodInMinutes: 15,
    });
  });
});
