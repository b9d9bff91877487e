import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { HOUR, item, jsonFeed, fakeFetch } from '@/tests/unit/feeds';
import { composedScreenNow } from '@/tests/unit/composedScreen';
import { readFeedCache, setSettings } from '@/tests/unit/store';
import { startBrowser } from '@/tests/unit/worker';
import { createPageHandlers } from '../router/router';
import {
  COMPOSED_SCREEN_FORMAT,
  readLastChecked,
  readPopupPrefs,
  storedComposedScreen,
  usableComposedScreen,
} from './composedScreen';
import { lastCheckedValue } from '../sync/lastChecked';
import { COMPOSED_SCREEN_KEY } from '../store/composedScreenKey';
import { onScreenInputsWritten } from '../store/feedWrites';
import { articleKey } from '../store/marks';
import { popupPrefsItem, popupPrefsValue } from '../store/popupPrefs';
import {
  adoptSyncedSettings,
  feedIdFor,
  flushSettingsMirror,
  onSettingsWritten,
  settingsItem,
} from '../store/settings';
import { topicsItem } from '../topics/topics';
import { COMPOSE_DELAY_MS, composeScreenNow, scheduleScreenCompose } from './composeScreen';
import { flushReadState, receiveReadState } from '../sync/readStateSync';

// The popup's first screen as the background keeps it composed (lib/popup/composedScreen.ts): what a popup opening
// draws without reading a single post. It must never be drawn once what it was composed from has changed: every
// write of a record or marks sets it aside in that very write, and a page's change of the settings, topics or popup
// filters makes it unusable by its basis.

const NOW = Date.parse('2026-11-20T12:00:00Z');
const FEED_URL = 'https://blog.test/feed.json';
const FEED_ID = feedIdFor(FEED_URL);
const POSTS = [item('p1', NOW - 3 * HOUR, { tags: ['Policy'] }), item('p2', NOW - 2 * HOUR), item('p3', NOW - HOUR)];

afterEach(() => {
  onScreenInputsWritten(() => {});
  onSettingsWritten(() => {});
  vi.useRealTimers();
});

async function followedFeed() {
  const server = fakeFetch({ [FEED_URL]: { body: jsonFeed(POSTS) } });
  const handlers = createPageHandlers({ fetchImpl: server.impl, now: () => NOW });
  await handlers.addFeed({ type: 'addFeed', url: FEED_URL });
  return { server, handlers };
}

/** The keys each `storage.local` change event named, in order. */
function localWrites(): string[][] {
  const writes: string[][] = [];
  browser.storage.onChanged.addListener((changes, area) => area === 'local' && writes.push(Object.keys(changes)));
  return writes;
}

describe('the composed first screen', () => {
  it('is what the popup composes from the same store, and is drawn only from the same settings, topics and filters', async () => {
    await followedFeed();
    await composeScreenNow();
    const now = await composedScreenNow();
    expect(now.fresh?.entries.map((entry) => entry.article.id)).toEqual(['p3', 'p2', 'p1']);
    expect(now.usable).toEqual(now.fresh);

    // A page's own writes, which the background does not see: each one makes the stored screen unusable.
    await popupPrefsItem.set({ unreadOnly: true, topicsOnly: null });
    expect((await composedScreenNow()).usable).toBeUndefined();
    await browser.storage.local.remove('popupPrefs');
    expect((await composedScreenNow()).usable).toEqual(now.fresh);
    await topicsItem.set({ terms: ['alignment'] });
    expect((await composedScreenNow()).usable).toBeUndefined();
    await browser.storage.local.remove('topics');
    expect((await composedScreenNow()).usable).toEqual(now.fresh);
    await setSettings({ ...(await settingsItem.get()), rules: [{ kind: 'mute', text: 'p2' }] });
    expect((await composedScreenNow()).usable).toBeUndefined();
  });

  it('is set aside in the very write that changes a record or marks, whatever the change, and composed again after', async () => {
    vi.setSystemTime(NOW);
    const { server, handlers } = await followedFeed();
    // Another browser of the reader's, an hour later, marks p1 unread: its synced read state, as it arrives here.
    const home = { local: await browser.storage.local.get(null), sync: await browser.storage.sync.get(null) };
    await startBrowser({}, home.sync);
    const peer = createPageHandlers({ fetchImpl: server.impl, now: () => NOW + HOUR });
    await peer.addFeed({ type: 'addFeed', url: FEED_URL });
    vi.setSystemTime(NOW + HOUR);
    await peer.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'p1')], read: true });
    vi.setSystemTime(NOW + 2 * HOUR);
    await peer.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'p1')], read: false });
    await flushReadState();
    vi.setSystemTime(NOW);
    const peerSync = await browser.storage.sync.get(null);
    await startBrowser(home.local, home.sync);
    const actions: [string, () => Promise<unknown>][] = [
      [
        'a poll brings a post',
        () => {
          server.routes[FEED_URL] = { body: jsonFeed([...POSTS, item('p4', NOW - HOUR / 2)]) };
          return handlers.syncNow({ type: 'syncNow' });
        },
      ],
      ['the popup shows its posts', () => handlers.markAllSeen({ type: 'markAllSeen' })],
      ['a post is read', () => handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'p1')], read: true })],
      ['all is read', () => handlers.markAllRead({ type: 'markAllRead' })],
      ['another browser marked a post unread', () => receiveReadState(peerSync)],
      ['the feed is trimmed', () => handlers.trimFeed({ type: 'trimFeed', feedId: FEED_ID, keep: 2 })],
      ['the feed is removed', () => handlers.removeFeed({ type: 'removeFeed', feedId: FEED_ID })],
    ];
    for (const [what, act] of actions) {
      await composeScreenNow();
      const before = await composedScreenNow();
      expect(before.usable, `usable before: ${what}`).toEqual(before.fresh);
      const writes = localWrites();
      await act();
      const changedInputs = writes.filter((keys) => keys.some((key) => /^(?:feed|marks):/.test(key)));
      expect(changedInputs.length, `${what}: a record or marks written`).toBeGreaterThan(0);
      // Every write of a record or marks carries the composed screen's `false` (a removal: just before it).
      for (const keys of changedInputs) {
        const at = writes.indexOf(keys);
        const setAside = keys.includes(COMPOSED_SCREEN_KEY) || writes[at - 1]?.includes(COMPOSED_SCREEN_KEY);
        expect(setAside, `${what}: ${keys.join(', ')}`).toBe(true);
      }
      const after = await composedScreenNow();
      expect(after.stored, what).toBe(false);
      await composeScreenNow();
      const composed = await composedScreenNow();
      expect(composed.usable, what).toEqual(composed.fresh);
    }
    // No feed left: nothing to compose (the page says so itself).
    expect((await composedScreenNow()).stored).toBe(false);
  });

  it('is composed once, a moment after a burst of changes', async () => {
    vi.useFakeTimers();
    await followedFeed();
    const compose = vi.fn(scheduleScreenCompose);
    onScreenInputsWritten(compose);
    const handlers = createPageHandlers({ now: () => NOW });
    for (const id of ['p1', 'p2', 'p3'])
      await handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, id)], read: true });
    expect(compose).toHaveBeenCalledTimes(3);
    expect((await composedScreenNow()).stored).toBe(false);
    await vi.advanceTimersByTimeAsync(COMPOSE_DELAY_MS - 1);
    expect((await composedScreenNow()).stored).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(async () => expect((await composedScreenNow()).stored).not.toBe(false));
    const now = await composedScreenNow();
    expect(now.usable).toEqual(now.fresh);
    expect(now.usable?.unreadCount).toBe(0);
  });

  it('is composed a moment after a page first asks, however often pages ask again meanwhile', async () => {
    vi.useFakeTimers();
    await followedFeed();
    const handlers = createPageHandlers({ now: () => NOW });
    expect((await composedScreenNow()).usable).toBeUndefined();
    // A popup opened every 200 ms for three seconds, each opening finding the screen stale and asking for one.
    for (let asked = 1; asked <= 15; asked++) {
      await handlers.composeFirstScreen({ type: 'composeFirstScreen' });
      await vi.advanceTimersByTimeAsync(200);
      if (asked * 200 > COMPOSE_DELAY_MS + 200)
        expect((await composedScreenNow()).usable, `ask ${asked}`).toBeDefined();
    }
    const now = await composedScreenNow();
    expect(now.usable).toEqual(now.fresh);
  });

  it('is composed again after a settings change made here or taken from another browser', async () => {
    vi.useFakeTimers();
    await followedFeed();
    await composeScreenNow();
    onSettingsWritten(scheduleScreenCompose);
    const handlers = createPageHandlers({ now: () => NOW });
    await handlers.renameFeed({ type: 'renameFeed', feedId: FEED_ID, name: 'The Desk' });
    // The rename makes the kept screen unusable (its basis), and composes the next one a moment later.
    expect((await composedScreenNow()).usable).toBeUndefined();
    await vi.advanceTimersByTimeAsync(COMPOSE_DELAY_MS);
    await vi.waitFor(async () => expect((await composedScreenNow()).usable).toBeDefined());
    expect(JSON.stringify((await composedScreenNow()).usable)).toContain('The Desk');

    // Another browser's change, once this browser's own rename has gone out to sync (a change waiting here would win).
    expect(await flushSettingsMirror()).toBe(true);
    const synced = { ...(await settingsItem.get()), pollMinutes: 120 };
    await browser.storage.sync.set({ settings: synced });
    expect(await adoptSyncedSettings()).toBe(true);
    expect((await composedScreenNow()).usable).toBeUndefined();
    await vi.advanceTimersByTimeAsync(COMPOSE_DELAY_MS);
    await vi.waitFor(async () => expect((await composedScreenNow()).usable).toBeDefined());
    const now = await composedScreenNow();
    expect(now.usable).toEqual(now.fresh);
  });

  it('is not stored when a record or marks changed while it was composed (its reads are not among the store steps)', async () => {
    const { handlers } = await followedFeed();
    await composeScreenNow();
    const mark = (id: string) => handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, id)], read: true });
    // Marks written while a composition reads: whichever reads it saw, it must not store a screen of the old marks.
    for (const id of ['p1', 'p2', 'p3']) {
      await Promise.all([composeScreenNow(), mark(id)]);
      const now = await composedScreenNow();
      // Never a screen of the old marks; and not stored at all, the write having begun after its reads did.
      expect(now.usable === undefined || now.usable, id).toEqual(now.usable === undefined || now.fresh);
      expect(now.stored, id).toBe(false);
      await composeScreenNow();
      const again = await composedScreenNow();
      expect(again.usable, id).toEqual(again.fresh);
    }
  });

  it('is not drawn by another build or from another shape, and a malformed one is never drawn', async () => {
    await followedFeed();
    await composeScreenNow();
    const { stored, fresh } = await composedScreenNow();
    const all = await browser.storage.local.get(null);
    const basis = { settings: all.settings, topics: all.topics, popupPrefs: all.popupPrefs };
    const kept = stored as ReturnType<typeof storedComposedScreen>;
    expect(usableComposedScreen(kept, basis, '1.0.0')).toEqual(fresh);
    expect(usableComposedScreen(kept, basis, '1.0.1')).toBeUndefined();
    expect(usableComposedScreen({ ...kept, format: COMPOSED_SCREEN_FORMAT + 1 }, basis, '1.0.0')).toBeUndefined();
    const entry = kept.screen.entries[0]!;
    const broken: unknown[] = [
      null,
      false,
      'screen',
      { ...kept, screen: { ...kept.screen, entries: [] } },
      { ...kept, screen: { ...kept.screen, entries: 'p1' } },
      { ...kept, screen: { ...kept.screen, unreadCount: -1 } },
      { ...kept, screen: { ...kept.screen, tags: ['Policy', 7] } },
      { ...kept, screen: { ...kept.screen, checks: [[FEED_ID]] } },
      { ...kept, screen: { ...kept.screen, seenUpTo: { [FEED_ID]: 1.5 } } },
      { ...kept, screen: { ...kept.screen, entries: [{ ...entry, article: { ...entry.article, seq: -1 } }] } },
      { ...kept, screen: { ...kept.screen, entries: [{ ...entry, hiddenBy: { kind: 'mute', text: 'p' } }] } },
      { ...kept, screen: { ...kept.screen, entries: Array(9).fill(entry) } },
    ];
    for (const raw of broken) expect(usableComposedScreen(raw, basis, '1.0.0')).toBeUndefined();
    expect((await readFeedCache())[FEED_ID]?.articles).toHaveLength(3);
  });

  it("reads the popup's filters and the check times by hand as their schemas do, or not at all", () => {
    // Drawn without the schemas (lib/popup/composedScreen.ts): a value the hand check takes is the schema's value; a
    // value it refuses sends the page to compose its own screen, through the schema.
    const prefs: unknown[] = [
      undefined,
      { unreadOnly: false, topicsOnly: null },
      { unreadOnly: true, topicsOnly: true, tag: 'Policy' },
      { tag: 'policy', unreadOnly: false, topicsOnly: false },
    ];
    for (const raw of prefs) expect(readPopupPrefs(raw)).toEqual(popupPrefsValue.parse(raw));
    const badPrefs: unknown[] = [
      null,
      'on',
      [],
      { unreadOnly: 'yes', topicsOnly: null },
      { unreadOnly: true },
      { unreadOnly: true, topicsOnly: null, tag: 3 },
    ];
    for (const raw of badPrefs) expect(readPopupPrefs(raw), JSON.stringify(raw)).toBeUndefined();
    const checks: unknown[] = [undefined, {}, { a: 1, b: NOW }];
    for (const raw of checks) expect(readLastChecked(raw)).toEqual(lastCheckedValue.parse(raw));
    const badChecks: unknown[] = [null, [], { a: '1' }, { a: Number.NaN }, { a: Infinity }];
    for (const raw of badChecks) expect(readLastChecked(raw), String(raw)).toBeUndefined();
  });
});
