import { afterAll, afterEach, beforeAll, expect, onTestFailed } from 'vitest';
import type { BrowserName } from './driver';
import { closeSharedFirefox, Extension, type ExtensionOptions } from './extension';
import { feedDocument, startFeedServer, type FeedServer } from './feedServer';

export { browsers } from './extension';
export type { BrowserName } from './driver';

/**
 * The set-up every e2e file shares: one loopback feed server for the file, and the browsers a test launches,
 * closed (profile and all) after it. Call once at the top of a file.
 */
export function useE2E() {
  let server: FeedServer | undefined;
  const launched: Extension[] = [];
  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(async () => {
    await server?.close();
    await closeSharedFirefox();
  });
  afterEach(async () => {
    await Promise.all(launched.splice(0).map((ext) => ext.close()));
  });
  return {
    get server(): FeedServer {
      if (!server) throw new Error('the feed server starts in beforeAll');
      return server;
    },
    /** The built extension in a fresh profile of `browser`, closed after the test. */
    async launch(browser: BrowserName, options: ExtensionOptions = {}) {
      const ext = await Extension.launch(browser, options);
      launched.push(ext);
      // What the pages said is often why a step failed: printed with the failure.
      onTestFailed(async () => {
        const logged = await ext.pageErrors().catch((error: unknown) => [`(could not read them: ${String(error)})`]);
        if (logged.length) console.error(`What the ${browser} pages logged:\n${logged.join('\n')}`);
      });
      return ext;
    },
    /** Serves a JSON Feed at `path` and follows it from the options page, as a reader would. */
    async follow(ext: Extension, path: string, items: Parameters<typeof feedDocument>[1], title = 'Local Desk') {
      this.server.json(path, feedDocument(this.server.origin, items, title));
      const options = await ext.openOptions();
      await options.addFeed(this.server.url(path));
      await expect.poll(() => options.status().innerText(), { timeout: 20_000 }).toMatch(/^Added/);
      await options.close();
    },
  };
}
