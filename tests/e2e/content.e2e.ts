import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type LaunchedExtension } from './support/extension';
import { feedDocument, startFeedServer, type FeedServer } from './support/feedServer';
import { openOptions, openPopup } from './support/pages';
import { summaryCard } from './support/summaryCard';

// The summary card on source pages and feed discovery on blogs, in real Chromium. The build grants
// http(s)://127.0.0.1 (standing in for the reader accepting the prompt); localhost is never granted. The card is in a
// closed shadow root, so tests read it through the extension (support/summaryCard.ts), never through the page.

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

const page = (body: string, head = '') => `<!doctype html><html><head><meta charset="utf-8"><title>Page</title>${head}</head><body>${body}</body></html>`;
/** Card host elements in the page: what the page itself can see of the card. */
const cardHosts = (p: Page) => p.locator('[data-ai-safety-brief-card]').count();

async function followBlog(launched: LaunchedExtension) {
  server.json('/blog/feed.json', feedDocument(server.origin, [
    { id: 's1', title: 'Prosecutors and AI imagery', hoursAgo: 1, summary: 'What the story says, in short.', tags: ['Policy', 'Misuse'], external_url: `${server.origin}/news/story-1/` },
    { id: 's2', title: 'Chip rules, explained', hoursAgo: 2, external_url: `${server.origin}/news/story-2` },
  ], 'Safety Blog'));
  const options = await openOptions(launched.context, launched.id);
  await options.addFeed(server.url('/blog/feed.json'));
  await expect.poll(() => options.status().innerText()).toMatch(/^Added “Safety Blog”/);
  return options;
}

async function optIn(optionsPage: Page, site: string) {
  // A controlled checkbox: it turns on once the browser granted the origin and the background registered the card.
  await optionsPage.getByLabel(`Show summaries on ${site}`).click();
  await expect.poll(() => optionsPage.getByLabel(`Show summaries on ${site}`).isChecked()).toBe(true);
}

const registeredMatches = (launched: LaunchedExtension) =>
  launched.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).flatMap((s) => s.matches ?? []));

describe('the summary card', () => {
  it('is absent until the reader opts the site in; then shows the post; "Don’t show on this site" sticks', async () => {
    ext = await launchExtension({ grantOrigins: ['http://127.0.0.1/*', 'https://127.0.0.1/*'] });
    server.route('/news/story-1', (_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page('<h1>The story</h1><p>Text.</p>')));
    const options = await followBlog(ext);

    const story = await ext.context.newPage();
    const shown = summaryCard(story, ext.id);
    await story.goto(`${server.origin}/news/story-1?utm_source=newsletter#top`);
    expect(await registeredMatches(ext)).toEqual([]);
    await story.waitForTimeout(500);
    expect(await cardHosts(story)).toBe(0);

    await optIn(options.page, '127.0.0.1');
    await expect.poll(() => registeredMatches(ext!).then((m) => m.sort())).toEqual(['http://127.0.0.1/*', 'https://127.0.0.1/*']);
    await story.reload();
    await expect.poll(() => shown.read().then((view) => view?.text)).toMatch(/Summarised by Safety Blog/);
    const view = (await shown.read())!;
    expect(view).toMatchObject({ count: 1, visible: true, link: `${server.origin}/posts/s1` });
    expect(view.text).toMatch(/Prosecutors and AI imagery[\s\S]*What the story says, in short\.[\s\S]*Policy[\s\S]*Misuse/);
    // Keyboard: its controls are in the page's tab order (the story page has nothing else to focus).
    await story.keyboard.press('Tab');
    expect(await shown.focused()).toBe('Close');
    expect(await story.evaluate(() => document.activeElement?.hasAttribute('data-ai-safety-brief-card'))).toBe(true);

    // Close: gone for this page view. "Don't show on this site": gone, and not back after a reload.
    await shown.click('Close');
    await expect.poll(() => cardHosts(story)).toBe(0);
    await story.reload();
    await expect.poll(() => shown.read().then((v) => v?.count)).toBe(1);
    await shown.click('Don’t show on this site');
    await expect.poll(() => registeredMatches(ext!)).toEqual([]);
    await story.reload();
    await story.waitForTimeout(500);
    expect(await cardHosts(story)).toBe(0);
    await options.page.reload();
    await expect.poll(() => options.page.getByLabel('Show summaries on 127.0.0.1').isChecked()).toBe(false);
  });

  it('is never shown on a site whose origin was not granted (localhost), even if listed', async () => {
    ext = await launchExtension({ grantOrigins: ['http://127.0.0.1/*', 'https://127.0.0.1/*'] });
    server.route('/news/story-1', (_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page('<h1>The story</h1>')));
    await followBlog(ext);
    // Even a stored opt-in for localhost registers nothing without the browser's grant.
    await ext.worker.evaluate(() => chrome.storage.local.set({ cardSites: { sites: ['localhost'] }, cardSites$: { v: 1 } }));
    const optionsPage = await ext.context.newPage();
    await optionsPage.goto(`chrome-extension://${ext.id}/options.html`);
    await optionsPage.evaluate(() => chrome.runtime.sendMessage({ type: 'setCardSite', site: 'localhost', enabled: true }));
    expect(await registeredMatches(ext)).toEqual([]);
    const story = await ext.context.newPage();
    await story.goto(`${server.origin.replace('127.0.0.1', 'localhost')}/news/story-1/`);
    await story.waitForTimeout(800);
    expect(await cardHosts(story)).toBe(0);
  });

  it('survives a hostile page and leaks nothing to it; follows single-page navigation', async () => {
    ext = await launchExtension({ grantOrigins: ['http://127.0.0.1/*', 'https://127.0.0.1/*'] });
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
    await optIn(options.page, '127.0.0.1');

    const story = await ext.context.newPage();
    const shown = summaryCard(story, ext.id);
    await story.goto(`${server.origin}/news/story-1`);
    expect(await story.locator('h1').isVisible()).toBe(false); // the page's CSS hides everything, itself included
    await expect.poll(() => shown.read().then((v) => v?.heading)).toBe('Prosecutors and AI imagery');
    expect(await shown.read()).toMatchObject({ count: 1, visible: true });
    // The page's own world sees no extension API and no data beyond the text on screen.
    expect(await story.evaluate(() => typeof (window as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage)).toBe('undefined');
    expect(await story.evaluate(() => Object.keys(window).filter((k) => /brief|safety|wxt/i.test(k)))).toEqual([]);

    // Single-page navigation (history.pushState) to another covered story: the card follows.
    await story.evaluate(() => document.getElementById('go')!.click());
    await expect.poll(() => shown.read().then((v) => v?.heading), { timeout: 10_000 }).toBe('Chip rules, explained');
    expect(await cardHosts(story)).toBe(1);
  });
});

describe('feed discovery on a blog', () => {
  it('offers the feed a blog page advertises in the popup, and follows it in one click', async () => {
    ext = await launchExtension();
    server.json('/otherblog/feed.json', feedDocument(server.origin, [{ id: 'o1', title: 'A post from the other blog', hoursAgo: 1 }], 'Other Blog'));
    server.route('/otherblog/', (_q, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(page('<h1>Other blog</h1>', '<link rel="alternate" type="application/feed+json" title="Other Blog feed" href="/otherblog/feed.json">')),
    );
    const blog = await ext.context.newPage();
    await blog.goto(`${server.origin}/otherblog/`);
    // The toolbar popup is not a page Playwright can open; a popup window of its own leaves the blog the active tab.
    const popupPage = ext.context.waitForEvent('page', (p) => p.url().includes('popup.html'));
    await ext.worker.evaluate((url) => chrome.windows.create({ type: 'popup', url, width: 420, height: 600 }), `chrome-extension://${ext.id}/popup.html`);
    const popup = await openPopup(ext.context, ext.id, await popupPage, false);
    const offer = popup.page.getByRole('region', { name: 'This site has a feed' });
    await expect.poll(() => offer.innerText()).toMatch(/Other Blog feed/);
    await offer.getByRole('button', { name: 'Follow this feed' }).click();
    await expect.poll(() => popup.page.getByText(/Added “Other Blog” with 1 posts?\./).count()).toBe(1);
    await expect.poll(() => popup.titles()).toContain('A post from the other blog');
  });
});

declare const chrome: {
  scripting: { getRegisteredContentScripts(): Promise<{ matches?: string[] }[]> };
  storage: { local: { set(items: object): Promise<void> } };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  windows: { create(data: object): Promise<unknown> };
};
