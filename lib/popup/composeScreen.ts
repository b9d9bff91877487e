import { browser } from 'wxt/browser';
import { currentBuild, storedComposedScreen } from './composedScreen';
import { COMPOSED_SCREEN_KEY } from '../store/composedScreenKey';
import { composeFirstScreen } from './composeFirstScreen';
import { marksKey, recordKey } from '../store/feedStore';
import { readKeys } from '../store/readKeys';
import { screenInputWrites } from '../store/feedWrites';
import { serialized } from '../store/serialize';
import { parseSettings } from '../store/settings';
import { writeLocal } from '../store/localChanges';

// The background keeps the popup's first screen composed (lib/popup/composedScreen.ts): a moment after the feeds'
// records or marks change (lib/store/feedWrites.ts set it aside in the same write) or the settings are written, when
// a page found it stale or changed the topics or the popup's filters, and at start-up. Its reads go beside the
// store's serialized steps, not among them (with 2,000 feeds they are 4,000 keys, which commits and marks would wait
// for); only its write is a step, and it is dropped when a record or marks write began since the reads did.

/**
 * How long after the last change the screen is composed: a sync pass commits its feeds in a burst, and one screen
 * after the burst is all a popup needs (until then, a popup composes its own, as before this cache).
 */
export const COMPOSE_DELAY_MS = 500;

let timer: ReturnType<typeof setTimeout> | undefined;

/** Composes the first screen again once no change has come for COMPOSE_DELAY_MS. */
export function scheduleScreenCompose(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    composeScreenNow().catch((error: unknown) =>
      console.warn('AI Safety Brief: could not compose the first screen ahead.', error),
    );
  }, COMPOSE_DELAY_MS);
}

/**
 * Composes the first screen COMPOSE_DELAY_MS from now, unless a composing is scheduled already: for a page that found
 * it stale, or changed what it is composed from. Unlike a write's, a page's asking does not put off a composing
 * already scheduled: a popup opened again and again, each opening finding the screen stale and asking, put it off for
 * as long as the openings came less than COMPOSE_DELAY_MS apart (an end-to-end test's did, for 30 seconds).
 */
export function composeScreenSoon(): void {
  if (timer === undefined) scheduleScreenCompose();
}

/** For tests: a composition scheduled by an earlier browser's storage is not run on the next one's. */
export function forgetScreenCompose(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
}

/**
 * Composes the first screen from the store as it is and stores it, or `false` when the first screen would be
 * anything but the list of posts (no feeds, a failing feed, a damaged record: the page says those itself). When a
 * record or marks changed while it read, it stores nothing (that write set the screen aside and composes it again).
 */
export async function composeScreenNow(): Promise<void> {
  // Taken in a step of its own: every write of a record or marks is in one (they run one at a time), so none is
  // under way while the reads below begin, and any that begins after them is counted.
  const writesBefore = await serialized(async () => screenInputWrites());
  const { settings, topics, popupPrefs } = await browser.storage.local.get(['settings', 'topics', 'popupPrefs']);
  const basis = { settings, topics, popupPrefs };
  const keys =
    settings === undefined ? [] : parseSettings(settings).feeds.flatMap(({ id }) => [recordKey(id), marksKey(id)]);
  const raw = await readKeys(browser.storage.local, keys);
  const screen = composeFirstScreen(basis, { keys: new Set(keys), raw });
  await serialized(async () => {
    if (screenInputWrites() !== writesBefore) return;
    await writeLocal({
      [COMPOSED_SCREEN_KEY]: screen ? storedComposedScreen(screen, basis, currentBuild()) : false,
    });
  });
}

/** Stores `false` for the composed screen (a step of the store's): after an install or an update. */
export function setComposedScreenAside(): Promise<void> {
  return serialized(() => writeLocal({ [COMPOSED_SCREEN_KEY]: false }));
}
