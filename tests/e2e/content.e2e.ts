import { describe, expect, it } from 'vitest';
import type { Extension } from './support/extension';
import { feedDocument } from './support/feedServer';
import { browsers, useE2E } from './support/fixture';

// The summary card on source pages and feed discovery on blogs, in every browser. The reader grants
// http(s)://127.0.0.1 when opting in (Chromium: granted up front in the test build, as no prompt can be answered
// headless; Firefox: asked for real, the prompt answered by the test profile); localhost is never granted.

const e2e = useE2E();
const page = (body: string, head = '') =>
  `<!doctype html><html><head><meta charset="utf-8"><title>Page</title>${head}</head><body>${body}</body></html>`;
const LOOPBACK = ['http://127.0.0.1/*', 'https://127.0.0.1/*'];

async function followBlog(ext: Extension) {
  const { server } = e2e;
  server.json(
    '/blog/feed.json',
    feedDocument(
      server.origin,
      [
        {
          id: 's1',
          title: 'Prosecutors and AI imagery',
          hoursAgo: 1,
          summary: 'What the story says, in short.',
          tags: ['Policy', 'Misuse'],
          external_url: `${server.origin}/news/story-1/`,
        },
        { id: 's2', title: 'Chip rules, explained', hoursAgo: 2, external_url: `${server.origin}/news/story-2` },
      ],
      'Safety Blog',
    ),
  );
  const options = await ext.openOptions();
  await options.addFeed(server.url('/blog/feed.json'));
  await expect.poll(() => options.status().innerText()).toMatch(/^Added “Safety Blog”/);
  return options;
}

describe.each(browsers)('%s', (browser) => {
  describe('the summary card', () => {
    it('is absent until the reader opts the site in; then shows the post; "Don’t show on this site" sticks', async () => {
      const ext = await e2e.launch(browser, { grantOrigins: LOOPBACK });
      const { server } = e2e;
      server.route('/news/story-1', (_q, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end(page('<h1>The story</h1><p>Text.</p>')),
      );
      const options = await followBlog(ext);

      const story = await ext.openPage(`${server.origin}/news/story-1?utm_source=newsletter#top`);
      expect(await ext.registeredCardMatches()).toEqual([]);
      await new Promise((r) => setTimeout(r, 500));
      expect((await story.readCard()).present).toBe(false);

      await options.showSummariesOn('127.0.0.1');
      await expect.poll(() => ext.registeredCardMatches()).toEqual(LOOPBACK);
      if (browser === 'firefox') {
        // Firefox asked for both origins when the box was ticked, and granted them (the test profile's answer).
        expect(
          await ext.inExtension(async (api) =>
            (await api.permissions.getAll()).origins?.filter((o) => o.includes('127.0.0.1')).sort(),
          ),
        ).toEqual(LOOPBACK);
      }
      await story.reload();
      await expect.poll(() => story.readCard().then((card) => card.present)).toBe(true);
      const card = await story.readCard();
      expect(card.text).toMatch(/Summarised by Safety Blog/);
      expect(card.text).toMatch(
        /Prosecutors and AI imagery[\s\S]*What the story says, in short\.[\s\S]*Policy[\s\S]*Misuse/,
      );
      expect(card.links.find((link) => link.name === 'Read the post')?.href).toBe(`${server.origin}/posts/s1`);
      // Keyboard: its controls are in the page's tab order.
      expect(await story.focusCardLink('Read the post')).toBe(true);

      // Close: gone for this page view. "Don't show on this site": gone, and not back after a reload.
      await story.clickInCard('Close');
      await expect.poll(() => story.cardCount()).toBe(0);
      await story.reload();
      await expect.poll(() => story.cardCount()).toBe(1);
      await story.clickInCard('Don’t show on this site');
      await expect.poll(() => ext.registeredCardMatches()).toEqual([]);
      await story.reload();
      await new Promise((r) => setTimeout(r, 500));
      expect(await story.cardCount()).toBe(0);
      await options.reload();
      await expect.poll(() => options.getByLabel('Show summaries on 127.0.0.1').isChecked()).toBe(false);
    });

    it.each(['light', 'dark'] as const)('meets WCAG 2.2 AA (axe-core), %s', async (colorScheme) => {
      const ext = await e2e.launch(browser, { grantOrigins: LOOPBACK, colorScheme });
      const { server } = e2e;
      server.route('/news/story-1', (_q, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end(page('<h1>The story</h1><p>Text.</p>')),
      );
      const options = await followBlog(ext);
      await options.showSummariesOn('127.0.0.1');
      const story = await ext.openPage(`${server.origin}/news/story-1/`);
      await expect.poll(() => story.readCard().then((card) => card.present)).toBe(true);
      expect(await story.cardViolations()).toEqual([]);
    });

    it('is still there after a browser restart', async () => {
      // Firefox has no persistAcrossSessions, and here both browsers load the extension afresh at launch: the
      // extension registers the card again when it starts (without that, this fails in both).
      let ext = await e2e.launch(browser, { grantOrigins: LOOPBACK });
      const { server } = e2e;
      server.route('/news/story-1', (_q, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end(page('<h1>The story</h1>')),
      );
      const options = await followBlog(ext);
      await options.showSummariesOn('127.0.0.1');
      ext = await ext.restart();
      await expect.poll(() => ext.registeredCardMatches()).toEqual(LOOPBACK);
      const story = await ext.openPage(`${server.origin}/news/story-1/`);
      await expect.poll(() => story.readCard().then((card) => card.heading)).toBe('Prosecutors and AI imagery');
    });

    it('is never shown on a site whose origin was not granted (localhost), even if listed', async () => {
      const ext = await e2e.launch(browser, { grantOrigins: LOOPBACK });
      const { server } = e2e;
      server.route('/news/story-1', (_q, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end(page('<h1>The story</h1>')),
      );
      await followBlog(ext);
      // Even a stored opt-in for localhost registers nothing without the browser's grant.
      await ext.seedStorage('local', { cardSites: { sites: ['localhost'] }, cardSites$: { v: 1 } });
      await ext.inExtension((api) =>
        api.runtime.sendMessage({ type: 'setCardSite', site: 'localhost', enabled: true }).catch(() => null),
      );
      expect(await ext.registeredCardMatches()).toEqual([]);
      const story = await ext.openPage(`${server.origin.replace('127.0.0.1', 'localhost')}/news/story-1/`);
      await new Promise((r) => setTimeout(r, 800));
      expect(await story.cardCount()).toBe(0);
    });

    it('survives a hostile page and leaks nothing to it; follows single-page navigation', async () => {
      const ext = await e2e.launch(browser, { grantOrigins: LOOPBACK });
      const { server } = e2e;
      const hostile = page(
        `<h1>Hostile</h1><a id="go" href="#">next</a>
         <script>
           window.fetch = () => { throw new Error('no fetch for you'); };
           Array.prototype.map = function () { return []; };
           Array.prototype.push = function () { return 0; };
           JSON.parse = () => ({ hacked: true });
           document.getElementById('go').onclick = (e) => { e.preventDefault(); history.pushState({}, '', '/news/story-2'); };
         </script>`,
        '<style>* { all: unset !important; display: none !important; } html, body { display: block !important; }</style>',
      );
      server.route('/news/story-1', (_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(hostile));
      const options = await followBlog(ext);
      await options.showSummariesOn('127.0.0.1');

      const story = await ext.openPage(`${server.origin}/news/story-1`);
      expect(await story.isVisible('h1')).toBe(false); // the page's CSS hides everything, itself included
      await expect.poll(() => story.cardCount()).toBe(1);
      const card = await story.readCard();
      expect(card.visible).toBe(true);
      expect(card.heading).toBe('Prosecutors and AI imagery');
      // The page's own world sees no extension API and no data beyond the text on screen.
      expect(
        await story.evaluate(
          () =>
            typeof (window as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime
              ?.sendMessage,
        ),
      ).toBe('undefined');
      expect(await story.evaluate(() => typeof (window as unknown as { browser?: unknown }).browser)).toBe('undefined');
      expect(await story.evaluate(() => Object.keys(window).filter((k) => /brief|safety|wxt/i.test(k)).length)).toBe(0);

      // Single-page navigation (history.pushState) to another covered story: the card follows.
      await story.evaluate(() => document.getElementById('go')!.click());
      await expect
        .poll(() => story.readCard().then((c) => c.heading), { timeout: 10_000 })
        .toBe('Chip rules, explained');
      expect(await story.cardCount()).toBe(1);
    });
  });

  describe('feed discovery on a blog', () => {
    it('offers the feed a blog page advertises in the popup, and follows it in one click', async () => {
      const ext = await e2e.launch(browser);
      const { server } = e2e;
      server.json(
        '/otherblog/feed.json',
        feedDocument(server.origin, [{ id: 'o1', title: 'A post from the other blog', hoursAgo: 1 }], 'Other Blog'),
      );
      server.route('/otherblog/', (_q, res) =>
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            page(
              '<h1>Other blog</h1>',
              '<link rel="alternate" type="application/feed+json" title="Other Blog feed" href="/otherblog/feed.json">',
            ),
          ),
      );
      await ext.openPage(`${server.origin}/otherblog/`);
      const popup = await ext.openPopupWindow();
      const offer = popup.getByRole('region', { name: 'This site has a feed' });
      await expect.poll(() => offer.innerText()).toMatch(/Other Blog feed/);
      await offer.getByRole('button', { name: 'Follow this feed' }).click();
      await expect.poll(() => popup.getByText(/Added “Other Blog” with 1 post\./).count()).toBe(1);
      await expect.poll(() => popup.titles()).toContain('A post from the other blog');
    });
  });
});
