import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { finishedDownloads, type BrowserSession, type LaunchOptions, type Tab } from '../driver';

// Debian's Chromium through playwright-core: the unpacked MV3 build loaded with --load-extension, headless.

export type ChromiumSession = BrowserSession & {
  /** For the few Chromium-only checks (stopping the MV3 service worker over CDP). */
  readonly context: BrowserContext;
  readonly worker: Worker;
  /** What the browser's pages logged as errors, and their uncaught exceptions, since launch: printed when a test fails. */
  readonly pageErrors: string[];
};

export async function launchChromium(executablePath: string, options: LaunchOptions): Promise<ChromiumSession> {
  const context = await chromium.launchPersistentContext(options.profile, {
    executablePath,
    headless: true,
    colorScheme: options.colorScheme,
    locale: options.locale,
    acceptDownloads: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${options.extensionDir}`,
      `--load-extension=${options.extensionDir}`,
      ...(options.locale ? [`--lang=${options.locale}`] : []),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const saveDownloads = (page: Page) =>
    page.on('download', async (download) => {
      const name = download.suggestedFilename();
      // Written aside, then renamed: downloads() never reads half a file.
      await download.saveAs(join(options.downloadDir, `${name}.part`));
      renameSync(join(options.downloadDir, `${name}.part`), join(options.downloadDir, name));
    });
  context.pages().forEach(saveDownloads);
  context.on('page', saveDownloads);
  // A test that fails on what a page shows often failed earlier, in the page's own script: keep what it said.
  const pageErrors: string[] = [];
  const at = (page: Page | null) => page?.url().replace(/^chrome-extension:\/\/[^/]+/, '') ?? 'worker';
  context.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      pageErrors.push(`${message.type()} in ${at(message.page())}: ${message.text()}`);
  });
  context.on('weberror', (error) => pageErrors.push(`uncaught in ${at(error.page())}: ${error.error().stack}`));

  const tabOf = (page: Page) => new ChromiumTab(page);
  const extensionOrigin = `chrome-extension://${new URL(worker.url()).host}`;
  return {
    browser: 'chromium',
    extensionOrigin,
    context,
    worker,
    pageErrors,
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`${extensionOrigin}${path}`);
      return tabOf(page);
    },
    async openWebPage(url) {
      const page = await context.newPage();
      await page.goto(url);
      return tabOf(page);
    },
    async findTab(match) {
      const page = context.pages().find((p) => match(p.url()));
      if (!page) return undefined;
      await page.waitForLoadState();
      return tabOf(page);
    },
    async tabUrls() {
      return context.pages().map((page) => page.url());
    },
    async setOffline(offline) {
      await context.setOffline(offline);
    },
    async downloads() {
      return finishedDownloads(options.downloadDir);
    },
    async restart() {
      await context.close();
      return launchChromium(executablePath, options);
    },
    async close() {
      await context.close();
    },
  };
}

class ChromiumTab implements Tab {
  readonly browser = 'chromium' as const;
  constructor(readonly page: Page) {}

  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return (this.page.evaluate as (fn: unknown, arg: unknown) => Promise<R>)(fn, arg);
  }

  async evaluateIsolated<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    // Playwright evaluates only in the page's main world; an isolated world of our own comes from CDP.
    const cdp = await this.page.context().newCDPSession(this.page);
    try {
      const { frameTree } = await cdp.send('Page.getFrameTree');
      const { executionContextId } = await cdp.send('Page.createIsolatedWorld', {
        frameId: frameTree.frame.id,
        worldName: 'asb-e2e',
      });
      const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
        functionDeclaration: `async (json) => { const value = await (${fn.toString()})(json === undefined ? undefined : JSON.parse(json)); return value === undefined ? undefined : JSON.stringify(value); }`,
        executionContextId,
        arguments: arg === undefined ? [] : [{ value: JSON.stringify(arg) }],
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails)
        throw new Error(`in page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      return typeof result.value === 'string' ? JSON.parse(result.value) : (undefined as R);
    } finally {
      await cdp.detach().catch(() => {});
    }
  }

  evaluateExpression<R>(expression: string): Promise<R> {
    return this.page.evaluate(expression) as Promise<R>;
  }
  async inject(source: string) {
    await this.page.evaluate(source);
  }
  async shadowRootHtml(css: string) {
    // DevTools sees closed shadow roots: describe the host with its roots, then read the root as an object.
    const cdp = await this.page.context().newCDPSession(this.page);
    try {
      const { result } = await cdp.send('Runtime.evaluate', {
        expression: `document.querySelector(${JSON.stringify(css)})`,
      });
      if (!result.objectId) return null;
      const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId, depth: 1, pierce: true });
      const root = node.shadowRoots?.[0];
      if (!root) return null;
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: root.backendNodeId });
      const html = await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: 'function () { return this.innerHTML; }',
        returnByValue: true,
      });
      return html.result.value as string;
    } finally {
      await cdp.detach().catch(() => {});
    }
  }
  clickAt(x: number, y: number) {
    return this.page.mouse.click(x, y);
  }
  press(key: string) {
    return this.page.keyboard.press(key);
  }
  type(text: string) {
    return this.page.keyboard.type(text);
  }
  async url() {
    return this.page.url();
  }
  async reload() {
    await this.page.reload();
  }
  bringToFront() {
    return this.page.bringToFront();
  }
  setViewport(width: number, height: number) {
    return this.page.setViewportSize({ width, height });
  }
  async screenshot(path: string) {
    await this.page.screenshot({ path });
  }
  close() {
    return this.page.close();
  }
}
