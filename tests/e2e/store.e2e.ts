import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type LaunchedExtension } from './support/extension';
import { feedDocument, startFeedServer, type FeedServer } from './support/feedServer';
import { rewriteCachedPost } from './support/cachedPosts';
import { openOptions, openPopup } from './support/chromiumPages';

// The per-feed store as a reader meets it, in real Chromium: one broken record (a settings entry, a post) is left
// out alone, both pages say so and show everything else, and the synced settings keep the whole feed list.

let server: FeedServer;
let ext: LaunchedExtension | undefined;

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
});

describe('a corrupt record', () => {
  it('one broken feed entry and one broken post: the rest shows, both pages say something was left out, sync keeps every feed', async () => {
    ext = await launchExtension();
    const desks = ['One', 'Two', 'Three'];
    for (const [i, desk] of desks.entries()) {
      server.json(
        `/desk${i}.json`,
        feedDocument(
          server.origin,
          [
            { id: `${i}a`, title: `${desk} first story`, hoursAgo: 1 + i },
            { id: `${i}b`, title: `${desk} second story`, hoursAgo: 2 + i },
          ],
          `Desk ${desk}`,
        ),
      );
    }
    const options = await openOptions(ext.context, ext.id);
    for (const i of desks.keys()) {
      await options.addFeed(server.url(`/desk${i}.json`));
      await expect.poll(() => options.status().innerText()).toMatch(/^Added/);
    }

    // Break, by hand, Desk Two's settings entry (an interval no version writes) and one of Desk One's posts
    // (every stored copy of it: the feed's list and its record's head).
    await ext.worker.evaluate(async () => {
      const { settings } = (await chrome.storage.local.get('settings')) as {
        settings: { feeds: { title?: string; pollMinutes?: number }[] };
      };
      settings.feeds.find((feed) => feed.title === 'Desk Two')!.pollMinutes = 99999;
      await chrome.storage.local.set({ settings });
    });
    expect(await rewriteCachedPost(ext.worker, '0b', { publishedAt: 'not a time' })).toBe(2);

    const popup = await openPopup(ext.context, ext.id);
    await expect.poll(() => popup.titles()).toEqual(['One first story', 'Three first story', 'Three second story']);
    await expect.poll(() => popup.page.getByText(/could not be read and were left out/).count()).toBe(1);

    await options.page.reload();
    const names = () => options.feedList().locator('strong').allInnerTexts();
    await expect.poll(names).toEqual(['Desk One', 'Desk Three']);
    await expect
      .poll(() => options.page.getByText(/1 feed entries in your settings could not be read/).count())
      .toBe(1);

    // A change to another feed writes back the broken entry as it was, and sync keeps all three feeds.
    await options.page.getByRole('button', { name: 'Rename Desk Three' }).click();
    await options.page.getByLabel('Name for Desk Three').fill('Third desk');
    await options.page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(names).toEqual(['Desk One', 'Third desk']);
    const synced = () =>
      ext!.worker.evaluate(async () => {
        const { settings } = (await chrome.storage.sync.get('settings')) as {
          settings?: { feeds: { title?: string; name?: string }[] };
        };
        return settings?.feeds.map((feed) => feed.name ?? feed.title) ?? [];
      });
    await expect.poll(synced).toEqual(['Desk One', 'Third desk', 'Desk Two']);
  });
});

declare const chrome: {
  storage: {
    local: {
      get(keys: string | string[] | null): Promise<Record<string, unknown>>;
      set(values: Record<string, unknown>): Promise<void>;
    };
    sync: { get(keys: string): Promise<Record<string, unknown>> };
  };
};
