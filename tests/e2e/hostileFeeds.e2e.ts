import { describe, expect, it } from 'vitest';
import { feedDocument } from './support/feedServer';
import { browsers, useE2E } from './support/fixture';

// Hostile feeds in every browser: what a feed or a web page sends gets no further than plain, bounded text
// (lib/feed/limits.ts, lib/feed/text.ts) and dates it can be trusted with (lib/feed/dates.ts).

const e2e = useE2E();

const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

describe.each(browsers)('%s', (browser) => {
  describe('a hostile feed', () => {
    it('with a 1 MB title, bidi overrides and a post dated 9999: shown capped, without the overrides, the post undated; storage.sync keeps within its quota', async () => {
      const ext = await e2e.launch(browser);
      const { server } = e2e;
      const doc = feedDocument(
        server.origin,
        [
          { id: 'now', title: 'Dated an hour ago', hoursAgo: 1 },
          { id: 'far', title: 'Invoice \u202Efdp.exe', hoursAgo: 0, date_published: '9999-12-31T23:59:59Z' },
        ],
        `Evil \u202Emoc.sretuer ${'x'.repeat(1024 * 1024)}`,
      );
      server.json('/huge.json', doc);
      const options = await ext.openOptions();
      await options.addFeed(server.url('/huge.json'));
      await expect.poll(() => options.status().innerText(), { timeout: 20_000 }).toMatch(/^Added/);

      const name = (await options.feedList().locator('strong').allInnerTexts())[0]!;
      expect(name.startsWith('Evil moc.sretuer xxx')).toBe(true);
      expect(name.length).toBeLessThanOrEqual(200);
      expect(await options.locator('body').innerText()).not.toMatch(BIDI);

      const popup = await ext.openPopup();
      // The post dated 9999 is undated: after the dated one, with no date in the future.
      await expect.poll(() => popup.titles()).toEqual(['Dated an hour ago', 'Invoice fdp.exe']);
      const far = await popup.article('Invoice fdp.exe').innerText();
      expect(far).not.toMatch(/years|9999/);
      expect(await popup.locator('body').innerText()).not.toMatch(BIDI);

      // Every synced item stays under storage.sync's per-item quota (8 KB), so sync keeps working. The settings
      // reach storage.sync in a batch a second or more after the add: wait for it rather than read an empty area.
      const syncedSizes = () =>
        ext.inExtension(async (api) => {
          const items = await api.storage.sync.get(null);
          return Object.entries(items).map(([key, value]) => key.length + JSON.stringify(value).length);
        });
      await expect.poll(async () => (await syncedSizes()).length, { timeout: 30_000 }).toBeGreaterThan(0);
      const sizes = await syncedSizes();
      for (const size of sizes) expect(size).toBeLessThan(8192);
    });

    it('a web page that links a feed under a reversed title: the feed is offered without the override, its name capped', async () => {
      const ext = await e2e.launch(browser);
      const { server } = e2e;
      server.html(
        '/news/',
        `<!doctype html><html><head><title>News</title>
          <link rel="alternate" type="application/rss+xml" title="Top stories &#x202E;moc.sretuer.evil" href="/news/rss.xml">
          <link rel="alternate" type="application/atom+xml" title="${'A'.repeat(5000)}" href="/news/atom"></head><body>News</body></html>`,
      );
      const options = await ext.openOptions();
      await options.addFeed(server.url('/news/'));
      await expect.poll(() => options.status().innerText()).toMatch(/The page links 2 feeds/);
      const offered = await options.getByRole('list', { name: 'Feeds this page links' }).innerText();
      expect(offered).toMatch(/Top stories moc\.sretuer\.evil/);
      expect(offered).not.toMatch(BIDI);
      expect(offered).not.toMatch(/A{121}/);
    });
  });
});
