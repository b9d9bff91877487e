import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Timing } from '@/tests/unit/textTiming';
import { feedDocument } from './support/feedServer';
import { browsers, useE2E } from './support/fixture';

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
  it('the text functions take less than 3 s on every 1 MB adversarial text, and never throw (too much recursion)', async () => {
    const ext = await e2e.launch(browser);
    const script = await textTimingScript();
    // The bundle runs as the driver's own evaluation (not the page's `eval`, which its CSP forbids).
    const timings = await ext.inExtensionScript<Timing[]>(
      `(() => { ${script}; const t = globalThis.textTiming; return t.timeTextFunctions(t.adversarialTexts(1024 * 1024)).slice(0, 5); })()`,
    );
    const slowest = timings[0]!;
    expect(timings.filter((t) => t.error)).toEqual([]);
    expect(slowest.ms, `${slowest.fn} on ${slowest.input}`).toBeLessThan(3000);
  }, 180_000);

  it('a post whose summary ends "Source: https://…" and 100,000 ")" (and a 1 MB run of "(" and "<"): the feed is added and its posts shown', async () => {
    const ext = await e2e.launch(browser);
    const { server } = e2e;
    server.json(
      '/brackets.json',
      feedDocument(server.origin, [
        {
          id: 'brackets',
          title: 'Ends in brackets',
          hoursAgo: 1,
          summary: `A summary. Source: https://example.org/story${')'.repeat(100_000)}`,
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
    // Firefox gave up after about 7 s with "too much recursion", and the feed was never added.
    await expect.poll(() => options.status().innerText(), { timeout: 20_000 }).toMatch(/^Added/);
    const popup = await ext.openPopup();
    await expect
      .poll(() => popup.titles(), { timeout: 20_000 })
      .toEqual(['Ends in brackets', 'Nested to a megabyte', 'A plain post']);
    // Refresh works too: every later fetch of the feed parses the same post.
    await popup.refresh();
    await expect.poll(() => popup.feedProblems().count(), { timeout: 20_000 }).toBe(0);
  });
});
