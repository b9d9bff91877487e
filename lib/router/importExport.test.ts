import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { jsonFeed, item, fakeFetch, HOUR } from '@/tests/unit/feeds';
import { readStates, seedStore, setSettings } from '@/tests/unit/store';
import type { Article } from '../feed/article';
import { createBackup } from '../io/backup';
import { articleKey, emptyMarks } from '../store/marks';
import { defaultSettings, feedIdFor, settingsItem, type Settings } from '../store/settings';
import { refreshBadge } from '../sync/badge';
import { importBackup, importFetchesDone, importOpml } from './importExport';

const NOW = Date.UTC(2026, 10, 25, 12);
const A = 'https://a.test/feed.json';
const B = 'https://b.test/feed.json';

async function follow(...urls: string[]) {
  const settings: Settings = {
    ...defaultSettings(),
    feeds: urls.map((url, i) => ({ id: feedIdFor(url), url, title: `T${i}`, addedAt: i })),
  };
  await setSettings(settings);
}

const post = (id: string): Article => ({
  id,
  title: `Post ${id}`,
  summary: '',
  tags: [],
  authors: [],
  url: `https://b.test/${id}`,
  publishedAt: NOW - 2 * HOUR,
});

describe('imports', () => {
  it('adds an OPML file’s new feeds, skips the followed ones, and syncs them', async () => {
    await follow(A);
    const net = fakeFetch({ [B]: { body: jsonFeed([item('b', NOW - HOUR)]) } });
    const opml = `<opml version="2.0"><head/><body><outline text="A" xmlUrl="${A}"/><outline text="B blog" xmlUrl="${B}"/></body></opml>`;
    expect(await importOpml(opml, NOW, { fetchImpl: net.impl, now: () => NOW })).toEqual({
      ok: true,
      added: 1,
      skipped: 1,
    });
    expect((await settingsItem.get()).feeds.map((f) => [f.url, f.title])).toEqual([
      [A, 'T0'],
      [B, 'B blog'],
    ]);
    // The answer comes first; the new feed is fetched after it.
    await importFetchesDone();
    expect(net.requests.map((r) => r.url)).toEqual([B]);
  });

  it('changes nothing for a malformed OPML file or a damaged backup, and says why', async () => {
    await follow(A);
    await seedStore(
      { [feedIdFor(A)]: { articles: [post('x')] } },
      { [feedIdFor(A)]: { ...emptyMarks(), read: ['x'] } },
    );
    const before = [await browser.storage.local.get(null), await browser.storage.sync.get(null)];
    expect(await importOpml('<html>nope</html>', NOW)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/not OPML/) },
    });
    const damaged = JSON.parse(createBackup({ ...defaultSettings(), feeds: [] }, { seen: [], read: [] }));
    damaged.readState.read = 'everything';
    expect(await importBackup(JSON.stringify(damaged))).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/readState\.read/) },
    });
    expect([await browser.storage.local.get(null), await browser.storage.sync.get(null)]).toEqual(before);
    expect(await readStates()).toEqual({ x: 'read' });
  });

  it('restores a backup: its settings replace these, its read marks join these', async () => {
    await follow(A, B);
    await seedStore(
      { [feedIdFor(B)]: { articles: [post('mine'), post('theirs'), post('neither')] } },
      { [feedIdFor(B)]: { ...emptyMarks(), read: ['mine'] } },
    );
    const saved: Settings = {
      ...defaultSettings(),
      feeds: [{ id: feedIdFor(B), url: B, title: 'B', addedAt: 1 }],
      pollMinutes: 720,
    };
    const net = fakeFetch({ [B]: { body: jsonFeed([item('fresh', NOW - HOUR)]) } });
    const result = await importBackup(createBackup(saved, { seen: [], read: [articleKey(feedIdFor(B), 'theirs')] }), {
      fetchImpl: net.impl,
      now: () => NOW,
    });
    expect(result).toEqual({ ok: true, feeds: 1 });
    expect(await settingsItem.get()).toEqual(saved);
    await importFetchesDone();
    expect(await readStates()).toEqual({ fresh: 'unread', mine: 'read', theirs: 'read', neither: 'unread' });
  });

  it("a backup's rules apply to the posts already stored: the badge leaves out what they mute", async () => {
    await follow(B);
    await seedStore({ [feedIdFor(B)]: { articles: [{ ...post('a'), title: 'On crypto' }, post('b')] } });
    expect(await refreshBadge()).toBe(2);
    const saved: Settings = {
      ...defaultSettings(),
      feeds: [{ id: feedIdFor(B), url: B, title: 'B', addedAt: 1 }],
      rules: [{ kind: 'mute', text: 'crypto' }],
    };
    // The feed answers as stored (a 304): nothing it brings recounts the badge, the rules must.
    const net = fakeFetch({ [B]: { status: 304 } });
    await importBackup(createBackup(saved, { seen: [], read: [] }), { fetchImpl: net.impl, now: () => NOW });
    await importFetchesDone();
    expect(await refreshBadge()).toBe(1);
  });
});
