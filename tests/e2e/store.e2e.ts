import { describe, expect, it } from 'vitest';
import { rewriteCachedPost } from './support/cachedPosts';
import { feedDocument } from './support/feedServer';
import { browsers, useE2E } from './support/fixture';

// The per-feed store as a reader meets it, in every browser: one broken record (a settings entry, a post) is left
// out alone, both pages say so and show everything else, and the synced settings keep the whole feed list.

const e2e = useE2E();

type StoredSettings = { feeds: { title?: string; name?: string; pollMinutes?: number }[] };

describe.each(browsers)('%s', (browser) => {
  describe('a corrupt record', () => {
    it('one broken feed entry and one broken post: the rest shows, both pages say something was left out, sync keeps every feed', async () => {
      const ext = await e2e.launch(browser);
      const { server } = e2e;
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
      const options = await ext.openOptions();
      for (const i of desks.keys()) {
        await options.addFeed(server.url(`/desk${i}.json`));
        await expect.poll(() => options.status().innerText()).toMatch(/^Added/);
      }

      // The feed list reaches storage.sync with its batch, a few seconds after the last add: the damage below
      // comes after that, so sync has a good copy of Desk Two to keep.
      const synced = async () =>
        (await ext.readStorage<StoredSettings>('sync', 'settings'))?.feeds.map((feed) => feed.name ?? feed.title) ?? [];
      await expect.poll(synced, { timeout: 20_000 }).toEqual(['Desk One', 'Desk Two', 'Desk Three']);

      // Break, by hand, Desk Two's settings entry (an interval no version writes) and one of Desk One's posts
      // (every stored copy of it: the feed's list and its record's head).
      const settings = (await ext.readStorage<StoredSettings>('local', 'settings'))!;
      settings.feeds.find((feed) => feed.title === 'Desk Two')!.pollMinutes = 99999;
      await ext.seedStorage('local', { settings });
      expect(await rewriteCachedPost(ext, '0b', { publishedAt: 'not a time' })).toBe(2);

      const popup = await ext.openPopup();
      await expect.poll(() => popup.titles()).toEqual(['One first story', 'Three first story', 'Three second story']);
      await expect.poll(() => popup.getByText(/could not be read and were left out/).count()).toBe(1);
      await popup.close();

      await options.bringToFront();
      await options.reload();
      const names = () => options.feedList().locator('strong').allInnerTexts();
      await expect.poll(names).toEqual(['Desk One', 'Desk Three']);
      await expect.poll(() => options.getByText(/1 feed entries in your settings could not be read/).count()).toBe(1);

      // A change to another feed writes back the broken entry as it was, and sync keeps all three feeds.
      await options.getByRole('button', { name: 'Rename Desk Three' }).click();
      await options.getByLabel('Name for Desk Three').fill('Third desk');
      await options.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(names).toEqual(['Desk One', 'Third desk']);
      await expect.poll(synced, { timeout: 20_000 }).toEqual(['Desk One', 'Third desk', 'Desk Two']);
    });
  });
});
