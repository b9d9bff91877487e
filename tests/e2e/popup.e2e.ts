import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type LaunchedExtension } from './support/extension';
import { feedDocument, startFeedServer, type FeedServer } from './support/feedServer';
import { openOptions, openPopup } from './support/pages';

// The popup as a reader uses it: filters that stick, search, read state and the badge, "About this page",
// the keyboard, dark mode, German, thousands of posts, and no accessibility violations.

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

const POSTS = [
  { id: 'p1', title: 'Frontier labs publish evals', hoursAgo: 1, tags: ['Evals', 'Policy'], external_url: 'https://www.reuters.com/technology/evals-1/' },
  { id: 'p2', title: 'Chip export rules tighten', hoursAgo: 2, tags: ['Policy'] },
  { id: 'p3', title: 'Interpretability notes', hoursAgo: 3, tags: ['Research'] },
  { id: 'p4', title: 'Deepfake election ads', hoursAgo: 4, tags: ['Misuse', 'Policy'] },
];

async function followFeed(launched: LaunchedExtension, path: string, items: Parameters<typeof feedDocument>[1], title = 'Local Desk') {
  server.json(path, feedDocument(server.origin, items, title));
  const options = await openOptions(launched.context, launched.id);
  await options.addFeed(server.url(path));
  await expect.poll(() => options.status().innerText(), { timeout: 20_000 }).toMatch(/^Added/);
  await options.page.close();
}

async function focusedKey(page: Page) {
  return page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.key ?? document.activeElement?.tagName);
}

describe('finding posts', () => {
  it('filters by tag (remembered), searches, shows unread only, and the badge follows read state', async () => {
    ext = await launchExtension();
    await followFeed(ext, '/filters.json', POSTS);
    expect(await ext.waitForBadge('4')).toBe('4');

    let popup = await openPopup(ext.context, ext.id);
    await expect.poll(() => popup.titles()).toEqual(POSTS.map((p) => p.title));
    expect(await ext.waitForBadge('')).toBe('');

    // A tag chip filters; the choice is remembered when the popup opens again.
    await popup.page.getByRole('list', { name: 'Filter by tag' }).first().getByRole('button', { name: 'Policy' }).click();
    await expect.poll(() => popup.titles()).toEqual(['Frontier labs publish evals', 'Chip export rules tighten', 'Deepfake election ads']);
    await popup.page.close();
    popup = await openPopup(ext.context, ext.id);
    await expect.poll(() => popup.titles()).toEqual(['Frontier labs publish evals', 'Chip export rules tighten', 'Deepfake election ads']);
    expect(await popup.page.getByText('3 of 4 posts').isVisible()).toBe(true);

    // Search narrows further (title, summary, tags); clearing it restores the tag view.
    await popup.search('deepfake');
    await expect.poll(() => popup.titles()).toEqual(['Deepfake election ads']);
    await popup.search('');
    expect(await popup.titles()).toHaveLength(3);
    await popup.page.getByRole('list', { name: 'Filter by tag' }).first().getByRole('button', { name: 'Policy' }).click();
    await expect.poll(() => popup.titles()).toHaveLength(4);

    // Read state: mark one read, unread-only hides it, mark it unread again, mark all read.
    await popup.article('Chip export rules tighten').getByRole('button', { name: 'Mark read' }).click();
    await popup.page.getByLabel('Unread only').check();
    await expect.poll(() => popup.titles()).toEqual(['Frontier labs publish evals', 'Interpretability notes', 'Deepfake election ads']);
    await popup.page.getByLabel('Unread only').uncheck();
    await popup.article('Chip export rules tighten').getByRole('button', { name: 'Mark unread' }).click();
    await expect.poll(() => popup.article('Chip export rules tighten').getByRole('img', { name: 'Unread' }).count()).toBe(1);
    await popup.page.getByRole('button', { name: 'Mark all read' }).click();
    await expect.poll(() => popup.page.getByRole('img', { name: 'Unread' }).count()).toBe(0);

    // A new post: the badge counts it; opening the popup marks it New and clears the badge.
    await popup.page.close();
    server.json('/filters.json', feedDocument(server.origin, [{ id: 'p5', title: 'Responsible scaling update', hoursAgo: 0.5 }, ...POSTS]));
    const options = await openOptions(ext.context, ext.id);
    await options.page.getByRole('button', { name: 'Refresh Local Desk' }).click();
    expect(await ext.waitForBadge('1')).toBe('1');
    popup = await openPopup(ext.context, ext.id);
    await expect.poll(() => popup.article('Responsible scaling update').getByText('New', { exact: true }).count()).toBe(1);
    expect(await ext.waitForBadge('')).toBe('');
  });

  it('starts the AI-safety topic filter on for a feed that mixes topics, and follows the terms edited in options', async () => {
    ext = await launchExtension();
    const mixed = [
      ...['AI safety institute report', 'New interpretability tools', 'Alignment workshop notes', 'Deepfake laws spread'].map((title, i) => ({ id: `s${i}`, title, hoursAgo: i + 1 })),
      ...Array.from({ length: 8 }, (_, i) => ({ id: `g${i}`, title: `Gadget review ${i}`, hoursAgo: i + 10 })),
    ];
    await followFeed(ext, '/mixed.json', mixed, 'Tech Desk');
    let popup = await openPopup(ext.context, ext.id);
    await expect.poll(() => popup.titles()).toEqual(['AI safety institute report', 'New interpretability tools', 'Alignment workshop notes', 'Deepfake laws spread']);
    expect(await popup.page.getByLabel('AI safety only').isChecked()).toBe(true);
    await popup.page.getByLabel('AI safety only').uncheck();
    await expect.poll(() => popup.articles.count()).toBeGreaterThan(4);
    await popup.page.getByLabel('AI safety only').check();
    await popup.page.close();

    const options = await openOptions(ext.context, ext.id);
    await options.page.getByLabel('Topic terms').fill('gadget');
    await options.page.getByRole('button', { name: 'Save topics' }).click();
    await expect.poll(() => options.page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
    popup = await openPopup(ext.context, ext.id);
    await expect.poll(() => popup.titles().then((titles) => titles.every((title) => title.startsWith('Gadget review')) && titles.length > 0)).toBe(true);
  });

  it('shows the post about the page in the current tab first, as "About this page"', async () => {
    ext = await launchExtension();
    // The post's source has tracking parameters dropped, `www.`-less host and a trailing slash: it still matches.
    server.route('/news/story', (_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Story</title><h1>The story</h1>'));
    await followFeed(ext, '/about.json', [
      { id: 'a1', title: 'Newest post, about something else', hoursAgo: 1 },
      { id: 'a2', title: 'The post about this story', hoursAgo: 5, external_url: `${server.origin}/news/story/` },
    ]);
    const story = await ext.context.newPage();
    await story.goto(`${server.origin}/news/story?utm_source=newsletter&utm_medium=email#comments`);
    // The toolbar popup is not a page Playwright can open; a popup window of its own leaves the story the active tab.
    const popupPage = ext.context.waitForEvent('page', (p) => p.url().includes('popup.html'));
    await ext.worker.evaluate((url) => chrome.windows.create({ type: 'popup', url, width: 420, height: 600 }), `chrome-extension://${ext.id}/popup.html`);
    const popup = await openPopup(ext.context, ext.id, await popupPage, false);
    const about = popup.page.getByRole('region', { name: 'About this page' });
    await expect.poll(() => about.getByTestId('article').allInnerTexts()).toEqual([expect.stringContaining('The post about this story')]);
    // It is also in the list, in date order.
    await expect.poll(() => popup.titles()).toContain('Newest post, about something else');
  });
});

describe('keyboard', () => {
  it('moves with j/k and arrows, opens the post with Enter and the source with s, / searches, Esc clears', async () => {
    ext = await launchExtension();
    // One post's source is served locally, so the tab it opens can be checked without the real web.
    server.route('/source/interp', (_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Source</title>'));
    await followFeed(ext, '/keys.json', POSTS.map((p) => (p.id === 'p3' ? { ...p, external_url: `${server.origin}/source/interp` } : p)));
    const popup = await openPopup(ext.context, ext.id);
    await expect.poll(() => popup.titles()).toHaveLength(4);
    const keyOf = async (title: string) => popup.article(title).getAttribute('data-key');

    await popup.page.keyboard.press('j');
    expect(await focusedKey(popup.page)).toBe(await keyOf('Frontier labs publish evals'));
    await popup.page.keyboard.press('j');
    await popup.page.keyboard.press('ArrowDown');
    expect(await focusedKey(popup.page)).toBe(await keyOf('Interpretability notes'));
    await popup.page.keyboard.press('k');
    expect(await focusedKey(popup.page)).toBe(await keyOf('Chip export rules tighten'));
    // Focus is visible: the focused card has an outline.
    expect(await popup.page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');

    // Enter opens the post in a new tab and marks it read.
    const postTab = ext.context.waitForEvent('page');
    await popup.page.keyboard.press('Enter');
    expect((await postTab).url()).toBe(`${server.origin}/posts/p2`);
    await expect.poll(() => popup.article('Chip export rules tighten').getByRole('img', { name: 'Unread' }).count()).toBe(0);

    // s opens the original source of the focused post.
    await popup.page.bringToFront();
    await popup.article('Interpretability notes').focus();
    const sourceTab = ext.context.waitForEvent('page');
    await popup.page.keyboard.press('s');
    const source = await sourceTab;
    await source.waitForLoadState();
    expect(source.url()).toBe(`${server.origin}/source/interp`);

    // / focuses the search; typing filters; Esc clears.
    await popup.page.bringToFront();
    await popup.page.keyboard.press('/');
    expect(await focusedKey(popup.page)).toBe('INPUT');
    await popup.page.keyboard.type('interp');
    await expect.poll(() => popup.titles()).toEqual(['Interpretability notes']);
    await popup.page.keyboard.press('Escape');
    await expect.poll(() => popup.titles()).toHaveLength(4);
    expect(await popup.page.getByRole('searchbox', { name: 'Search posts' }).inputValue()).toBe('');
  });
});

describe('looks and languages', () => {
  it('follows a dark system theme', async () => {
    ext = await launchExtension({ colorScheme: 'dark' });
    const popup = await openPopup(ext.context, ext.id);
    await expect.poll(() => popup.titles()).not.toHaveLength(0);
    expect(await popup.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(22, 24, 29)');
    expect(await popup.page.evaluate(() => getComputedStyle(document.querySelector('.card__title a')!).color)).toBe('rgb(232, 234, 238)');
  });

  it('speaks German in the popup and the options page, with German dates, when the browser does', async () => {
    ext = await launchExtension({ locale: 'de' });
    server.json('/de.json', feedDocument(server.origin, POSTS.slice(0, 2)));
    const options = await openOptions(ext.context, ext.id);
    // Errors speak German too, whether the options page or the background words them.
    await options.page.getByLabel('Feed-URL').fill(server.url('/nowhere.json'));
    await options.page.getByRole('button', { name: 'Feed hinzufügen' }).click();
    await expect.poll(() => options.status().innerText()).toBe('Der Feed wurde nicht gefunden (HTTP 404). Prüfe die Adresse.');
    await options.page.getByLabel('Feed-URL').fill(server.url('/de.json'));
    await options.page.getByRole('button', { name: 'Feed hinzufügen' }).click();
    await expect.poll(() => options.status().innerText()).toBe('„Local Desk“ mit 2 Beiträgen hinzugefügt.');
    expect(await options.page.getByRole('heading', { name: 'Nach neuen Beiträgen suchen' }).count()).toBe(1);
    const popup = await openPopup(ext.context, ext.id);
    await expect.poll(() => popup.page.getByRole('searchbox', { name: 'Beiträge durchsuchen' }).count()).toBe(1);
    const card = popup.page.getByTestId('article').filter({ hasText: 'Frontier labs publish evals' });
    await expect.poll(() => card.innerText()).toMatch(/vor 1 Stunde/);
    expect(await card.innerText()).toMatch(/Beitrag lesen/);
    expect(await card.innerText()).toMatch(/Quelle: reuters\.com/);
    expect(await popup.page.getByRole('button', { name: 'Alle als gelesen markieren' }).count()).toBe(1);
  });
});

describe('offline and sizes', () => {
  it('says it is offline, shows the cached posts, and fits from 360 to 800 pixels wide', async () => {
    ext = await launchExtension();
    await followFeed(ext, '/offline.json', POSTS);
    const popup = await openPopup(ext.context, ext.id);
    await expect.poll(() => popup.titles()).toHaveLength(4);
    await ext.context.setOffline(true);
    await expect.poll(() => popup.page.locator('.popup__header').innerText()).toMatch(/Offline · updated (now|this minute|\d+ minutes? ago)/);
    expect(await popup.page.getByRole('button', { name: 'Refresh' }).isDisabled()).toBe(true);
    expect(await popup.titles()).toHaveLength(4);
    await ext.context.setOffline(false);
    await expect.poll(() => popup.page.locator('.popup__header').innerText()).toMatch(/Updated/);
    for (const width of [360, 800]) {
      await popup.page.setViewportSize({ width, height: 600 });
      // Nothing sticks out sideways: no horizontal scrolling at either end of the popup's range.
      expect(await popup.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${width}px`).toBe(true);
      expect(await popup.page.getByRole('searchbox', { name: 'Search posts' }).isVisible()).toBe(true);
    }
  });
});

describe('scale', () => {
  it('keeps 5,000 cached posts to a few dozen cards in the page, and still reaches the last one', async () => {
    ext = await launchExtension();
    const many = Array.from({ length: 5000 }, (_, i) => ({ id: `m${i}`, title: `Bulk post ${i}`, hoursAgo: 1 + i / 10, tags: [`t${i % 7}`] }));
    await followFeed(ext, '/many.json', many, 'Bulk Desk');
    const popup = await openPopup(ext.context, ext.id);
    await expect.poll(() => popup.titles().then((t) => t[0])).toBe('Bulk post 0');
    expect(await popup.articles.count()).toBeLessThan(40);
    await popup.page.locator('.popup__main').evaluate((main) => main.scrollTo(0, main.scrollHeight));
    await expect.poll(() => popup.titles()).toContain('Bulk post 4999');
    expect(await popup.articles.count()).toBeLessThan(40);
  });
});

describe('accessibility', () => {
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const violations = async (page: Page) => {
    await page.evaluate(axeSource);
    return page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
  };

  it('finds no axe-core violations in the popup and the options page, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      ext = await launchExtension({ colorScheme });
      // Every state on screen at once: new and unread posts, tags, a source link, and a feed that fails.
      await followFeed(ext, `/axe-${colorScheme}.json`, POSTS);
      await followFeed(ext, `/axe-broken-${colorScheme}.json`, [{ id: 'x', title: 'Soon broken', hoursAgo: 5 }], 'Broken Desk');
      server.route(`/axe-broken-${colorScheme}.json`, (_q, res) => res.writeHead(500).end());
      const options = await openOptions(ext.context, ext.id);
      await options.page.getByRole('button', { name: /^Refresh / }).last().click();
      await expect.poll(() => options.feedList().locator('.feed-list__error').count()).toBe(1);
      const popup = await openPopup(ext.context, ext.id);
      await expect.poll(() => popup.titles()).toHaveLength(5);
      await expect.poll(() => popup.page.locator('.badge-new').count()).toBeGreaterThan(0);
      await expect.poll(() => popup.feedProblems().count()).toBe(1);
      expect(await violations(popup.page), `popup, ${colorScheme}`).toEqual([]);
      await options.page.reload();
      await expect.poll(() => options.feedList().count()).toBe(1);
      expect(await violations(options.page), `options, ${colorScheme}`).toEqual([]);
      await ext.close();
      ext = undefined;
    }
  });
});

declare const chrome: { windows: { create(data: object): Promise<unknown> } };
