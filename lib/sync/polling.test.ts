import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fakeFetch, HOUR, item, jsonFeed } from '@/tests/unit/feeds';
import { setSettings } from '@/tests/unit/store';
import { defaultSettings, type FeedConfig, type Settings } from '../store/settings';
import { lastCheckedItem } from './lastChecked';
import { setFeedInterval, setFeedPaused } from '../router/feeds';
import { alarmMinutes, isDue, POLL_ALARM, schedulePolling } from './polling';
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

  it('leave a feed until its own interval has passed since its last check', () => {
    const settings = settingsWith(feed('fast', { pollMinutes: 15 }), feed('plain'), feed('slow', { pollMinutes: 360 }));
    const [fast, plain, slow] = settings.feeds as [FeedConfig, FeedConfig, FeedConfig];
    const now = 1_000 * MIN;
    expect(isDue(fast, settings, now - 15 * MIN, now)).toBe(true);
    expect(isDue(plain, settings, now - 15 * MIN, now)).toBe(false);
    expect(isDue(plain, settings, now - 60 * MIN, now)).toBe(true);
    expect(isDue(slow, settings, now - 60 * MIN, now)).toBe(false);
    expect(isDue(slow, settings, undefined, now)).toBe(true);
    // Without any per-feed interval every feed is due at every alarm, as before.
    expect(isDue(plain, settingsWith(plain), now - MIN, now)).toBe(true);
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
      [fast.url]: { body: jsonFeed([item('1', NOW - HOUR)]) },
      [plain.url]: { body: jsonFeed([item('2', NOW - HOUR)]) },
    });
    await syncFeeds({}, { fetchImpl: net.impl, now: () => NOW });
    expect(net.requests.map((r) => r.url)).toEqual([fast.url]);
    await setFeedInterval('fast', null);
    expect((await fakeBrowser.alarms.get(POLL_ALARM))?.periodInMinutes).toBe(60);
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
