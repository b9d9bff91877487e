// The popup's first screen as the background keeps it composed (lib/popup/composedScreen.ts), for the bench: an
// opening draws that screen when it is current for the stored settings, and composes its own when it is not, about
// 60 ms slower at forty feeds. A figure that compares two settings (twenty rules against none) must know which of
// the two each opening did, or it compares a mix of both that depends on the timing of the background's composing.
import type { Page } from 'playwright-core';
import { usableComposedScreen } from '../../lib/popup/composedScreen';
import { COMPOSE_DELAY_MS } from '../../lib/popup/composeScreen';
import { GLOBAL_NAME } from '../../lib/popup/earlyRead';
import type { ScreenSource } from '../../lib/popup/firstScreen';
import { COMPOSED_SCREEN_KEY } from '../../lib/store/composedScreenKey';

/** The extension page's view of `chrome`, as far as these helpers use it. */
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  storage: { local: { get(keys: string[]): Promise<Record<string, unknown>>; set(items: object): Promise<void> } };
};

/**
 * Waits until the background keeps the first screen composed for the stored settings, topics and popup filters, as
 * it does a moment after a reader changes them: the bench writes them itself, so it tells the background as a page
 * that changes them does (`composeFirstScreen`), only when the kept screen is not current already (a composing asked
 * for nothing would land during the opening that follows). `build`: the extension's version, which a kept screen
 * names.
 */
export async function screenKeptCurrent(page: Page, build: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (let asked = false; !(await keptScreenCurrent(page, build)); asked = true) {
    if (!asked) await page.evaluate(() => chrome.runtime.sendMessage({ type: 'composeFirstScreen' }));
    if (Date.now() > deadline) throw new Error('the background never composed the first screen for these settings');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether the kept screen is one a popup opened now would draw (lib/popup/composedScreen.ts). */
async function keptScreenCurrent(page: Page, build: string): Promise<boolean> {
  const stored = await page.evaluate(
    (key) => chrome.storage.local.get(['settings', 'topics', 'popupPrefs', key]),
    COMPOSED_SCREEN_KEY,
  );
  const basis = { settings: stored.settings, topics: stored.topics, popupPrefs: stored.popupPrefs };
  return usableComposedScreen(stored[COMPOSED_SCREEN_KEY], basis, build) !== undefined;
}

/**
 * How long a composing asked for before the screen was set aside can still take to land: the background waits
 * COMPOSE_DELAY_MS after the last request, then reads every feed's record and marks (a few hundred milliseconds at
 * forty feeds on a loaded machine).
 */
const COMPOSING_LANDS_WITHIN_MS = COMPOSE_DELAY_MS + 1000;

/**
 * Sets the kept screen aside, as every write of a feed's record or marks does, and makes sure it stays aside: the next
 * opening composes its own (and asks the background for a new one, which `screenKeptCurrent` then waits for). A
 * composing asked for while another was under way (by the settings' write, by `screenKeptCurrent`) lands after the
 * first one made the screen current: twice (2026-12-07) such a composing landed after the screen was set aside, and
 * the opening drew it. So the screen is set aside again until none lands.
 */
export async function setKeptScreenAside(page: Page): Promise<void> {
  const stored = () => page.evaluate((key) => chrome.storage.local.get([key]), COMPOSED_SCREEN_KEY);
  for (let tries = 0; ; tries++) {
    if (tries === 10) throw new Error('the kept first screen did not stay aside');
    await page.evaluate((key) => chrome.storage.local.set({ [key]: false }), COMPOSED_SCREEN_KEY);
    await new Promise((resolve) => setTimeout(resolve, COMPOSING_LANDS_WITHIN_MS));
    if ((await stored())[COMPOSED_SCREEN_KEY] === false) return;
  }
}

/** Where the popup open in `popup` drew its first screen from: the kept screen, or the values it read. */
export async function drawnFrom(popup: Page): Promise<ScreenSource | undefined> {
  return popup.evaluate(
    (name) => (globalThis as unknown as Record<string, { drawnFrom?: ScreenSource } | undefined>)[name]?.drawnFrom,
    GLOBAL_NAME,
  );
}
