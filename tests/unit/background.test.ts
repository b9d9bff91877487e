import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readFeedCache, seedStore, setSettings } from '@/tests/unit/store';
import { DEMO_FEED_ID, settingsItem } from '@/lib/store/settings';
import { POLL_ALARM } from '@/lib/sync/polling';
import { resetPreparedStore } from '@/lib/sync/prepareStore';
import background from '@/entrypoints/background';

// The real background entrypoint on WXT's fake browser; the only stand-in is the network (fetch), which serves
// the bundled demo feed file as the browser would.
const demoFeed = readFileSync('public/demo-feed.json', 'utf8');

function serveDemoFeed() {
  const fetchSpy = vi.fn(async (input: RequestInfo | URL) =>
    String(input).endsWith('/demo-feed.json')
      ? new Response(demoFeed, { headers: { 'content-type': 'application/json' } })
      : new Response('not found', { status: 404 }),
  );
  vi.stubGlobal('fetch', fetchSpy);
  return fetchSpy;
}

async function settle(check: () => Promise<boolean>) {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('background', () => {
  // Each test starts a new worker: it prepares the store again.
  beforeEach(() => resetPreparedStore());

  it('on install: schedules polling, syncs the demo feed, and sets the badge', async () => {
    const fetchSpy = serveDemoFeed();
    background.main();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    await settle(async () => (await readFeedCache())[DEMO_FEED_ID]?.lastSuccessAt !== undefined);

    const alarm = await fakeBrowser.alarms.get(POLL_ALARM);
    expect(alarm?.periodInMinutes).toBe((await settingsItem.get()).pollMinutes);
    const demo = (await readFeedCache())[DEMO_FEED_ID]!;
    expect(demo.articles[0]?.title).toBe('Rising Threat of AI in Creating Child Abuse Images');
    expect(demo.articles[0]?.sourceDomain).toBe('reuters.com');
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    // The demo posts are from 2024: older than a week, so no badge for a new user.
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('on install: takes the synced settings that arrived before it listened, but never over settings of its own', async () => {
    serveDemoFeed();
    const synced = {
      feeds: [{ id: 'feed-synced', url: 'https://synced.test/feed.json', addedAt: 1 }],
      pollMinutes: 60,
      notifications: { enabled: false, quietHours: null },
    };
    // Written to storage.sync by another browser before this worker ran: no change event will come.
    await fakeBrowser.storage.sync.set({ settings: synced, settings$: { v: 2 } });
    background.main();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    await settle(async () => (await fakeBrowser.storage.local.get('settings')).settings !== undefined);
    expect(
      ((await fakeBrowser.storage.local.get('settings')).settings as typeof synced).feeds.map((feed) => feed.url),
    ).toEqual(['https://synced.test/feed.json']);

    // A browser with settings of its own (a list too big for sync, say) keeps them at its next start.
    const own = { ...synced, feeds: [{ id: 'feed-own', url: 'https://own.test/feed.json', addedAt: 2 }] };
    await fakeBrowser.storage.local.set({ settings: own });
    resetPreparedStore();
    await fakeBrowser.runtime.onStartup.trigger();
    await settle(async () => (await readFeedCache())['feed-own'] !== undefined);
    expect(
      ((await fakeBrowser.storage.local.get('settings')).settings as typeof own).feeds.map((feed) => feed.url),
    ).toEqual(['https://own.test/feed.json']);
  });

  it('takes settings another browser syncs while it runs, and follows their polling interval', async () => {
    serveDemoFeed();
    background.main();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    await settle(async () => (await readFeedCache())[DEMO_FEED_ID]?.lastSuccessAt !== undefined);
    const synced = {
      feeds: [{ id: 'feed-synced', url: 'https://synced.test/feed.json', addedAt: 1 }],
      pollMinutes: 180,
      notifications: { enabled: false, quietHours: null },
    };
    // A local write is not a synced change: nothing is taken from it.
    await fakeBrowser.storage.local.set({ unrelated: 1 });
    await fakeBrowser.storage.sync.set({ settings: synced, settings$: { v: 2 } });
    await settle(async () => (await settingsItem.get()).feeds.some((feed) => feed.id === 'feed-synced'));
    expect((await settingsItem.get()).feeds.map((feed) => feed.url)).toEqual(['https://synced.test/feed.json']);
    await settle(async () => (await fakeBrowser.alarms.get(POLL_ALARM))?.periodInMinutes === 180);
    expect((await fakeBrowser.alarms.get(POLL_ALARM))?.periodInMinutes).toBe(180);
  });

  it('recounts the badge from the stored posts when rules arrive from another browser, and again when they go', async () => {
    const fetchSpy = serveDemoFeed();
    const feeds = [{ id: 'f', url: 'https://blog.test/feed.json', title: 'Desk', addedAt: 0, paused: true }];
    const settings = { feeds, pollMinutes: 60, notifications: { enabled: false, quietHours: null } };
    await setSettings(settings);
    const post = (id: string, title: string) => ({ id, title, summary: '', tags: [], authors: [] });
    await seedStore({
      f: { articles: [post('1', 'Crypto news'), post('2', 'Alignment news'), post('3', 'More crypto')] },
    });
    background.main();
    await fakeBrowser.runtime.onStartup.trigger();
    await settle(async () => (await fakeBrowser.action.getBadgeText({})) === '3');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('3');
    const fetched = fetchSpy.mock.calls.length;
    await fakeBrowser.storage.sync.set({
      settings: { ...settings, rules: [{ kind: 'mute', text: 'crypto' }] },
      settings$: { v: 2 },
    });
    await settle(async () => (await fakeBrowser.action.getBadgeText({})) === '1');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    await fakeBrowser.storage.sync.set({ settings, settings$: { v: 2 } });
    await settle(async () => (await fakeBrowser.action.getBadgeText({})) === '3');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('3');
    // Nothing was fetched again for it.
    expect(fetchSpy.mock.calls.length).toBe(fetched);
  });

  it('polls when its alarm fires, and ignores other alarms', async () => {
    const fetchSpy = serveDemoFeed();
    background.main();
    await fakeBrowser.alarms.onAlarm.trigger({
      name: 'something-else',
      scheduledTime: Date.now(),
      persistAcrossSessions: true,
    });
    expect(fetchSpy).not.toHaveBeenCalled();
    await fakeBrowser.alarms.onAlarm.trigger({
      name: POLL_ALARM,
      scheduledTime: Date.now(),
      periodInMinutes: 60,
      persistAcrossSessions: true,
    });
    await settle(async () => fetchSpy.mock.calls.length > 0 && (await readFeedCache())[DEMO_FEED_ID] !== undefined);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it('opens the side panel in the window of the shortcut, and ignores other commands', async () => {
    background.main();
    const { open } = (globalThis as unknown as { chrome: { sidePanel: { open: ReturnType<typeof vi.fn> } } }).chrome
      .sidePanel;
    const commands = fakeBrowser.commands as unknown as { onCommand: { trigger(...args: unknown[]): Promise<void> } };
    await commands.onCommand.trigger('something-else', { windowId: 3 });
    expect(open).not.toHaveBeenCalled();
    await commands.onCommand.trigger('open-side-panel', { windowId: 3 });
    expect(open).toHaveBeenCalledWith({ windowId: 3 });
  });

  it('answers typed messages and ignores messages that are not ours', async () => {
    serveDemoFeed();
    background.main();
    // The fake's sendMessage drops promise answers, so fire the event the way the browser does.
    const send = async (
      message: unknown,
      sender: object = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') },
    ) => (await fakeBrowser.runtime.onMessage.trigger(message, sender, () => {}))[0];
    expect(await send({ type: 'setPollInterval', minutes: 180 })).toEqual({ ok: true });
    expect((await settingsItem.get()).pollMinutes).toBe(180);
    expect((await fakeBrowser.alarms.get(POLL_ALARM))?.periodInMinutes).toBe(180);
    expect(await send({ type: 'deleteEverything' })).toBeUndefined();
    expect(await send({ type: 'setPollInterval', minutes: 1 })).toBeUndefined();
    expect(await send({ type: 'setPollInterval', minutes: 30 }, { id: 'another-extension' })).toBeUndefined();
    expect((await settingsItem.get()).pollMinutes).toBe(180);
  });
});
