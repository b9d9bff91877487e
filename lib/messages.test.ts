import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fakeFetch, item, jsonFeed } from '@/tests/unit/feeds';
import { cardSitesItem } from './content/cardSites';
import { createBackup } from './io/backup';
import { classifySender, createMessageListener } from './messages';
import { seedStore, setSettings } from '@/tests/unit/store';
import { defaultSettings, feedIdFor, settingsItem } from './store/settings';
import { createRouter } from './router/router';

// The background's message boundary on WXT's fake browser: who may ask for what is decided by what the browser says
// about the sender, never by the message.

const NOW = Date.parse('2026-11-20T12:00:00Z');
const FEED_URL = 'https://blog.test/feed.json';
const own = (path: string) => fakeBrowser.runtime.getURL(path);

const senders = {
  popup: () => ({ id: fakeBrowser.runtime.id, url: own('/popup.html') }),
  optionsTab: () => ({
    id: fakeBrowser.runtime.id,
    url: own('/options.html'),
    tab: { id: 2, url: own('/options.html') },
    frameId: 0,
  }),
  /**
   * The card's content script on a news page: the browser reports the address the document was loaded at (`url`,
   * its `origin`) and the tab's committed address, which follows the page's own `history.pushState`.
   */
  contentScript: (tabUrl = 'https://news.test/story-a/', loadedAt = tabUrl) => ({
    id: fakeBrowser.runtime.id,
    url: loadedAt,
    origin: new URL(loadedAt).origin,
    tab: { id: 7, url: tabUrl },
    frameId: 0,
  }),
};

function listen() {
  const server = fakeFetch({ [FEED_URL]: { body: jsonFeed([item('a', NOW - 3600e3)]) } });
  const listener = createMessageListener(createRouter({ fetchImpl: server.impl, now: () => NOW }));
  const send = (message: unknown, sender: object) => listener(message, sender as never);
  return { server, send };
}

async function followOneFeed() {
  await setSettings({
    ...defaultSettings(),
    feeds: [{ id: feedIdFor(FEED_URL), url: FEED_URL, title: 'Blog', addedAt: 0 }],
  });
}

describe('page requests', () => {
  it('are refused from a content script: addFeed, importBackup and removeFeed change nothing and fetch nothing', async () => {
    await followOneFeed();
    const before = await settingsItem.get();
    const { server, send } = listen();
    const backup = createBackup(
      { ...defaultSettings(), feeds: [{ id: 'x', url: 'https://attacker.test/feed', addedAt: 0 }] },
      { seen: [], read: [] },
    );
    for (const message of [
      { type: 'addFeed', url: FEED_URL.replace('blog', 'other') },
      { type: 'importBackup', text: backup },
      { type: 'removeFeed', feedId: feedIdFor(FEED_URL) },
      { type: 'setCardSite', site: 'news.test', enabled: true },
      { type: 'setPollInterval', minutes: 5 },
    ]) {
      expect(send(message, senders.contentScript()), message.type).toBeUndefined();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await settingsItem.get()).toEqual(before);
    expect((await cardSitesItem.get()).sites).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  it('are accepted from the extension’s own pages (the popup, the options tab)', async () => {
    const { send } = listen();
    expect(await send({ type: 'addFeed', url: FEED_URL }, senders.optionsTab())).toMatchObject({
      ok: true,
      feed: { title: 'Test Desk' },
    });
    expect((await settingsItem.get()).feeds.map((f) => f.url)).toEqual([FEED_URL]);
    expect(await send({ type: 'removeFeed', feedId: feedIdFor(FEED_URL) }, senders.popup())).toEqual({ ok: true });
    expect((await settingsItem.get()).feeds).toEqual([]);
    const backup = createBackup(
      { ...defaultSettings(), feeds: [{ id: feedIdFor(FEED_URL), url: FEED_URL, addedAt: 0 }] },
      { seen: [], read: [] },
    );
    expect(await send({ type: 'importBackup', text: backup }, senders.optionsTab())).toEqual({ ok: true, feeds: 1 });
    expect((await settingsItem.get()).feeds.map((f) => f.url)).toEqual([FEED_URL]);
  });

  it('are refused from another extension, from an extension page framed into a web page, and when malformed', () => {
    const { send } = listen();
    expect(send({ type: 'markAllRead' }, { ...senders.popup(), id: 'another-extension' })).toBeUndefined();
    expect(
      send({ type: 'markAllRead' }, { ...senders.popup(), tab: { id: 3, url: 'https://evil.test/' }, frameId: 4 }),
    ).toBeUndefined();
    expect(send({ type: 'markAllRead', extra: 1 }, senders.popup())).toBeDefined();
    expect(send({ type: 'deleteEverything' }, senders.popup())).toBeUndefined();
    expect(send({ type: 'setPollInterval', minutes: 1 }, senders.popup())).toBeUndefined();
  });
});

describe('card requests', () => {
  const seedStories = async () => {
    await followOneFeed();
    await seedStore({
      [feedIdFor(FEED_URL)]: {
        articles: [
          {
            id: 'a',
            title: 'About story A',
            summary: '',
            tags: [],
            authors: [],
            sourceUrl: 'https://news.test/story-a/',
          },
          {
            id: 'b',
            title: 'About story B',
            summary: '',
            tags: [],
            authors: [],
            sourceUrl: 'https://other.test/story-b/',
          },
        ],
      },
    });
    await cardSitesItem.set({ sites: ['news.test', 'other.test'] });
  };

  it('are answered about the sender’s own page, whatever URL the message names', async () => {
    await seedStories();
    const { send } = listen();
    const titles = async (message: unknown, sender: object) =>
      ((await send(message, sender)) as { posts: { title: string }[] }).posts.map((p) => p.title);
    expect(await titles({ type: 'postsForPage' }, senders.contentScript('https://news.test/story-a/'))).toEqual([
      'About story A',
    ]);
    // Site A's page asking about B's story (its location watcher saw a navigation to B that A then stopped).
    expect(
      await titles(
        { type: 'postsForPage', url: 'https://other.test/story-b/' },
        senders.contentScript('https://news.test/elsewhere'),
      ),
    ).toEqual([]);
    expect(
      await titles(
        { type: 'postsForPage', url: 'https://other.test/story-b/' },
        senders.contentScript('https://news.test/story-a/'),
      ),
    ).toEqual(['About story A']);
  });

  it('"Don’t show on this site" switches off the sender’s own site only', async () => {
    await seedStories();
    const { send } = listen();
    expect(
      await send(
        { type: 'hideCardsOnSite', url: 'https://other.test/story-b/' },
        senders.contentScript('https://www.news.test/x'),
      ),
    ).toEqual({ ok: true });
    expect((await cardSitesItem.get()).sites).toEqual(['other.test']);
  });

  it('follow the page’s own history.pushState, but never cross to another site', async () => {
    await seedStories();
    const { send } = listen();
    const answer = (sender: object) =>
      send({ type: 'postsForPage' }, sender) as Promise<{ pageUrl: string; posts: { title: string }[] }> | undefined;
    const moved = await answer(senders.contentScript('https://news.test/story-a/', 'https://news.test/front-page'));
    expect(moved).toMatchObject({ pageUrl: 'https://news.test/story-a/', posts: [{ title: 'About story A' }] });
    // The tab committed another site's page while the old document's message was on its way.
    expect(
      answer(senders.contentScript('https://other.test/story-b/', 'https://news.test/front-page')),
    ).toBeUndefined();
  });

  it('are refused from the extension’s pages, from subframes and from pages that are not http(s)', () => {
    const { send } = listen();
    expect(send({ type: 'postsForPage' }, senders.popup())).toBeUndefined();
    expect(send({ type: 'hideCardsOnSite' }, { ...senders.contentScript(), frameId: 3 })).toBeUndefined();
    expect(send({ type: 'postsForPage' }, senders.contentScript('file:///etc/passwd'))).toBeUndefined();
  });
});

describe('classifySender', () => {
  it('tells the extension’s pages from the card’s content script by what the browser reports', () => {
    const classify = (sender: object) => classifySender(sender as Parameters<typeof classifySender>[0]);
    expect(classify(senders.popup())).toEqual({ kind: 'page' });
    expect(classify(senders.optionsTab())).toEqual({ kind: 'page' });
    expect(classify(senders.contentScript('https://news.test/a'))).toEqual({
      kind: 'card',
      pageUrl: 'https://news.test/a',
    });
    // Where the browser reports no `origin`, the document's address stands for it.
    expect(
      classify({ id: fakeBrowser.runtime.id, url: 'https://news.test/a', tab: { id: 1, url: 'https://news.test/b' } }),
    ).toEqual({ kind: 'card', pageUrl: 'https://news.test/b' });
    expect(
      classify({ id: fakeBrowser.runtime.id, url: 'https://news.test/a', tab: { id: 1, url: 'https://evil.test/b' } }),
    ).toBeUndefined();
    expect(classify({ id: fakeBrowser.runtime.id })).toBeUndefined();
  });
});
