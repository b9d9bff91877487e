import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { createPageHandlers } from '../router/router';
import {
  defaultSettings,
  flushSettingsMirror,
  forgetSettingsMirrorTimer,
  SETTINGS_SYNC_DELAY_MS,
  SETTINGS_SYNC_GAP_MS,
  SETTINGS_SYNC_RETRY_MS,
  settingsItem,
  updateSettings,
  type Settings,
} from './settings';

// Settings reach storage.sync in batches, on a fake clock. Before: 130 quick reorders made 117 writes (sync allows
// 120 a minute), and once sync refused a write (its quota) the last rename never arrived until a later change.

const NOW = Date.parse('2026-11-23T08:00:00Z');
const MINUTE = 60e3;
const DAY = 24 * 60 * MINUTE;

const tenFeeds = (): Settings => ({
  ...defaultSettings(),
  feeds: Array.from({ length: 10 }, (_, i) => ({ id: `f${i}`, url: `https://blog-${i}.test/feed.json`, addedAt: i })),
});
const synced = async () => (await browser.storage.sync.get('settings')).settings as Settings | undefined;
const syncedIds = async () => (await synced())?.feeds.map((feed) => feed.id);

async function start() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(NOW);
  await updateSettings(() => tenFeeds());
  await vi.advanceTimersByTimeAsync(SETTINGS_SYNC_DELAY_MS + SETTINGS_SYNC_GAP_MS);
  return createPageHandlers({ fetchImpl: (async () => new Response('', { status: 404 })) as typeof fetch });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the settings mirror to storage.sync', () => {
  it('writes 130 quick reorders in a few batched writes, the last order arriving', async () => {
    const handlers = await start();
    const set = vi.spyOn(browser.storage.sync, 'set');
    // A reader dragging a feed up and down the list: 130 moves, one every 100 ms.
    for (let i = 0; i < 130; i++) {
      const feedId = `f${i % 10}`;
      await handlers.moveFeed({ type: 'moveFeed', feedId, direction: i % 3 ? 'up' : 'down' });
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(SETTINGS_SYNC_DELAY_MS + SETTINGS_SYNC_GAP_MS);
    // 13 s of moves: a write at most every 5 s, and the one after the last move.
    expect(set.mock.calls.length).toBeGreaterThan(0);
    expect(set.mock.calls.length).toBeLessThanOrEqual(4);
    expect(await syncedIds()).toEqual((await settingsItem.get()).feeds.map((feed) => feed.id));
  });

  it('writes nothing, here or to sync, for a change that changes nothing', async () => {
    await start();
    const localSet = vi.spyOn(browser.storage.local, 'set');
    const syncSet = vi.spyOn(browser.storage.sync, 'set');
    // The first feed moved up (it is first already) and a setting set to what it is.
    await updateSettings((settings) => ({ ...settings }));
    await updateSettings((settings) => ({ ...settings, feeds: [...settings.feeds] }));
    await vi.advanceTimersByTimeAsync(SETTINGS_SYNC_DELAY_MS + SETTINGS_SYNC_GAP_MS);
    expect(localSet).not.toHaveBeenCalled();
    expect(syncSet).not.toHaveBeenCalled();
    // A real change still goes both ways.
    await updateSettings((settings) => ({ ...settings, feeds: settings.feeds.slice(1) }));
    await vi.advanceTimersByTimeAsync(SETTINGS_SYNC_DELAY_MS + SETTINGS_SYNC_GAP_MS);
    expect(localSet).toHaveBeenCalled();
    expect(await syncedIds()).toHaveLength(9);
  });

  it('tries a refused write again, so the last rename arrives with no later change', async () => {
    const handlers = await start();
    const set = vi
      .spyOn(browser.storage.sync, 'set')
      .mockRejectedValueOnce(new Error('QUOTA_BYTES_PER_ITEM quota exceeded'))
      .mockRejectedValueOnce(new Error('MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded'));
    await handlers.renameFeed({ type: 'renameFeed', feedId: 'f3', name: 'The last name' });
    await vi.advanceTimersByTimeAsync(SETTINGS_SYNC_DELAY_MS);
    expect(set).toHaveBeenCalledTimes(1);
    expect((await synced())?.feeds[3]?.name).toBeUndefined();
    await vi.advanceTimersByTimeAsync(2 * SETTINGS_SYNC_RETRY_MS);
    expect(set).toHaveBeenCalledTimes(3);
    expect((await synced())?.feeds[3]?.name).toBe('The last name');
    // Nothing more is written once it is there.
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(set).toHaveBeenCalledTimes(3);
  });

  it('loses nothing when the worker stops before its timer: the next start-up writes the change', async () => {
    const handlers = await start();
    await handlers.renameFeed({ type: 'renameFeed', feedId: 'f1', name: 'Renamed before a stop' });
    forgetSettingsMirrorTimer(); // the worker stopped: its timer and memory are gone, storage.local is not
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect((await synced())?.feeds[1]?.name).toBeUndefined();
    expect(await flushSettingsMirror()).toBe(true); // start-up (or the next poll)
    expect((await synced())?.feeds[1]?.name).toBe('Renamed before a stop');
  });

  it('through a reader’s week of changes: never more than 12 writes a minute, and sync always ends equal', async () => {
    const handlers = await start();
    const original = browser.storage.sync.set.bind(browser.storage.sync);
    const writesAt: number[] = [];
    vi.spyOn(browser.storage.sync, 'set').mockImplementation((items) => {
      writesAt.push(Date.now());
      return original(items);
    });
    for (let day = 0; day < 7; day++) {
      // Morning: a burst of renames and moves; evening: one interval change; quiet in between.
      for (let i = 0; i < 40; i++) {
        await handlers.renameFeed({ type: 'renameFeed', feedId: `f${i % 10}`, name: `Day ${day} name ${i}` });
        await vi.advanceTimersByTimeAsync(700);
      }
      await vi.advanceTimersByTimeAsync(10 * 60 * MINUTE);
      await handlers.setFeedInterval({ type: 'setFeedInterval', feedId: 'f2', minutes: day % 2 ? 30 : null });
      await vi.advanceTimersByTimeAsync(DAY - 10 * 60 * MINUTE - 40 * 700);
      expect(await synced()).toEqual(await settingsItem.get());
    }
    // 40 renames over 28 s each morning: a handful of writes for them, one for the evening change.
    expect(writesAt.length).toBeGreaterThanOrEqual(7 * 2);
    expect(writesAt.length).toBeLessThanOrEqual(7 * 8);
    const busiestMinute = Math.max(...writesAt.map((at) => writesAt.filter((t) => t >= at && t < at + MINUTE).length));
    expect(busiestMinute).toBeLessThanOrEqual(MINUTE / SETTINGS_SYNC_GAP_MS);
  });
});
