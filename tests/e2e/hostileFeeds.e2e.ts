import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type LaunchedExtension } from './support/extension';
import { feedDocument, startFeedServer, type FeedServer } from './support/feedServer';
import { openOptions, openPopup } from './support/chromiumPages';

// Hostile feeds in real Chromium: what a feed or a web page sends gets no further than plain, bounded text
// (lib/feed/limits.ts, lib/feed/text.ts) and dates it can be trusted with (lib/feed/dates.ts).

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

const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

describe('a hostile feed', () => {
  it('with a 1 MB title, bidi overrides and a post dated 9999: shown capped, without the overrides, the post undated; storage.sync keeps within its quota', async () => {
    ext = await launchExtension();
    const doc = feedDocument(
      server.origin,
      [
        { id: 'now', title: 'Dated an hour ago', hoursAgo: 1 },
        { id: 'far', title: 'Invoice \u202Efdp.exe', hoursAgo: 0, date_published: '9999-12-31T23:59:59Z' },
      ],
      `Evil \u202Emoc.sretuer ${'x'.repeat(1024 * 1024)}`,
    );
    server.json('/huge.json', doc);
    const options = await openOptions(ext.context, ext.id);
    await options.addFeed(server.url('/huge.json'));
    await expect.poll(() => options.status().innerText(), { timeout: 20_000 }).toMatch(/^Added/);

    const name = (await options.feedList().locator('strong').allInnerTexts())[0]!;
    expect(name.startsWith('Evil moc.sretuer xxx')).toBe(true);
    expect(name.length).toBeLessThanOrEqual(200);
    expect(await options.page.locator('body').innerText()).not.toMatch(BIDI);

    const popup = await openPopup(ext.context, ext.id);
    // The post dated 9999 is undated: after the dated one, with no date in the future.
    await expect.poll(() => popup.titles()).toEqual(['Dated an hour ago', 'Invoice fdp.exe']);
    const far = await popup.article('Invoice fdp.exe').innerText();
    expect(far).not.toMatch(/years|9999/);
    expect(await popup.page.locator('body').innerText()).not.toMatch(BIDI);

    // Every synced item stays under storage.sync's per-item quota (8 KB), so sync keeps working.
    const sizes = await ext.worker.evaluate(async () => {
      const items = await chrome.storage.sync.get(null);
      return Object.entries(items).map(([key, value]) => key.length + JSON.stringify(value).length);
    });
    expect(sizes.length).toBeGreaterThan(0);
    for (const size of sizes) expect(size).toBeLessThan(8192);
  });

  it('a web page that links a feed under a reversed title: the feed is offered without the override, its name capped', async () => {
    ext = await launchExtension();
    server.html(
      '/news/',
      `<!doctype html><html><head><title>News</title>
        <link rel="alternate" type="application/rss+xml" title="Top stories &#x202E;moc.sretuer.evil" href="/news/rss.xml">
        <link rel="alternate" type="application/atom+xml" title="${'A'.repeat(5000)}" href="/news/atom"></head><body>News</body></html>`,
    );
    const options = await openOptions(ext.context, ext.id);
    await options.addFeed(server.url('/news/'));
    await expect.poll(() => options.status().innerText()).toMatch(/The page links 2 feeds/);
    const offered = await options.page.getByRole('list', { name: 'Feeds this page links' }).innerText();
    expect(offered).toMatch(/Top stories moc\.sretuer\.evil/);
    expect(offered).not.toMatch(BIDI);
    expect(offered).not.toMatch(/A{121}/);
  });
});

// The slice of the extension API these tests call inside the browser (the worker, not Node, runs it).
declare const chrome: { storage: { sync: { get(keys: null): Promise<Record<string, unknown>> } } };
