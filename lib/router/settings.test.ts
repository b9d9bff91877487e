import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { HOUR, fakeFetch, item, jsonFeed } from '@/tests/unit/feeds';
import { setSettings } from '@/tests/unit/store';
import { defaultSettings, settingsItem } from '../store/settings';
import { readIndex } from '../store/storeIndex';
import { syncFeeds } from '../sync/syncFeeds';
import { settingsHandlers } from './settings';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const FEED_URL = 'https://blog.test/feed.json';
const on = { enabled: true, quietHours: null };
const off = { enabled: false, quietHours: null };

describe('notifications', () => {
  it('turned on, announce what arrives from then on, not the posts already waiting; changed while on, keep them', async () => {
    await setSettings({
      ...defaultSettings(),
      feeds: [{ id: 'f', url: FEED_URL, title: 'Desk', addedAt: 0 }],
      notifications: on,
    });
    const server = fakeFetch({ [FEED_URL]: { body: jsonFeed([item('old', NOW - HOUR)]) } });
    await syncFeeds({ announce: true }, { fetchImpl: server.impl, now: () => NOW });
    server.routes[FEED_URL] = { body: jsonFeed([item('a', NOW), item('old', NOW - HOUR)]) };
    await syncFeeds({ announce: true }, { fetchImpl: server.impl, now: () => NOW + HOUR });
    const waiting = async () => (await readIndex()).pending.map((post) => post.id);
    expect(await waiting()).toEqual(['a']);

    const handlers = settingsHandlers();
    const quiet = { enabled: true, quietHours: { start: 22 * 60, end: 7 * 60 } };
    expect(await handlers.setNotifications({ type: 'setNotifications', notifications: quiet })).toEqual({ ok: true });
    expect((await settingsItem.get()).notifications).toEqual(quiet);
    expect(await waiting()).toEqual(['a']);

    await handlers.setNotifications({ type: 'setNotifications', notifications: off });
    expect(await waiting()).toEqual(['a']);
    await handlers.setNotifications({ type: 'setNotifications', notifications: on });
    expect(await waiting()).toEqual([]);
  });

  it('a new polling interval is stored and sets the alarm', async () => {
    await settingsHandlers().setPollInterval({ type: 'setPollInterval', minutes: 180 });
    expect((await settingsItem.get()).pollMinutes).toBe(180);
    expect((await browser.alarms.getAll()).map((alarm) => alarm.periodInMinutes)).toEqual([180]);
  });
});
