import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Timing } from '@/tests/unit/textTiming';
import { feedDocument } from './support/feedServer';
import { browsers, useE2E } from './support/fixture';
import { LONGEST_TICK_GAP_MS, START_TICK_PROBE } from './support/tickProbe';

/**
 * The text functions and the adversarial texts of the Node property test (tests/unit/textTiming.ts), bundled into
 * one script (esbuild comes with tsx) that an extension page of the browser under test runs: the same code the
 * built extension runs, in the browser's own regular-expression engine.
 */
async function textTimingScript(): Promise<string> {
  const entry = fileURLToPath(new URL('../unit/textTiming.ts', import.meta.url));
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const result = await build({
    stdin: {
      contents: `import * as timing from ${JSON.stringify(entry)}; globalThis.textTiming = timing;`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    alias: { '@': root },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

// The second hostile-input pass (issue #27), in the built extension, in every browser: a post's last line that
// stopped its feed in Firefox, and feed addresses that are not web addresses.

const e2e = useE2E();

describe.each(browsers)('%s', (browser) => {
  it('the text functions take less than 15 s on every 1 MB adversarial text, and never throw (too much recursion)', async () => {
    const ext = await e2e.launch(browser);
    const script = await textTimingScript();
    // The bundle runs as the driver's own evaluation (not the page's `eval`, which its CSP forbids).
    const timings = await ext.inExtensionScript<Timing[]>(
      `(() => { ${script}; const t = globalThis.textTiming; return t.timeTextFunctions(t.adversarialTexts(1024 * 1024)).slice(0, 5); })()`,
    );
    const slowest = timings[0]!;
    expect(timings.filter((t) => t.error)).toEqual([]);
    // The bound of lib/feed/textTiming.property.test.ts, and why.
    expect(slowest.ms, `${slowest.fn} on ${slowest.input}`).toBeLessThan(15_000);
  }, 180_000);

  it('a post whose summary ends "Source: https://…", 100,000 ")" and a letter (and a 1 MB run of "(" and "<"): the feed is added and its posts shown', async () => {
    const ext = await e2e.launch(browser);
    const { server } = e2e;
    server.json(
      '/brackets.json',
      feedDocument(server.origin, [
        {
          id: 'brackets',
          title: 'Ends in brackets',
          hoursAgo: 1,
          summary: `A summary. Source: https://example.org/story${')'.repeat(100_000)}x`,
        },
        {
          id: 'nested',
          title: 'Nested to a megabyte',
          hoursAgo: 2,
          content_html: `Source: ${'('.repeat(500_000)}${'<'.repeat(500_000)}`,
        },
        { id: 'plain', title: 'A plain post', hoursAgo: 3 },
      ]),
    );
    const options = await ext.openOptions();
    await options.addFeed(server.url('/brackets.json'));
    // Firefox gave up after about 7 s with "too much recursion", and the feed was never added: the old parser, bundled
    // from commit aeca086 and run in Firefox 153.8, threw it after 6,839 ms on this summary (on the same summary
    // without the last letter it took 2 ms, which is why the first version of this test passed on the old code). This
    // test, run against that commit's Firefox build, fails with the options page saying "Something went wrong: too
    // much recursion".
    await expect.poll(() => options.status().innerText(), { timeout: 20_000 }).toMatch(/^Added/);
    const popup = await ext.openPopup();
    await expect
      .poll(() => popup.titles(), { timeout: 20_000 })
      .toEqual(['Ends in brackets', 'Nested to a megabyte', 'A plain post']);
    // Refresh works too: every later fetch of the feed parses the same post.
    await popup.refresh();
    await expect.poll(() => popup.feedProblems().count(), { timeout: 20_000 }).toBe(0);
  });

  it('feed addresses that are not http(s), from a backup, an OPML file or typed: refused, never fetched, stored or synced', async () => {
    const ext = await e2e.launch(browser);
    const { server } = e2e;
    server.json(
      '/good.json',
      feedDocument(server.origin, [{ id: 'g', title: 'A post from the web', hoursAgo: 1 }], 'Web Desk'),
    );
    const dataFeed = JSON.stringify(
      feedDocument('https://data.test', [{ id: 'd', title: 'A post from data', hoursAgo: 1 }]),
    );
    const notWeb = [
      `data:application/feed+json,${encodeURIComponent(dataFeed)}`,
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop/demo-feed.json',
      'moz-extension://0c1d2e3f-0000-4000-8000-000000000000/demo-feed.json',
      'javascript:alert(1)',
      'file:///etc/passwd',
      `ftp://127.0.0.1/feed.json`,
    ];
    const backup = {
      format: 'ai-safety-brief-backup',
      version: 1,
      exportedAt: new Date().toISOString(),
      settings: {
        feeds: [server.url('/good.json'), ...notWeb].map((url, i) => ({ id: `f${i}`, url, addedAt: i })),
        pollMinutes: 60,
        notifications: { enabled: false, quietHours: null },
      },
      readState: { seen: [], read: [] },
    };
    const options = await ext.openOptions();
    await options
      .getByLabel('Restore backup (JSON)')
      .setInputFiles({ name: 'backup.json', mimeType: 'application/json', text: JSON.stringify(backup) });
    await expect.poll(() => options.getByText(/^Restored the backup: 1 feed\. Left out: /).count()).toBe(1);
    const said = await options.getByText(/^Restored the backup/).innerText();
    expect(said.match(/not an http:\/\/ or https:\/\/ address/g)).toHaveLength(notWeb.length);
    // Firefox asks for the imported feed's site (the test profile's pref answers yes); Chromium's test build holds it.
    if (browser === 'firefox') {
      const allow = options.getByRole('button', { name: /^Allow reading the sites of feeds that need it/ });
      await allow.click();
      await expect.poll(() => allow.count()).toBe(0);
    }
    await expect
      .poll(() => options.feedList().locator('strong').allInnerTexts(), { timeout: 20_000 })
      .toEqual(['Web Desk']);

    const opml = `<?xml version="1.0"?><opml version="2.0"><head/><body>${notWeb
      .map((url) => `<outline text="x" xmlUrl="${url.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/>`)
      .join('')}</body></opml>`;
    await options
      .getByLabel('Import feeds (OPML)')
      .setInputFiles({ name: 'feeds.opml', mimeType: 'text/x-opml', text: opml });
    await expect.poll(() => options.getByText(`(${notWeb.length} skipped)`, { exact: false }).count()).toBe(1);
    for (const url of notWeb.slice(0, 2)) {
      await options.addFeed(url);
      await expect.poll(() => options.status().innerText()).toMatch(/http:\/\/ or https:\/\//);
    }

    const popup = await ext.openPopup();
    await expect.poll(() => popup.titles(), { timeout: 20_000 }).toEqual(['A post from the web']);
    const stored = await ext.inExtension(async (api) =>
      JSON.stringify([await api.storage.local.get(null), await api.storage.sync.get(null)]),
    );
    expect(stored).toContain(server.url('/good.json'));
    for (const scheme of [
      'data:',
      'chrome-extension://abcdefghij',
      'moz-extension://0c1d',
      'javascript:',
      'file:',
      'ftp:',
    ])
      expect(stored, scheme).not.toContain(scheme);
  });

  it('an OPML file of 2,000 feeds: answered soon, progress shown, the page and popup usable; 20,000 refused', async () => {
    const ext = await e2e.launch(browser);
    const { server } = e2e;
    const count = 2000;
    for (let i = 0; i < count; i++)
      server.json(`/many/${i}.json`, feedDocument(server.origin, [{ id: `m${i}`, title: `Post ${i}`, hoursAgo: 1 }]));
    const opmlOf = (n: number) =>
      `<?xml version="1.0"?><opml version="2.0"><head/><body>${Array.from(
        { length: n },
        (_, i) => `<outline text="Feed ${i}" xmlUrl="${server.url(`/many/${i}.json`)}"/>`,
      ).join('')}</body></opml>`;

    /** How long the popup takes to open and show its controls. */
    const popupOpening = async () => {
      const start = Date.now();
      const popup = await ext.openPopup();
      await expect.poll(() => popup.getByRole('button', { name: 'Refresh' }).count(), { interval: 20 }).toBe(1);
      const ms = Date.now() - start;
      await popup.close();
      return ms;
    };
    const usual = Math.min(await popupOpening(), await popupOpening());

    const options = await ext.openOptions();
    const input = options.getByLabel('Import feeds (OPML)');
    await input.setInputFiles({ name: 'huge.opml', mimeType: 'text/x-opml', text: opmlOf(20_000) });
    await expect
      .poll(() => options.getByRole('alert').innerText())
      .toBe('This file lists 20,000 feeds; the most one import takes is 2,000. Nothing was changed.');

    // The longest the page's main thread is busy during the import: the largest gap between timer ticks.
    await options.tab.evaluateExpression(START_TICK_PROBE);
    // The server is the file's, shared by both browsers' tests: what this import fetches is counted from here.
    const feedHits = () => Array.from({ length: count }, (_, i) => server.hits(`/many/${i}.json`));
    const hitsBefore = feedHits();
    const started = Date.now();
    await input.setInputFiles({ name: 'feeds.opml', mimeType: 'text/x-opml', text: opmlOf(count) });
    await expect.poll(() => options.getByText('Imported 2000 new feeds (0 skipped).').count()).toBe(1);
    const answeredIn = Date.now() - started;
    // The import answers before it fetches (it used to wait for every feed): most feeds are still unasked here.
    const fetchedByTheAnswer = feedHits().filter((hits, i) => hits > hitsBefore[i]!);
    const progress = options.getByText(/^Fetching the imported feeds in the background: /);
    await expect.poll(() => progress.count()).toBe(1);
    const first = await progress.innerText();
    const during = await popupOpening();
    await options.bringToFront();
    // Half a minute into the import (the fetches go on, a few at a time): the progress has moved.
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    const later = (await progress.count()) ? await progress.innerText() : 'all checked';
    expect(later).not.toBe(first);
    const longestTask = await options.tab.evaluateExpression<number>(LONGEST_TICK_GAP_MS);
    console.info(
      `${browser}: "${first}" then "${later}"; answered in ${answeredIn} ms (${fetchedByTheAnswer.length} feeds fetched by then); longest task ${Math.round(longestTask)} ms; popup ${during} ms during the import, ${usual} ms before`,
    );
    // Measured on the shared two-core machine under load, the build before and after #27's responsiveness work:
    // Chromium answered in 8.3 s -> 1.2-3.5 s, longest task 6.1 s -> 1.0-2.3 s (in Chromium the popup opened
    // meanwhile runs on the same thread, and its tasks count here), popup 2.8x its usual time; Firefox answered in
    // 7.8 s -> 0.9-3.5 s, longest task 1.4 s -> 1.0-1.2 s, popup 3.8x -> 2.1-5.1x. `npm run bench -- --only=import`
    // measures the same. The first check is the design (answer first, fetch after) and does not depend on the
    // machine's speed; the timed ones are guards against a return of the old faults, loose enough for a CI machine
    // at a load of 20, where the import and two browsers share two cores. The issue's goals (no task over 200 ms,
    // the popup within twice its time) are the bench's to report.
    expect(fetchedByTheAnswer.length).toBeLessThan(count / 2);
    expect(answeredIn).toBeLessThan(15_000);
    expect(longestTask).toBeLessThan(5000);
    expect(during).toBeLessThan(3 * usual + 6000);
  }, 180_000);
});
