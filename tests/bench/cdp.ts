// The bench's two ways into Chromium over a bare CDP session: the popup's `first-article` mark, and the extension's
// service worker. Shared by run.ts, compare.ts and profileSync.ts.
import type { Page } from 'playwright-core';

/**
 * Reads the popup's own `first-article` mark. Polled through a bare CDP `Runtime.evaluate`, not Playwright's
 * `waitForFunction`: that injects Playwright's script into the page while it is still rendering, which added
 * about 10 ms to the popup (and nothing to the blank page it is compared with).
 */
export async function firstArticleMs(page: Page, url: string): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await settle();
    await page.goto(url);
    for (const start = Date.now(); Date.now() - start < 30_000; await new Promise((r) => setTimeout(r, 5))) {
      const { result } = await cdp.send('Runtime.evaluate', {
        expression: "performance.getEntriesByName('first-article')[0]?.startTime ?? null",
        returnByValue: true,
      });
      if (typeof result.value === 'number') return result.value;
    }
    throw new Error(`no first article in ${url} within 30 s`);
  } finally {
    await cdp.detach();
  }
}

export type WorkerChannel = {
  /** Sends one CDP command to the service worker and resolves with its result. */
  call(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  detach(): Promise<void>;
};

/**
 * A CDP channel to the extension's service worker, through a page's session: the page's session attaches to the
 * worker's target over the old, unflattened message relay, which a page session can use. Undefined when the
 * worker is not running.
 */
export async function workerChannel(page: Page): Promise<WorkerChannel | undefined> {
  const cdp = await page.context().newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const worker = targetInfos.find(
    (target) => target.type === 'service_worker' && target.url.endsWith('/background.js'),
  );
  if (!worker) {
    await cdp.detach();
    return undefined;
  }
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })) as {
    sessionId: string;
  };
  let id = 0;
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const messageId = ++id;
      const onMessage = (event: { sessionId: string; message: string }) => {
        const reply = JSON.parse(event.message) as { id?: number; result?: Record<string, unknown> };
        if (event.sessionId === sessionId && reply.id === messageId) {
          cdp.off('Target.receivedMessageFromTarget', onMessage);
          resolve(reply.result ?? {});
        }
      };
      cdp.on('Target.receivedMessageFromTarget', onMessage);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: messageId, method, params }),
      });
    });
  return { call, detach: () => cdp.detach() };
}

/** How long the page before an opening is left to finish its work (see `settle`). */
const SETTLE_MS = 400;

/**
 * Lets the page already open finish what it does after its own mark (the popup loads React and its archive after
 * its first paint) before the next navigation: extension pages share one renderer, so that work would be charged to
 * the next opening, to whichever page it is (the popup or the blank page it is compared with).
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}
