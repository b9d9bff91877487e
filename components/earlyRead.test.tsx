// @vitest-environment happy-dom
import { renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startEarlyRead, takeEarlyRead } from '@/lib/popup/earlyRead';
import { COMPOSED_SCREEN_KEY } from '@/lib/store/composedScreenKey';
import { recordKey } from '@/lib/store/feedStore';
import { defaultSettings, settingsItem } from '@/lib/store/settings';
import { topicsItem } from '@/lib/topics/topics';
import { plainPost as post, seedStore, setSettings } from '@/tests/unit/store';
import { useFeedStore } from './useFeedStore';
import { useFirstPaintValues, useStoredValue } from './useStoredValue';
import { writeLocal } from '@/lib/store/localChanges';

// The popup's early read (lib/popup/earlyRead.ts) hands raw values to the first render: they are validated record
// by record exactly like an ordinary read, and a value that changed after the read began is read again.

const g = globalThis as unknown as Record<string, unknown>;
const feeds = [
  { id: 'one', url: 'https://one.test/feed.json', addedAt: 0 },
  { id: 'two', url: 'https://two.test/feed.json', addedAt: 0 },
];

beforeEach(async () => {
  g.browser = fakeBrowser;
  await setSettings({ ...defaultSettings(), feeds });
  await seedStore({ one: { articles: [post('a', 3e12), post('b', 2e12)] }, two: { articles: [post('c', 1e12)] } });
});
afterEach(() => {
  delete g.browser;
  delete g.__aiSafetyBriefEarlyRead;
  vi.restoreAllMocks();
});

/** One opening's early read, answered. */
async function openingRead() {
  delete g.__aiSafetyBriefEarlyRead;
  startEarlyRead();
  await takeEarlyRead()!.settled;
  return takeEarlyRead()!;
}

describe('the popup early read', () => {
  it('gives the first render its values and feeds, validated: a malformed post is dropped alone and counted', async () => {
    const record = (await browser.storage.local.get(recordKey('one')))[recordKey('one')] as { head: unknown[] };
    record.head[0] = { ...(record.head[0] as object), publishedAt: 1e300 };
    await writeLocal({ [recordKey('one')]: record });
    startEarlyRead();
    await takeEarlyRead()!.settled;

    const first = renderHook(() => useFirstPaintValues([settingsItem, topicsItem] as const));
    // Already in the first render: renderHook returns before any read could answer.
    const settings = first.result.current![0];
    expect(settings.feeds.map((f) => f.id)).toEqual(['one', 'two']);
    const store = renderHook(() =>
      useFeedStore(
        settings.feeds.map((f) => f.id),
        { archive: false },
      ),
    );
    expect(store.result.current?.dropped).toBe(1);
    expect(store.result.current?.cache.one?.articles.map((a) => a.id)).toEqual(['b']);
    expect(store.result.current?.cache.two?.articles.map((a) => a.id)).toEqual(['c']);
  });

  it('reads again a value that changed after the early read began, never showing the stale one', async () => {
    startEarlyRead();
    await takeEarlyRead()!.settled;
    await setSettings({ ...defaultSettings(), feeds: [feeds[1]!] });
    // A copy: the fake storage may hand out the very object it keeps.
    const record = structuredClone((await browser.storage.local.get(recordKey('two')))[recordKey('two')]) as {
      head: { title: string }[];
    };
    record.head[0]!.title = 'Changed since';
    await writeLocal({ [recordKey('two')]: record });

    const first = renderHook(() => useFirstPaintValues([settingsItem] as const));
    await waitFor(() => expect(first.result.current?.[0].feeds.map((f) => f.id)).toEqual(['two']));
    const store = renderHook(() => useFeedStore(['two'], { archive: false }));
    await waitFor(() => expect(store.result.current?.cache.two?.articles[0]?.title).toBe('Changed since'));
  });
});

describe("the feeds' read", () => {
  /** The storage keys the early read has asked for so far. */
  const asked = (get: { mock: { calls: unknown[][] } }) => get.mock.calls.flatMap(([keys]) => keys as string[]);

  it('goes at once when no composed first screen is stored: the settings name the feeds, and a feed added since counts', async () => {
    const added = { id: 'three', url: 'https://three.test/feed.json', addedAt: 0 };
    await setSettings({ ...defaultSettings(), feeds: [feeds[1]!, added] });
    await seedStore({ three: { articles: [post('d', 4e12)] } });
    const early = await openingRead();
    expect([...early.feedsValue!.keys]).toEqual(['feed:two', 'marks:two', 'feed:three', 'marks:three']);
    expect(Object.keys(early.feedsValue!.raw).sort()).toEqual(['feed:three', 'feed:two', 'marks:three', 'marks:two']);
    expect((early.feedsValue!.raw['feed:three'] as { head: { id: string }[] }).head.map((p) => p.id)).toEqual(['d']);
  });

  it('waits, beside a composed first screen, until it has painted (`releaseFeeds`), then reads the same', async () => {
    const ordinary = await openingRead();
    // Any object: the early read does not judge it (the first screen does), it only holds the feeds back for it.
    await writeLocal({ [COMPOSED_SCREEN_KEY]: { format: 1 } });
    const get = vi.spyOn(browser.storage.local, 'get');
    delete g.__aiSafetyBriefEarlyRead;
    startEarlyRead();
    const early = takeEarlyRead()!;
    await early.itemsSettled;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked(get)).not.toContain('feed:one');
    expect(early.feedsValue).toBeUndefined();

    early.releaseFeeds();
    await early.settled;
    expect(asked(get)).toEqual(expect.arrayContaining(['feed:one', 'marks:one', 'feed:two', 'marks:two']));
    expect(early.feedsValue).toEqual(ordinary.feedsValue);
    expect(early.composedValue).toEqual({ format: 1 });
  });

  it('goes at once beside a composed first screen set aside (`false`)', async () => {
    await writeLocal({ [COMPOSED_SCREEN_KEY]: false });
    const early = await openingRead();
    expect(early.composedValue).toBe(false);
    expect([...early.feedsValue!.keys]).toEqual(['feed:one', 'marks:one', 'feed:two', 'marks:two']);
  });
});

describe('a stored value after the first paint', () => {
  it('follows a change made between the first-paint read and the watch (a click on the first frame)', async () => {
    // The first paint read the settings with notifications off; the background turned them on before the page's
    // watch was on, so no change event will reach it.
    const firstPaint = await settingsItem.get();
    await setSettings({ ...firstPaint, notifications: { enabled: true, quietHours: null } });
    const { result } = renderHook(() => useStoredValue(settingsItem, true, firstPaint));
    expect(result.current?.notifications.enabled).toBe(false);
    await waitFor(() => expect(result.current?.notifications.enabled).toBe(true));
  });
});

describe('the feeds read early, one of them changed since (an import’s fetches land while the popup opens)', () => {
  it('reads again only the keys that changed, and shows their new values beside the early ones', async () => {
    startEarlyRead();
    await takeEarlyRead()!.settled;
    const record = structuredClone((await browser.storage.local.get(recordKey('two')))[recordKey('two')]) as {
      head: { title: string }[];
    };
    record.head[0]!.title = 'Changed since';
    await writeLocal({ [recordKey('two')]: record });
    // Drawn by React without the plain first screen: the store's first read takes what it can from the early read.
    const get = vi.spyOn(browser.storage.local, 'get');
    const store = renderHook(() => useFeedStore(['one', 'two'], { archive: false }));
    await waitFor(() => expect(store.result.current?.cache.two?.articles[0]?.title).toBe('Changed since'));
    expect(store.result.current?.cache.one?.articles.map((a) => a.id)).toEqual(['a', 'b']);
    expect(get.mock.calls.map(([keys]) => keys)).toEqual([[recordKey('two')]]);
  });
});
