import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { feedDocument } from './support/feedServer';
import { browsers, useE2E } from './support/fixture';

// Feeds that break in every way a real server breaks, against the built extension in every browser (each has its
// own network stack, so each can fail differently). After each fault: the options page and the popup say what
// went wrong in words, the last good posts are still listed, read state is untouched, and the badge is right.
// (410 Gone, which pauses the feed, and 429, whose wait even "Refresh" honours, are in politeness.e2e.ts.)

const e2e = useE2E();
const fixture = (name: string) => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');
type Fault = {
  name: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  message: RegExp;
};

const FAULTS: Fault[] = [
  {
    name: '404',
    handler: (_q, res) => res.writeHead(404).end('gone'),
    message: /^The feed was not found \(HTTP 404\)\. Check the address\.$/,
  },
  {
    name: '500',
    handler: (_q, res) => res.writeHead(500).end('boom'),
    message: /^The feed's server had an error \(HTTP 500\)\.$/,
  },
  {
    name: 'truncated JSON',
    handler: (_q, res) =>
      res
        .writeHead(200, { 'content-type': 'application/feed+json' })
        .end('{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"x","ti'),
    message: /^The feed is not valid JSON: it may have been cut off or be broken on the server\.$/,
  },
  {
    name: 'connection reset mid-body',
    handler: (req, res) => {
      res.writeHead(200, { 'content-type': 'application/feed+json', 'content-length': '100000' });
      res.write('{"version":"https://jsonfeed.org/version/1.1","items":[');
      setTimeout(() => req.socket.destroy(), 50);
    },
    message: /^The download from 127\.0\.0\.1 broke off/,
  },
  {
    name: '50 MB body, streamed without a length',
    handler: (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/feed+json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        if (res.destroyed) return;
        while (sent < 50 && res.write(chunk)) sent++;
        if (sent >= 50) res.end();
        else res.once('drain', () => (sent++, pump()));
      };
      res.on('close', () => (sent = 50));
      pump();
    },
    message: /^The feed is larger than 10 MB, the most this extension reads\.$/,
  },
  {
    name: 'redirect loop',
    handler: (req, res) =>
      res
        .writeHead(302, {
          location: `/feed.json?hop=${Number(new URL(req.url!, 'http://x').searchParams.get('hop') ?? 0) + 1}`,
        })
        .end(),
    // A browser that fails a loop and a redirect to file: alike, hiding the Location, gets a message naming both.
    message:
      /^(127\.0\.0\.1 redirects the feed, and the browser could not follow: the redirects go round in a loop, or lead to something that is not a web address|Too many redirects: 127\.0\.0\.1 keeps sending us to another address \(a redirect loop\)\.)/,
  },
  {
    name: 'a login page instead of the feed',
    handler: (_q, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          '<!doctype html><html><head><title>Sign in</title></head><body><form><input name="u"><input type="password" name="p"><button>Log in</button></form></body></html>',
        ),
    message: /^This address returned a web page, not a feed: it looks like a sign-in page/,
  },
  {
    name: 'an empty body',
    handler: (_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(''),
    message: /^The server sent an empty response\.$/,
  },
  {
    name: 'JSON of the wrong shape',
    handler: (_q, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"version":"https://jsonfeed.org/version/1.1","items":"none"}'),
    message: /^This is not a valid JSON Feed: “items”/,
  },
  {
    name: 'malformed XML',
    handler: (_q, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end('<?xml version="1.0"?><rss version="2.0"><channel><title>Half'),
    message: /^The feed is not well-formed XML, so it cannot be read\.$/,
  },
];

describe.each(browsers)('%s', (browser) => {
  describe('a followed feed that fails in every way', () => {
    it(`keeps its posts and read state and says what is wrong, through ${FAULTS.length} faults, then recovers`, async () => {
      const ext = await e2e.launch(browser);
      const { server } = e2e;
      const good = feedDocument(
        server.origin,
        [
          { id: 'a', title: 'Kept post one', hoursAgo: 2 },
          { id: 'b', title: 'Kept post two', hoursAgo: 3 },
        ],
        'Sturdy Desk',
      );
      server.json('/feed.json', good);
      const options = await ext.openOptions();
      await options.addFeed(server.url('/feed.json'));
      await expect.poll(() => options.status().innerText()).toBe('Added “Sturdy Desk” with 2 posts.');
      expect(await ext.waitForBadge('2')).toBe('2');

      // Read one post; opening the popup marks both seen, so the badge clears.
      const popup = await ext.openPopup();
      await popup.article('Kept post one').getByRole('button', { name: 'Mark read' }).click();
      await expect
        .poll(() => popup.article('Kept post one').getByRole('button', { name: 'Mark unread' }).count())
        .toBe(1);
      await popup.close();
      expect(await ext.waitForBadge('')).toBe('');

      const feedError = options.feedList().locator('.feed-list__error');
      for (const fault of FAULTS) {
        server.route('/feed.json', fault.handler);
        const hitsBefore = server.hits('/feed.json');
        await options.getByRole('button', { name: 'Refresh Sturdy Desk' }).click();
        await expect.poll(() => server.hits('/feed.json'), { message: fault.name }).toBeGreaterThan(hitsBefore);
        // The options page adds how long the feed has been failing to the message.
        const withSince = new RegExp(`${fault.message.source.replace(/\$$/, '')}.* \\(failing since .+\\)$`);
        await expect.poll(() => feedError.innerText(), { message: fault.name, timeout: 20_000 }).toMatch(withSince);
        expect(await options.feedList().innerText(), fault.name).toMatch(/2 posts/);

        const view = await ext.openPopup();
        await expect
          .poll(() => view.feedProblems().innerText(), { message: fault.name })
          .toMatch(new RegExp(`Sturdy Desk: ${fault.message.source.replace(/^\^|\$$/g, '')}`));
        expect(await view.feedProblems().innerText(), fault.name).toMatch(/Showing the last 2 posts we got/);
        // Every failure says when the feed is tried again (the wait doubles with each failure in a row, up to a day).
        expect(await view.feedProblems().innerText(), fault.name).toMatch(
          /Next try (in \d+ (minutes|hours?)|tomorrow)\./,
        );
        expect(await view.titles(), fault.name).toEqual(['Kept post one', 'Kept post two']);
        expect(
          await view.article('Kept post one').getByRole('button', { name: 'Mark unread' }).count(),
          fault.name,
        ).toBe(1);
        expect(await view.article('Kept post two').getByRole('button', { name: 'Mark read' }).count(), fault.name).toBe(
          1,
        );
        await view.close();
        expect(await ext.badgeText(), fault.name).toBe('');
      }

      // Recovery, served as text/plain (content sniffing), with one new post: the error goes, the badge counts it.
      const recovered = feedDocument(
        server.origin,
        [
          { id: 'c', title: 'Fresh post three', hoursAgo: 1 },
          { id: 'a', title: 'Kept post one', hoursAgo: 2 },
          { id: 'b', title: 'Kept post two', hoursAgo: 3 },
        ],
        'Sturdy Desk',
      );
      server.route('/feed.json', (_q, res) =>
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(JSON.stringify(recovered)),
      );
      await options.getByRole('button', { name: 'Refresh Sturdy Desk' }).click();
      await expect.poll(() => options.feedList().innerText()).toMatch(/3 posts/);
      expect(await feedError.count()).toBe(0);
      expect(await ext.waitForBadge('1')).toBe('1');
      const after = await ext.openPopup();
      await expect.poll(() => after.titles()).toEqual(['Fresh post three', 'Kept post one', 'Kept post two']);
      expect(await after.feedProblems().count()).toBe(0);
      expect(await after.article('Kept post one').getByRole('button', { name: 'Mark unread' }).count()).toBe(1);
      expect(await ext.waitForBadge('')).toBe('');
    });
  });

  describe('conditional requests', () => {
    it('an unchanged feed costs one request answered 304 and writes only its check time; a new ETag brings the new posts', async () => {
      const ext = await e2e.launch(browser);
      const { server } = e2e;
      let etag = '"v1"';
      let doc = feedDocument(server.origin, [{ id: '1', title: 'First', hoursAgo: 1 }], 'Etag Desk');
      const statuses: number[] = [];
      server.route('/etag.json', (req, res) => {
        if (req.headers['if-none-match'] === etag) {
          statuses.push(304);
          return res.writeHead(304, { etag }).end();
        }
        statuses.push(200);
        res.writeHead(200, { 'content-type': 'application/feed+json', etag }).end(JSON.stringify(doc));
      });
      const options = await ext.openOptions();
      await options.addFeed(server.url('/etag.json'));
      await expect.poll(() => options.status().innerText()).toMatch(/Added “Etag Desk”/);
      expect(await ext.waitForBadge('1')).toBe('1');

      // The add's own settings reach storage.sync in a batch a second or more later, and clear their waiting mark
      // (settingsSyncPending) when they do: that write belongs to the add, not to the checks below.
      await expect
        .poll(
          () =>
            ext.inExtension(
              async (api) => (await api.storage.local.get('settingsSyncPending')).settingsSyncPending === undefined,
            ),
          { timeout: 30_000 },
        )
        .toBe(true);
      // So does the popup's first screen, which the background composes again a moment after the add's commit.
      await expect
        .poll(() =>
          ext.inExtension(async (api) => {
            const { composedScreen } = await api.storage.local.get('composedScreen');
            return typeof composedScreen === 'object' && composedScreen !== null;
          }),
        )
        .toBe(true);
      // Watch the extension's persistent storage (storage.onChanged reaches every page of the extension).
      await ext.inExtension((api) => {
        const g = globalThis as unknown as { localWrites: string[] };
        g.localWrites = [];
        api.storage.onChanged.addListener((changes, area) => {
          if (area === 'local') g.localWrites.push(...Object.keys(changes));
        });
      });
      const localWrites = () => ext.inExtension(() => (globalThis as unknown as { localWrites: string[] }).localWrites);

      for (let i = 0; i < 3; i++) {
        const hits = server.hits('/etag.json');
        await options.getByRole('button', { name: 'Refresh Etag Desk' }).click();
        await expect.poll(() => server.hits('/etag.json')).toBe(hits + 1);
      }
      // Give a write, if any were coming, the time to land.
      await new Promise((r) => setTimeout(r, 500));
      expect(statuses).toEqual([200, 304, 304, 304]);
      // Only the check schedule (when each feed was checked and is checked next, which a restart must know).
      expect(new Set(await localWrites())).toEqual(new Set(['checkSchedule']));

      etag = '"v2"';
      doc = feedDocument(
        server.origin,
        [
          { id: '2', title: 'Second', hoursAgo: 0.5 },
          { id: '1', title: 'First', hoursAgo: 1 },
        ],
        'Etag Desk',
      );
      await options.getByRole('button', { name: 'Refresh Etag Desk' }).click();
      await expect.poll(() => options.feedList().innerText()).toMatch(/2 posts/);
      expect(statuses).toEqual([200, 304, 304, 304, 200]);
      // The new ETag's posts: that feed's own keys and the index, whichever of them changed (these posts cite no
      // source, so a browser may report `sources:` or not), and the popup's kept first screen, set aside in the same
      // write and composed again.
      const kinds = [...new Set((await localWrites()).map((key) => key.replace(/:.*/, ':')))];
      expect(kinds).toEqual(expect.arrayContaining(['feed:', 'posts:', 'storeIndex', 'composedScreen']));
      const expected = ['feed:', 'posts:', 'sources:', 'storeIndex', 'checkSchedule', 'composedScreen'];
      expect(kinds.every((kind) => expected.includes(kind))).toBe(true);
      expect(await ext.waitForBadge('2')).toBe('2');
    });
  });

  describe('RSS, Atom and feed discovery', () => {
    it('follows an RSS 2.0 feed and an Atom feed (served as text/xml) and shows their posts with their sources', async () => {
      const ext = await e2e.launch(browser);
      const { server } = e2e;
      server.route('/rss.xml', (_q, res) =>
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('rss2-astro.xml')),
      );
      server.route('/atom', (_q, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(fixture('atom.xml')));
      const options = await ext.openOptions();
      await options.addFeed(server.url('/rss.xml'));
      await expect.poll(() => options.status().innerText()).toBe('Added “AI Safety Brief” with 2 posts.');
      await options.addFeed(server.url('/atom'));
      await expect.poll(() => options.status().innerText()).toBe('Added “Atom Desk” with 3 posts.');

      const popup = await ext.openPopup();
      await expect
        .poll(() => popup.titles())
        .toEqual([
          'Related link entry',
          'Rising Threat of AI in Creating Child Abuse Images',
          'Via entry with its own base',
          'Out-of-line content',
          'Evals Week',
        ]);
      const seed = popup.article('Rising Threat of AI in Creating Child Abuse Images');
      expect(await seed.getByRole('link', { name: 'Source: reuters.com' }).getAttribute('href')).toBe(
        'https://www.reuters.com/technology/us-prosecutors-see-rising-threat-2024-10-17/',
      );
      expect(await seed.innerText()).toMatch(/Friedrich Nihat Röben/);
      expect(
        await popup.article('Via entry with its own base').getByRole('link', { name: 'Source: ft.com' }).count(),
      ).toBe(1);
      // 2024 posts are older than a week when first seen: no badge.
      expect(await ext.badgeText()).toBe('');
    });

    it('offers the feed a web page links, and follows it with one click', async () => {
      const ext = await e2e.launch(browser);
      const { server } = e2e;
      server.html(
        '/blog/',
        '<!doctype html><html><head><title>Blog</title><link rel="alternate" type="application/rss+xml" title="Blog posts" href="/blog/rss.xml"></head><body>Welcome</body></html>',
      );
      server.route('/blog/rss.xml', (_q, res) =>
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('rss2-astro.xml')),
      );
      const options = await ext.openOptions();
      await options.addFeed(server.url('/blog/'));
      await expect
        .poll(() => options.status().innerText())
        .toBe('This address is a web page, not a feed. The page links a feed: use it instead.');
      const offered = options.getByRole('list', { name: 'Feeds this page links' });
      expect(await offered.innerText()).toMatch(/Blog posts \(RSS, 127\.0\.0\.1\)/);
      await offered.getByRole('button', { name: 'Follow this feed' }).click();
      await expect.poll(() => options.status().innerText()).toBe('Added “AI Safety Brief” with 2 posts.');
      expect(await offered.count()).toBe(0);
      expect(await options.feedList().innerText()).toMatch(/127\.0\.0\.1:\d+\/blog\/rss\.xml/);
    });
  });

  // Chromium MV3 only: Firefox's MV2 background page is not stopped by the browser mid-task.
  if (browser === 'chromium') {
    describe('a service worker stopped in the middle of a sync', () => {
      it('keeps the feeds that finished; the next sync completes; read state and badge are right', async () => {
        const ext = await e2e.launch(browser);
        const { server } = e2e;
        server.json(
          '/quick.json',
          feedDocument(server.origin, [{ id: 'q1', title: 'Quick one', hoursAgo: 1 }], 'Quick Desk'),
        );
        server.json(
          '/later.json',
          feedDocument(server.origin, [{ id: 'l1', title: 'Later one', hoursAgo: 1 }], 'Later Desk'),
        );
        const options = await ext.openOptions();
        for (const path of ['/quick.json', '/later.json']) {
          await options.addFeed(server.url(path));
          await expect.poll(() => options.status().innerText()).toMatch(/^Added/);
        }
        const popup = await ext.openPopup();
        await popup.article('Quick one').getByRole('button', { name: 'Mark read' }).click();
        await expect
          .poll(() => popup.article('Quick one').getByRole('button', { name: 'Mark unread' }).count())
          .toBe(1);
        await popup.close();
        expect(await ext.waitForBadge('')).toBe('');

        // Both feeds get a new post; one answers at once, the other hangs until the worker is stopped.
        server.json(
          '/quick.json',
          feedDocument(
            server.origin,
            [
              { id: 'q2', title: 'Quick two', hoursAgo: 0.5 },
              { id: 'q1', title: 'Quick one', hoursAgo: 1 },
            ],
            'Quick Desk',
          ),
        );
        const hanging: ServerResponse[] = [];
        server.route('/later.json', (_q, res) => void hanging.push(res));
        await options.getByRole('button', { name: 'Refresh Quick Desk' }).click();
        await options.getByRole('button', { name: 'Refresh Later Desk' }).click();
        await expect.poll(() => options.feedList().innerText()).toMatch(/Quick Desk[\s\S]*2 posts/);
        await expect.poll(() => hanging.length).toBe(1);

        // Stop the worker as Chrome does when it idles out (MV3), while the second fetch is still open.
        const { context } = ext.chromium;
        const page = context.pages().find((p) => p.url().endsWith('/options.html'))!;
        const cdp = await context.newCDPSession(page);
        await cdp.send('ServiceWorker.enable');
        const workerStopped = new Promise<void>((resolve) =>
          cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
            if (versions.some((version) => version.runningStatus === 'stopped')) resolve();
          }),
        );
        await cdp.send('ServiceWorker.stopAllWorkers');
        await workerStopped;
        for (const res of hanging) res.destroy();

        server.json(
          '/later.json',
          feedDocument(
            server.origin,
            [
              { id: 'l2', title: 'Later two', hoursAgo: 0.4 },
              { id: 'l1', title: 'Later one', hoursAgo: 1.5 },
            ],
            'Later Desk',
          ),
        );
        // The next sync (a message wakes the worker again) completes the feed that was cut off.
        await options.getByRole('button', { name: 'Refresh Later Desk' }).click();
        await expect
          .poll(() => options.feedList().innerText(), { timeout: 20_000 })
          .toMatch(/Later Desk[\s\S]*2 posts/);
        // Nothing was lost: the finished feed's new post and the read mark are there; the badge counts both new posts.
        await expect.poll(() => ext.badgeText()).toBe('2');
        const after = await ext.openPopup();
        await expect.poll(() => after.titles()).toEqual(['Later two', 'Quick two', 'Quick one', 'Later one']);
        expect(await after.article('Quick one').getByRole('button', { name: 'Mark unread' }).count()).toBe(1);
      });
    });
  }
});
