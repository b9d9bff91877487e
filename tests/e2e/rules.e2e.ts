import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { feedDocument } from './support/feedServer';
import { browsers, useE2E } from './support/fixture';
import type { Options } from './support/pages';

// The reader's rules (mute, only, alert) as a reader uses them, in every browser: written on the options page, and
// obeyed by the badge, the popup's list and the notifications.

const e2e = useE2E();

async function addRule(options: Options, kind: 'mute' | 'only' | 'alert', text: string, feed?: string) {
  await options.locator('#rule-kind').selectOption(kind);
  if (feed) {
    const option = options.locator('#rule-feed option').filter({ hasText: feed });
    await options.locator('#rule-feed').selectOption((await option.getAttribute('value'))!);
  }
  await options.getByLabel('Words or phrases').fill(text);
  await options.getByRole('button', { name: 'Add rule' }).click();
  await expect.poll(() => options.locator('#rules-status').innerText()).toBe('Rule added.');
}

describe.each(browsers)('%s', (browser) => {
  it('a muted word: the post leaves the list and the badge, and "1 muted" shows it with its rule', async () => {
    const ext = await e2e.launch(browser);
    await e2e.follow(ext, '/mute.json', [
      { id: 'c', title: 'Crypto winter deepens', hoursAgo: 1 },
      { id: 'a', title: 'Alignment paper out', hoursAgo: 2 },
      { id: 'b', title: 'Evals for agents', hoursAgo: 3 },
    ]);
    expect(await ext.waitForBadge('3')).toBe('3');
    const options = await ext.openOptions();
    await addRule(options, 'mute', 'crypto');
    // The rule applies to the posts already stored: nothing is fetched again.
    expect(await ext.waitForBadge('2')).toBe('2');
    // A rule that says nothing is refused, in words.
    await options.getByLabel('Words or phrases').fill('  ');
    await options.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(() => options.locator('#rules-status').innerText()).toMatch(/^Type a word/);

    const popup = await ext.openPopup();
    await expect.poll(() => popup.titles()).toEqual(['Alignment paper out', 'Evals for agents']);
    const toggle = popup.getByRole('button', { name: '1 muted' });
    await toggle.click();
    await expect.poll(() => popup.titles()).toContain('Crypto winter deepens');
    await expect
      .poll(() => popup.getByRole('region', { name: 'Muted posts' }).innerText())
      .toMatch(/Muted by the rule “crypto”[\s\S]*Crypto winter deepens/);
    await popup.close();

    // Unmuting brings it back.
    await options.getByRole('button', { name: /^Remove the rule Mute: crypto/ }).click();
    const again = await ext.openPopup();
    await expect
      .poll(() => again.titles())
      .toEqual(['Crypto winter deepens', 'Alignment paper out', 'Evals for agents']);
    expect(await again.getByRole('button', { name: /muted$/ }).count()).toBe(0);
  });

  it('applies to the whole stored archive, not only the newest posts', async () => {
    const ext = await e2e.launch(browser);
    const items = Array.from({ length: 24 }, (_, i) => ({
      id: `p${i}`,
      title: i % 4 === 0 ? `Crypto story ${i}` : `Story ${i}`,
      hoursAgo: i + 1,
    }));
    await e2e.follow(ext, '/archive.json', items);
    const options = await ext.openOptions();
    await addRule(options, 'mute', 'crypto');
    const popup = await ext.openPopup();
    await expect.poll(() => popup.getByRole('button', { name: '6 muted' }).count(), { timeout: 20_000 }).toBe(1);
    await expect
      .poll(() => popup.locator('.list__row').first().getAttribute('aria-setsize'), { timeout: 20_000 })
      .toBe('18');
  });

  it('an only-rule on one feed keeps just its matching posts; other feeds are untouched', async () => {
    const ext = await e2e.launch(browser);
    await e2e.follow(
      ext,
      '/tech.json',
      [
        { id: 't1', title: 'AI safety institute opens', hoursAgo: 1 },
        { id: 't2', title: 'New phone launched', hoursAgo: 2 },
      ],
      'Tech Desk',
    );
    await e2e.follow(ext, '/blog.json', [{ id: 'b1', title: 'Sports day', hoursAgo: 3 }], 'Blog Desk');
    const options = await ext.openOptions();
    await addRule(options, 'only', '"AI safety" alignment', 'Tech Desk');
    const popup = await ext.openPopup();
    await expect.poll(() => popup.titles()).toEqual(['AI safety institute opens', 'Sports day']);
    await popup.getByRole('button', { name: '1 muted' }).click();
    await expect
      .poll(() => popup.getByRole('region', { name: 'Muted posts' }).innerText())
      .toMatch(/matches no only-rule[\s\S]*New phone launched/);
  });

  it('an alert word notifies although the feed’s notifications are off; other posts of that feed do not', async () => {
    const ext = await e2e.launch(browser, { grantPermissions: ['notifications'] });
    const { server } = e2e;
    server.json(
      '/alert.json',
      feedDocument(server.origin, [{ id: 'old', title: 'Already here', hoursAgo: 3 }], 'Quiet Desk'),
    );
    const options = await ext.openOptions();
    await options.getByLabel('Notify me of new posts').click();
    await expect.poll(() => options.getByLabel('Notify me of new posts').isChecked()).toBe(true);
    await options.addFeed(server.url('/alert.json'));
    await expect.poll(() => options.status().innerText()).toMatch(/^Added/);
    const perFeed = options.getByLabel('Notify about Quiet Desk');
    await perFeed.click();
    await expect.poll(() => perFeed.isChecked()).toBe(false);
    await addRule(options, 'alert', 'recall');

    server.json(
      '/alert.json',
      feedDocument(
        server.origin,
        [
          { id: 'plain', title: 'Plain news', hoursAgo: 0.2 },
          { id: 'recall', title: 'Model recall announced', hoursAgo: 0.1 },
          { id: 'old', title: 'Already here', hoursAgo: 3 },
        ],
        'Quiet Desk',
      ),
    );
    // An hour on: the feed, checked when it was added, is due again.
    expect(await ext.makeFeedsDue()).toBe(true);
    await ext.firePollingAlarm();
    await expect
      .poll(() => ext.notificationIds(), { timeout: 15_000 })
      .toEqual([`asb:url:${server.origin}/posts/recall`]);
    // Firefox draws it in its own alert window (headless Chromium shows none): one post's notification, named by its
    // feed, and none for the plain post.
    if (browser === 'firefox') await expect.poll(() => ext.firefox.alertTexts()).toEqual(['Quiet Desk']);
  });

  it('meets WCAG 2.2 AA (axe-core) on the rules editor, with rules and a message, and on the muted posts', async () => {
    const ext = await e2e.launch(browser);
    await e2e.follow(ext, '/axe.json', [
      { id: 'x', title: 'Crypto again', hoursAgo: 1 },
      { id: 'y', title: 'Something else', hoursAgo: 2 },
    ]);
    const options = await ext.openOptions();
    await addRule(options, 'mute', 'crypto');
    await addRule(options, 'alert', '"frontier model"', 'Local Desk');
    await options.getByLabel('Words or phrases').fill('/(a+)+/');
    await options.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(() => options.locator('#rules-status').innerText()).toMatch(/too long to match/);
    expect(await axeViolations(options.tab, 'section[aria-labelledby="rules-heading"]')).toEqual([]);
    const popup = await ext.openPopup();
    await popup.getByRole('button', { name: '1 muted' }).click();
    await expect.poll(() => popup.titles()).toContain('Crypto again');
    expect(await axeViolations(popup.tab)).toEqual([]);
  });
});
