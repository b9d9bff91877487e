import { describe, expect, it } from 'vitest';
import { feedDocument } from './support/feedServer';
import { browsers, useE2E } from './support/fixture';

// What the extension asks of a feed's server, counted by the server itself: a restart does not refetch a fresh
// feed; a feed that moved is followed to its new address; one that ended, or whose server asked for a pause, is
// left alone, and the options page says so.

const e2e = useE2E();
const settle = () => new Promise((resolve) => setTimeout(resolve, 2500));

describe.each(browsers)('%s', (browser) => {
  it('three browser restarts in a row do not refetch a feed that asked for two hours', async () => {
    let ext = await e2e.launch(browser);
    const { server } = e2e;
    const doc = feedDocument(server.origin, [{ id: 'a', title: 'Fresh post', hoursAgo: 1 }], 'Fresh Desk');
    server.route('/fresh.json', (req, res) => {
      if (req.headers['if-none-match'] === '"f1"') return res.writeHead(304, { etag: '"f1"' }).end();
      res
        .writeHead(200, { 'content-type': 'application/feed+json', etag: '"f1"', 'cache-control': 'max-age=7200' })
        .end(JSON.stringify(doc));
    });
    // The file's server counts for every browser the file runs in: count from here.
    const before = server.hits('/fresh.json');
    const options = await ext.openOptions();
    await options.addFeed(server.url('/fresh.json'));
    await expect.poll(() => options.status().innerText()).toMatch(/^Added “Fresh Desk”/);
    expect(server.hits('/fresh.json') - before).toBe(1);
    await expect
      .poll(() => options.feedList().innerText())
      .toMatch(/Next check in (2 hours|120 minutes): the feed asks for at most one check every 2 hours\./);
    for (let start = 1; start <= 3; start++) {
      ext = await ext.restart();
      // The start's own pass (onStartup / onInstalled) has run by the time the popup lists the post.
      const popup = await ext.openPopup();
      await expect.poll(() => popup.titles()).toEqual(['Fresh post']);
      await settle();
      expect(server.hits('/fresh.json') - before, `after start ${start}`).toBe(1);
    }
  }, 180_000); // three browser starts: Firefox's take long on a busy machine

  it('a feed redirected to the same new address twice in a row moves there, and the options page says so', async () => {
    const ext = await e2e.launch(browser);
    const { server } = e2e;
    server.route('/old.json', (_req, res) => res.writeHead(301, { location: '/new.json' }).end());
    server.json(
      '/new.json',
      feedDocument(server.origin, [{ id: 'm', title: 'Moved post', hoursAgo: 1 }], 'Moving Desk'),
      {
        etag: '"m1"',
      },
    );
    const options = await ext.openOptions();
    await options.addFeed(server.url('/old.json'));
    await expect.poll(() => options.status().innerText()).toMatch(/^Added “Moving Desk”/);
    // Once: watched, not yet believed.
    const list = () => options.feedList().innerText();
    await expect.poll(list).toContain(`Redirected to ${server.url('/new.json')}`);
    expect(await list()).toContain(server.url('/old.json'));
    // Twice in a row: the stored address is the new one.
    const newHits = server.hits('/new.json');
    await options.getByRole('button', { name: 'Refresh Moving Desk' }).click();
    await expect.poll(() => server.hits('/new.json')).toBeGreaterThan(newHits);
    await expect.poll(list).toContain(`Moved to ${server.url('/new.json')} (was ${server.url('/old.json')}).`);
    expect(await ext.localFeedUrls()).toEqual([server.url('/new.json')]);
    // The next check goes straight to the new address.
    const oldHits = server.hits('/old.json');
    await options.getByRole('button', { name: 'Refresh Moving Desk' }).click();
    await expect.poll(() => server.hits('/new.json')).toBeGreaterThan(newHits + 1);
    expect(server.hits('/old.json')).toBe(oldHits);
  });

  it('410 Gone pauses the feed with a clear status and a one-click remove; it is not fetched again', async () => {
    const ext = await e2e.launch(browser);
    const { server } = e2e;
    server.json(
      '/ending.json',
      feedDocument(server.origin, [{ id: 'e', title: 'Last post', hoursAgo: 1 }], 'Ending Desk'),
    );
    const options = await ext.openOptions();
    await options.addFeed(server.url('/ending.json'));
    await expect.poll(() => options.status().innerText()).toMatch(/^Added “Ending Desk”/);
    server.route('/ending.json', (_req, res) => res.writeHead(410).end());
    await options.getByRole('button', { name: 'Refresh Ending Desk' }).click();
    const gone = options.feedList().locator('.feed-list__gone');
    await expect
      .poll(() => gone.innerText(), { timeout: 20_000 })
      .toMatch(/^Paused: the publisher removed this feed\./);
    expect(await options.feedList().innerText()).toMatch(/The feed has been removed by its publisher \(HTTP 410\)\./);
    // A scheduled pass leaves a paused feed alone.
    const hits = server.hits('/ending.json');
    await ext.makeFeedsDue();
    await ext.firePollingAlarm();
    await settle();
    expect(server.hits('/ending.json')).toBe(hits);
    await options.getByRole('button', { name: 'Remove Ending Desk, which its publisher removed' }).click();
    await expect.poll(() => ext.localFeedUrls()).toEqual([]);
  });

  it('a 429 with Retry-After is waited out, even by “Refresh”, and the options page says why', async () => {
    const ext = await e2e.launch(browser);
    const { server } = e2e;
    server.json('/busy.json', feedDocument(server.origin, [{ id: 'b', title: 'Busy post', hoursAgo: 1 }], 'Busy Desk'));
    const options = await ext.openOptions();
    await options.addFeed(server.url('/busy.json'));
    await expect.poll(() => options.status().innerText()).toMatch(/^Added “Busy Desk”/);
    server.route('/busy.json', (_req, res) => res.writeHead(429, { 'retry-after': '172800' }).end());
    await options.getByRole('button', { name: 'Refresh Busy Desk' }).click();
    await expect
      .poll(() => options.feedList().innerText(), { timeout: 20_000 })
      .toMatch(/The server asked us to slow down \(HTTP 429\)\./);
    expect(await options.feedList().innerText()).toMatch(/Next check in 2 days: the server asked us to wait\./);
    const popup = await ext.openPopup();
    await expect.poll(() => popup.feedProblems().innerText()).toMatch(/Next try in 2 days\./);
    const hits = server.hits('/busy.json');
    await options.getByRole('button', { name: 'Refresh Busy Desk' }).click();
    await settle();
    expect(server.hits('/busy.json')).toBe(hits);
  });
});
