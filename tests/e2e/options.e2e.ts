import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type LaunchedExtension } from './support/extension';
import { feedDocument, startFeedServer, type FeedServer } from './support/feedServer';
import { openOptions, openPopup } from './support/pages';

// The options page as a reader uses it, in real Chromium: managing feeds, OPML, notifications, and settings that
// outlive a browser restart.

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

describe('managing feeds', () => {
  it('adds, renames, reorders, pauses (no more fetching), sets an interval for and removes feeds; the popup follows', async () => {
    ext = await launchExtension();
    server.json('/one.json', feedDocument(server.origin, [{ id: '1', title: 'From desk one', hoursAgo: 1 }], 'Desk One'));
    server.json('/two.json', feedDocument(server.origin, [{ id: '2', title: 'From desk two', hoursAgo: 2 }], 'Desk Two'));
    const options = await openOptions(ext.context, ext.id);
    for (const path of ['/one.json', '/two.json']) {
      await options.addFeed(server.url(path));
      await expect.poll(() => options.status().innerText()).toMatch(/^Added/);
    }
    const names = () => options.feedList().locator('strong').allInnerTexts();
    await expect.poll(names).toEqual(['Desk One', 'Desk Two']);

    await options.page.getByRole('button', { name: 'Rename Desk Two' }).click();
    await options.page.getByLabel('Name for Desk Two').fill('My second desk');
    await options.page.getByRole('button', { name: 'Save', exact: true }).click();
    await options.page.getByRole('button', { name: 'Move My second desk up' }).click();
    await expect.poll(names).toEqual(['My second desk', 'Desk One']);

    await options.page.getByRole('button', { name: 'Pause Desk One' }).click();
    await expect.poll(() => options.feedList().innerText()).toMatch(/Desk One[\s\S]*Paused/);
    const hits = server.hits('/one.json');
    await options.page.getByRole('button', { name: 'Refresh all feeds now' }).click();
    await expect.poll(() => options.status().innerText()).toBe('Checked 1 feeds.');
    expect(server.hits('/one.json')).toBe(hits);

    const popup = await openPopup(ext.context, ext.id);
    await expect.poll(() => popup.article('From desk two').innerText()).toMatch(/My second desk/);
    await popup.page.close();

    // A feed of its own interval: the polling alarm fires as often as that feed needs.
    await options.page.getByLabel('How often to check My second desk').selectOption('15');
    await expect.poll(() => ext!.worker.evaluate(async () => (await chrome.alarms.get('poll-feeds'))?.periodInMinutes)).toBe(15);

    await options.page.getByRole('button', { name: 'Remove Desk One' }).click();
    await expect.poll(names).toEqual(['My second desk']);
  });

  it('imports an OPML file and shows its feeds; a broken file changes nothing', async () => {
    ext = await launchExtension();
    server.json('/a.json', feedDocument(server.origin, [{ id: 'a', title: 'Post A', hoursAgo: 1 }], 'Feed A'));
    server.json('/b.json', feedDocument(server.origin, [{ id: 'b', title: 'Post B', hoursAgo: 1 }], 'Feed B'));
    const options = await openOptions(ext.context, ext.id);
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body><outline text="Reading">
      <outline text="Feed A" type="rss" xmlUrl="${server.url('/a.json')}"/><outline text="Feed B" xmlUrl="${server.url('/b.json')}"/></outline></body></opml>`;
    const input = options.page.getByLabel('Import feeds (OPML)');
    await input.setInputFiles({ name: 'feeds.opml', mimeType: 'text/x-opml', buffer: Buffer.from(opml) });
    await expect.poll(() => options.page.getByText('Imported 2 new feeds (0 skipped).').count()).toBe(1);
    await expect.poll(() => options.feedList().locator('strong').allInnerTexts()).toEqual(['Feed A', 'Feed B']);
    await expect.poll(() => options.feedList().innerText()).toMatch(/Feed A[\s\S]*1 post[\s\S]*Feed B[\s\S]*1 post/);

    await input.setInputFiles({ name: 'broken.opml', mimeType: 'text/plain', buffer: Buffer.from('<html>not opml</html>') });
    await expect.poll(() => options.page.getByRole('alert').innerText()).toMatch(/not OPML/);
    expect(await options.feedList().locator('strong').allInnerTexts()).toEqual(['Feed A', 'Feed B']);
  });
});

describe('notifications', () => {
  it('announces new posts found by the polling alarm in one grouped notification', async () => {
    ext = await launchExtension({ grantPermissions: ['notifications'] });
    server.json('/n.json', feedDocument(server.origin, [{ id: 'old', title: 'Already here', hoursAgo: 3 }], 'Notifying Desk'));
    const options = await openOptions(ext.context, ext.id);
    await options.page.getByLabel('Notify me of new posts').click();
    await expect.poll(() => options.page.getByLabel('Notify me of new posts').isChecked()).toBe(true);
    await options.addFeed(server.url('/n.json'));
    await expect.poll(() => options.status().innerText()).toMatch(/^Added/);

    server.json('/n.json', feedDocument(server.origin, [
      { id: 'new1', title: 'Fresh one', hoursAgo: 0.2 },
      { id: 'new2', title: 'Fresh two', hoursAgo: 0.1 },
      { id: 'old', title: 'Already here', hoursAgo: 3 },
    ], 'Notifying Desk'));
    // Fire the polling alarm now, as Chrome would at its time.
    await ext.worker.evaluate(() => chrome.alarms.create('poll-feeds', { when: Date.now() + 50 }));
    await expect.poll(() => ext!.worker.evaluate(async () => Object.keys(await chrome.notifications.getAll())), { timeout: 15_000 }).toEqual(['asb:list']);
    // The badge counts every post not yet seen in the popup: the one from when the feed was added, and the two new.
    expect(await ext.waitForBadge('3')).toBe('3');
    // Another alarm with nothing new announces nothing more.
    await ext.worker.evaluate(() => chrome.notifications.clear('asb:list'));
    await ext.worker.evaluate(() => chrome.alarms.create('poll-feeds', { when: Date.now() + 50 }));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await ext.worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()))).toEqual([]);
  });
});

describe('settings from another browser', () => {
  it('a synced feed whose site this browser has not granted says it needs permission, with Allow, in popup and options', async () => {
    ext = await launchExtension({ grantOrigins: [] }); // Nothing granted: this browser never added the feed itself.
    server.json('/synced.json', feedDocument(server.origin, [{ id: 's', title: 'Synced post', hoursAgo: 1 }], 'Synced Desk'));
    const url = server.url('/synced.json');
    // What another browser signed in to the same account writes to storage.sync (WXT keeps the version beside it).
    await ext.worker.evaluate(
      (feed) =>
        chrome.storage.sync.set({
          settings: { feeds: [feed], pollMinutes: 60, notifications: { enabled: false, quietHours: null } },
          settings$: { v: 2 },
        }),
      { id: 'feed-synced', url, addedAt: Date.now() },
    );
    const localFeedUrls = () =>
      ext!.worker.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { feeds: { url: string }[] } | undefined)?.feeds.map((f) => f.url));
    await expect.poll(localFeedUrls).toEqual([url]);

    const popup = await openPopup(ext.context, ext.id);
    await popup.refresh();
    const needsPermission = /needs your permission to read 127\.0\.0\.1 to follow this feed\./;
    await expect.poll(() => popup.feedProblems().innerText()).toMatch(needsPermission);
    expect(await popup.page.getByRole('button', { name: 'Let the extension read 127.0.0.1' }).count()).toBe(1);
    // Not the generic retry: retrying cannot help until the site is allowed.
    expect(await popup.feedProblems().getByRole('button', { name: /^Retry/ }).count()).toBe(0);

    const options = await openOptions(ext.context, ext.id);
    await expect.poll(() => options.feedList().innerText()).toMatch(needsPermission);
    expect(await options.feedList().getByRole('button', { name: 'Let the extension read 127.0.0.1' }).count()).toBe(1);
    expect(await options.page.getByRole('button', { name: /^Allow reading the sites of feeds that need it/ }).count()).toBe(1);
  });
});

describe('a browser restart', () => {
  it('keeps the feeds, their names, pauses, the interval and the notification choice', async () => {
    ext = await launchExtension({ grantPermissions: ['notifications'] });
    server.json('/keep.json', feedDocument(server.origin, [{ id: 'k', title: 'Kept post', hoursAgo: 1 }], 'Keeper'));
    let options = await openOptions(ext.context, ext.id);
    await options.addFeed(server.url('/keep.json'));
    await expect.poll(() => options.status().innerText()).toMatch(/^Added/);
    await options.page.getByRole('button', { name: 'Rename Keeper' }).click();
    await options.page.getByLabel('Name for Keeper').fill('Kept desk');
    await options.page.getByRole('button', { name: 'Save', exact: true }).click();
    await options.page.getByRole('button', { name: 'Pause Kept desk' }).click();
    await options.page.getByLabel('Check every').selectOption('180');
    await options.page.getByLabel('Notify me of new posts').click();
    await expect.poll(() => options.page.getByLabel('Notify me of new posts').isChecked()).toBe(true);
    await expect.poll(() => options.feedList().innerText()).toMatch(/Paused/);

    ext = await ext.restart();
    options = await openOptions(ext.context, ext.id);
    await expect.poll(() => options.feedList().innerText()).toMatch(/Kept desk[\s\S]*Paused[\s\S]*1 post/);
    expect(await options.page.getByLabel('Check every').inputValue()).toBe('180');
    expect(await options.page.getByLabel('Notify me of new posts').isChecked()).toBe(true);
    expect(await ext.worker.evaluate(async () => (await chrome.alarms.get('poll-feeds'))?.periodInMinutes)).toBe(180);
  });
});

declare const chrome: {
  storage: { sync: { set(items: object): Promise<void> }; local: { get(key: string): Promise<Record<string, unknown>> } };
  alarms: { create(name: string, info: object): Promise<void>; get(name: string): Promise<{ periodInMinutes?: number } | undefined> };
  notifications: { getAll(): Promise<Record<string, boolean>>; clear(id: string): Promise<boolean> };
};
