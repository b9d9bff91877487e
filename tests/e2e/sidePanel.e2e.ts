import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { feedDocument } from './support/feedServer';
import { browsers, useE2E } from './support/fixture';
import { shiftsOf } from './support/layoutShifts';

// The digest beside the page: the side panel (Chrome) or sidebar (Firefox) shows the popup's list and filters, and
// stays open while the reader opens sources in tabs. Opened here as a page, as the popup is.

const e2e = useE2E();

describe.each(browsers)('%s', (browser) => {
  it('shows the same list and filters, counts as seen while open, and follows the active tab for "About this page"', async () => {
    const ext = await e2e.launch(browser);
    const { server } = e2e;
    for (const story of ['one', 'two']) {
      server.route(`/news/${story}`, (_q, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>Story ${story}</title>`),
      );
    }
    const posts = [
      { id: 'p1', title: 'About story one', hoursAgo: 1, tags: ['Policy'], external_url: `${server.origin}/news/one` },
      { id: 'p2', title: 'About story two', hoursAgo: 2, tags: ['Evals'], external_url: `${server.origin}/news/two` },
    ];
    await e2e.follow(ext, '/panel.json', posts);
    expect(await ext.waitForBadge('2')).toBe('2');

    const panel = await ext.openSidePanel();
    await expect.poll(() => panel.titles()).toEqual(['About story one', 'About story two']);
    // The panel may not follow every tab yet: its header offers to, from the first frame, so nothing below it moves
    // under the reader's pointer when the page finishes loading (a filter clicked then would miss).
    await expect.poll(() => panel.getByText('Follow the page I’m on').count()).toBe(1);
    expect(await shiftsOf(panel.tab, '.toolbar'), 'layout shifts of the filters').toEqual(
      browser === 'chromium' ? [] : undefined,
    );
    // Opening the panel counts as seeing what it shows, as the popup does.
    expect(await ext.waitForBadge('')).toBe('');
    // The popup's filters, the same ones.
    await panel.tagFilter('Evals').click();
    await expect.poll(() => panel.titles()).toEqual(['About story two']);
    await panel.tagFilter('Evals').click();
    expect(await axeViolations(panel.tab), 'side panel').toEqual([]);

    // A post that arrives while the panel is open shows up in it and is seen: no badge for what the reader sees.
    server.json(
      '/panel.json',
      feedDocument(server.origin, [{ id: 'p0', title: 'Arrived while open', hoursAgo: 0.5 }, ...posts]),
    );
    await panel.refresh();
    await expect.poll(() => panel.titles()).toContain('Arrived while open');
    expect(await ext.waitForBadge('')).toBe('');

    // The reader opens a story in a tab, then another: "About this page" follows the tab they are on.
    const about = panel.getByRole('region', { name: 'About this page' });
    const tab = await ext.openPage(`${server.origin}/news/one`);
    await expect
      .poll(() => about.getByTestId('article').allInnerTexts())
      .toEqual([expect.stringContaining('About story one')]);
    await tab.evaluate((url) => void (location.href = url), `${server.origin}/news/two`);
    await expect
      .poll(() => about.getByTestId('article').allInnerTexts())
      .toEqual([expect.stringContaining('About story two')]);
  });

  it('is opened from the popup, which offers it where the browser has one', async () => {
    const ext = await e2e.launch(browser);
    const popup = await ext.openPopup();
    await expect.poll(() => popup.getByRole('button', { name: 'Open beside the page' }).count()).toBe(1);
  });
});
