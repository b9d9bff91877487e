import type { CDPSession, Page } from 'playwright-core';

// The summary card lives in a closed shadow root: the page's scripts (and Playwright's locators, which run in a
// world of the page) cannot see into it. Tests read it as the extension does: in the content script's isolated
// world, found over CDP by its origin (chrome-extension://<id>), where `chrome.dom.openOrClosedShadowRoot` opens the
// root. Clicks are real mouse clicks at the control's place on screen, as a person's would be.

export type CardView = {
  /** Card host elements in the page (one at most, when all is well). */
  count: number;
  /** Whether the browser would paint the card. */
  visible: boolean;
  text: string;
  heading: string;
  /** The "Read the post" link's address, if any. */
  link: string | null;
};

type Context = { id: number; origin: string; frameId?: string };

/** Code run in the content script's world: the card's shadow root, opened with the extension's own API. */
const ROOT = `(() => {
  const host = document.querySelector('[data-ai-safety-brief-card]');
  return host ? chrome.dom.openOrClosedShadowRoot(host) : null;
})()`;

/** The accessible name of a control: its aria-label, else its text. */
const FIND_CONTROL = `(root, name) => [...root.querySelectorAll('button, a')].find(
  (el) => (el.getAttribute('aria-label') || el.textContent || '').trim() === name)`;

export function summaryCard(page: Page, extensionId: string) {
  const origin = `chrome-extension://${extensionId}`;
  let session: Promise<{ cdp: CDPSession; contexts: Map<number, Context> }> | undefined;

  const connect = () =>
    (session ??= (async () => {
      const cdp = await page.context().newCDPSession(page);
      const contexts = new Map<number, Context>();
      cdp.on('Runtime.executionContextCreated', ({ context }) =>
        contexts.set(context.id, { id: context.id, origin: context.origin, frameId: context.auxData?.frameId }),
      );
      cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => contexts.delete(executionContextId));
      cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
      await cdp.send('Runtime.enable');
      return { cdp, contexts };
    })());

  /** Evaluates `expression` in the content script's world of the top frame; undefined while the script is not there. */
  async function inContentScript<T>(expression: string): Promise<T | undefined> {
    const { cdp, contexts } = await connect();
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const world = [...contexts.values()].reverse().find((c) => c.origin === origin && c.frameId === frameTree.frame.id);
    if (!world) return undefined;
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression,
      contextId: world.id,
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails)
      throw new Error(`in the content script: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value as T;
  }

  return {
    /** What the card shows, or null when there is none (or the content script is not in the page). */
    async read(): Promise<CardView | null> {
      const view = await inContentScript<CardView | null>(`(() => {
        const root = ${ROOT};
        if (!root) return null;
        const host = root.host;
        return {
          count: document.querySelectorAll('[data-ai-safety-brief-card]').length,
          visible: host.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
          text: root.querySelector('aside').innerText,
          heading: root.querySelector('h2')?.textContent ?? '',
          link: root.querySelector('a')?.href ?? null,
        };
      })()`);
      return view ?? null;
    },

    /** Clicks the card's control named `name` (a button's label or a link's text) with the mouse. */
    async click(name: string): Promise<void> {
      const point = await inContentScript<{ x: number; y: number } | null>(`(() => {
        const root = ${ROOT};
        const control = root && (${FIND_CONTROL})(root, ${JSON.stringify(name)});
        if (!control) return null;
        const box = control.getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      })()`);
      if (!point) throw new Error(`The summary card has no control named “${name}”.`);
      await page.mouse.click(point.x, point.y);
    },

    /** The name of the card's control that has keyboard focus, or null. */
    async focused(): Promise<string | null> {
      const name = await inContentScript<string | null>(`(() => {
        const active = ${ROOT}?.activeElement;
        return active ? (active.getAttribute('aria-label') || active.textContent || '').trim() : null;
      })()`);
      return name ?? null;
    },
  };
}
export type SummaryCard = ReturnType<typeof summaryCard>;
