import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { HOUR, item, fetchedFeed } from '@/tests/unit/feeds';
import { mirrorSettingsNow, readFeedCache, seedStore } from '@/tests/unit/store';
import { commitFeed } from '../sync/commit';
import { flushQuarantine, readQuarantine } from './quarantine';
import { forgetAllArchives } from '../sync/archiveMemo';
import { pageKey, readFeed } from './feedStore';
import { renameFeed } from '../router/feeds';
import { defaultSettings, settingsItem, updateSettings } from './settings';

// One malformed record is dropped alone (logged, kept aside); everything else stays, and no default is written
// over the reader's data or mirrored to the reader's other browsers.

const NOW = Date.parse('2026-11-20T12:00:00Z');
const feeds = [
  { id: 'one', url: 'https://one.test/feed.json', addedAt: 0 },
  { id: 'two', url: 'https://two.test/feed.json', addedAt: 0, pollMinutes: 30 },
  { id: 'three', url: 'https://three.test/feed.json', addedAt: 0 },
];

describe('settings, record by record', () => {
  it('an out-of-range field in one feed entry drops that entry alone, keeps it in storage, and never shortens the synced list', async () => {
    await updateSettings(() => ({ ...defaultSettings(), feeds }));
    await mirrorSettingsNow();
    expect((await browser.storage.sync.get('settings')).settings).toMatchObject({
      feeds: feeds.map(({ id }) => ({ id })),
    });

    // A corrupt entry: an interval no version of the extension writes.
    const stored = (await browser.storage.local.get('settings')).settings as { feeds: Record<string, unknown>[] };
    stored.feeds[1] = { ...stored.feeds[1], pollMinutes: 99999 };
    await browser.storage.local.set({ settings: stored });

    const settings = await settingsItem.get();
    expect(settings.feeds.map((f) => f.id)).toEqual(['one', 'three']);
    expect(settings.pollMinutes).toBe(60);

    // The next change (rename another feed) writes back the malformed entry as it was, and sync keeps all three.
    await renameFeed('one', 'First');
    await mirrorSettingsNow();
    const local = (await browser.storage.local.get('settings')).settings as {
      feeds: { id: string; pollMinutes?: number; name?: string }[];
    };
    expect(local.feeds.map((f) => f.id).sort()).toEqual(['one', 'three', 'two']);
    expect(local.feeds.find((f) => f.id === 'two')?.pollMinutes).toBe(99999);
    const synced = (await browser.storage.sync.get('settings')).settings as {
      feeds: { id: string; name?: string; pollMinutes?: number }[];
    };
    expect(synced.feeds.map((f) => f.id).sort()).toEqual(['one', 'three', 'two']);
    expect(synced.feeds.find((f) => f.id === 'one')?.name).toBe('First');
    // Sync keeps its own good copy of the entry, not the corrupt one.
    expect(synced.feeds.find((f) => f.id === 'two')?.pollMinutes).toBe(30);
  });

  it('a malformed field reads as its default but the default is never written over it', async () => {
    await updateSettings(() => ({ ...defaultSettings(), feeds }));
    await browser.storage.local.set({
      settings: { ...((await browser.storage.local.get('settings')).settings as object), pollMinutes: 'often' },
    });
    expect((await settingsItem.get()).pollMinutes).toBe(60);
    await renameFeed('three', 'Third');
    expect(((await browser.storage.local.get('settings')).settings as { pollMinutes: unknown }).pollMinutes).toBe(
      'often',
    );
  });

  it('settings that are not settings at all read as what sync holds, and are never mirrored back as defaults', async () => {
    await updateSettings(() => ({ ...defaultSettings(), feeds }));
    await mirrorSettingsNow();
    await browser.storage.local.set({ settings: 'garbage' });
    expect((await settingsItem.get()).feeds.map((f) => f.id)).toEqual(['one', 'two', 'three']);
    await renameFeed('one', 'First');
    await mirrorSettingsNow();
    const synced = (await browser.storage.sync.get('settings')).settings as { feeds: { id: string }[] };
    expect(synced.feeds.map((f) => f.id)).toEqual(['one', 'two', 'three']);
  });
});

describe('posts, record by record', () => {
  it('one malformed stored post is dropped alone, set aside, and the next commit keeps every other post', async () => {
    await updateSettings(() => ({ ...defaultSettings(), feeds }));
    await seedStore({
      one: {
        articles: [1, 2, 3].map((n) => ({
          id: `p${n}`,
          title: `Post ${n}`,
          summary: '',
          tags: [],
          authors: [],
          publishedAt: NOW - n * HOUR,
        })),
      },
    });
    // Three posts fit one archive page.
    const page = pageKey('one', 0);
    const posts = (await browser.storage.local.get(page))[page] as Record<string, unknown>[];
    posts[1] = { ...posts[1], publishedAt: 'not a time' };
    await browser.storage.local.set({ [page]: posts });
    // A store damaged while no worker ran: the next worker starts with nothing in memory and reads it.
    forgetAllArchives();

    const read = await readFeed('one');
    expect(read?.value.articles.map((a) => a.id)).toEqual(['p1', 'p3']);
    expect(read?.dropped).toBe(1);

    const outcome = fetchedFeed([item('p0', NOW)], 'https://one.test/feed.json');
    await commitFeed('one', outcome, NOW, { pollMs: HOUR });
    await flushQuarantine();
    expect((await readFeedCache()).one!.articles.map((a) => a.id)).toEqual(['p0', 'p1', 'p3']);
    expect((await readQuarantine()).some((entry) => entry.where === page && entry.raw.includes('not a time'))).toBe(
      true,
    );
  });
});
