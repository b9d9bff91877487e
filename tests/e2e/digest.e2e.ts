import { describe, expect, it } from 'vitest';
import { feedDocument } from './support/feedServer';
import { browsers, useE2E } from './support/fixture';
import { shiftsOf } from './support/layoutShifts';

// The first minutes with the extension, in every browser: the demo feed, following a blog, a feed that fails.

const e2e = useE2E();
const SEED_TITLE = 'Rising Threat of AI in Creating Child Abuse Images';

describe.each(browsers)('%s', (browser) => {
  describe('out of the box', () => {
    it('shows the demo feed built from the seed post, with links to the post and to Reuters', async () => {
      const ext = await e2e.launch(browser);
      const popup = await ext.openPopup();
      await expect.poll(() => popup.titles()).toContain(SEED_TITLE);
      const seed = popup.article(SEED_TITLE);
      await expect.poll(() => seed.innerText()).toMatch(/Friedrich Nihat Röben/);
      expect(await seed.innerText()).toMatch(/U\.S\. prosecutors/);
      const source = seed.getByRole('link', { name: 'Source: reuters.com' });
      expect(await source.getAttribute('href')).toBe(
        'https://www.reuters.com/technology/us-prosecutors-see-rising-threat-ai-generated-child-sex-abuse-imagery-2024-10-17/',
      );
      expect(await seed.getByRole('link', { name: 'Read the post' }).getAttribute('href')).toMatch(/^https:\/\//);
      // Newest first: the seed (18 Oct 2024) above the samples.
      expect((await popup.titles())[0]).toBe(SEED_TITLE);
      // Demo posts are older than a week, so they start as seen: no badge.
      expect(await ext.badgeText()).toBe('');
      expect(await popup.getByText('These are demo posts.').isVisible()).toBe(true);
      // Chrome runs the MV3 build (`action`), Firefox the MV2 one (`browserAction`): the badge above came from each.
      expect(
        await ext.inExtension((api) => [api.runtime.getManifest().manifest_version, !!api.action, !!api.browserAction]),
      ).toEqual(browser === 'chromium' ? [3, true, false] : [2, false, true]);
      // The source link shows the site's icon from the browser's cache where the browser has one to give
      // (Chrome's `favicon` permission); Firefox has no such cache for extensions, so no icon and no request.
      expect(await source.locator('img.favicon').count()).toBe(browser === 'chromium' ? 1 : 0);
    });
  });

  describe('following a blog', () => {
    it('adds a feed in the options page, badges its new posts, lists them, and clears the badge when the popup opens', async () => {
      const ext = await e2e.launch(browser);
      const { server } = e2e;
      server.json(
        '/feed.json',
        feedDocument(server.origin, [
          {
            id: '1',
            title: 'Labs sign safety pledge',
            hoursAgo: 1,
            external_url: 'https://www.reuters.com/technology/pledge/',
            tags: ['Policy'],
          },
          { id: '2', title: 'New eval suite released', hoursAgo: 5, tags: ['Evals'], authors: [{ name: 'Grace' }] },
          { id: '3', title: 'Archive post', hoursAgo: 24 * 30 },
        ]),
      );
      const options = await ext.openOptions();
      // The page is drawn at once, not section by section: nothing moves from under the reader's pointer.
      await expect.poll(() => options.feedList().getByRole('listitem').count()).toBe(1);
      expect(await shiftsOf(options.tab, 'button', 'Refresh all feeds now'), 'layout shifts').toEqual(
        browser === 'chromium' ? [] : undefined,
      );
      await options.addFeed(server.url('/feed.json'));
      await expect.poll(() => options.status().innerText()).toBe('Added “Local Desk” with 3 posts.');
      await expect.poll(() => options.feedList().innerText()).toMatch(/Local Desk[\s\S]*3 posts/);
      // Two posts from the last week are new; the month-old one is not.
      expect(await ext.waitForBadge('2')).toBe('2');

      const popup = await ext.openPopup();
      await expect
        .poll(() => popup.titles())
        .toEqual(['Labs sign safety pledge', 'New eval suite released', 'Archive post']);
      const first = popup.article('Labs sign safety pledge');
      expect(await first.getByRole('link', { name: 'Labs sign safety pledge' }).getAttribute('href')).toBe(
        server.url('/posts/1'),
      );
      expect(await first.getByRole('link', { name: 'Source: reuters.com' }).getAttribute('href')).toBe(
        'https://www.reuters.com/technology/pledge/',
      );
      expect(await first.getByText('New', { exact: true }).count()).toBe(1);
      // The demo feed stepped aside.
      expect(await popup.titles()).not.toContain(SEED_TITLE);
      expect(await ext.waitForBadge('')).toBe('');

      // Opening a post marks it read; its unread marker goes.
      expect(await first.getByRole('img', { name: 'Unread' }).count()).toBe(1);
      await first.getByRole('link', { name: 'Read the post' }).click();
      await ext.waitForTab((url) => url === server.url('/posts/1'));
      await expect.poll(() => first.getByRole('img', { name: 'Unread' }).count()).toBe(0);

      // Filter by tag and search.
      await popup.bringToFront();
      await popup.tagFilter('Evals').click();
      await expect.poll(() => popup.titles()).toEqual(['New eval suite released']);
      await popup.getByRole('button', { name: 'Evals', pressed: true }).first().click();
      await popup.search('pledge');
      await expect.poll(() => popup.titles()).toEqual(['Labs sign safety pledge']);
    });

    it('says why a feed cannot be added, and adds nothing', async () => {
      const ext = await e2e.launch(browser);
      const { server } = e2e;
      server.html('/login', '<!doctype html><html><body><form>Sign in</form></body></html>');
      const options = await ext.openOptions();
      await options.addFeed(server.url('/missing.json'));
      await expect
        .poll(() => options.status().innerText())
        .toBe('The feed was not found (HTTP 404). Check the address.');
      await options.addFeed(server.url('/login'));
      await expect.poll(() => options.status().innerText()).toMatch(/web page, not a feed/);
      expect(await options.feedList().innerText()).toMatch(/AI Safety Brief \(demo\)/);
      expect(await options.feedList().getByRole('listitem').count()).toBe(1);
    });

    it('keeps the last good posts and says what is wrong when the feed breaks, across a browser restart', async () => {
      let ext = await e2e.launch(browser);
      const { server } = e2e;
      server.json(
        '/flaky.json',
        feedDocument(server.origin, [{ id: 'a', title: 'Still here', hoursAgo: 2 }], 'Flaky Desk'),
      );
      const options = await ext.openOptions();
      await options.addFeed(server.url('/flaky.json'));
      await expect.poll(() => options.status().innerText()).toMatch(/Added/);

      server.route('/flaky.json', (_req, res) => res.writeHead(500).end('boom'));
      const popup = await ext.openPopup();
      await popup.refresh();
      await expect
        .poll(() => popup.feedProblems().innerText())
        .toMatch(/Flaky Desk: The feed's server had an error \(HTTP 500\)/);
      expect(await popup.feedProblems().innerText()).toMatch(/Showing the last post we got/);
      expect(await popup.titles()).toEqual(['Still here']);

      // Read state survives the failure, and a browser restart.
      await popup.article('Still here').getByRole('button', { name: 'Mark read' }).click();
      await expect.poll(() => popup.article('Still here').getByRole('button', { name: 'Mark unread' }).count()).toBe(1);
      ext = await ext.restart();
      const again = await ext.openPopup();
      await expect.poll(() => again.titles()).toEqual(['Still here']);
      expect(await again.article('Still here').getByRole('button', { name: 'Mark unread' }).count()).toBe(1);
    });
  });
});
