/**
 * Whether the reader is pressing a pointer on the page, so that a page can wait before it swaps its DOM. A click is
 * a press and a release on one element: the digest page's DOM is swapped twice as it starts (the plain first screen
 * for React's, then React's first rows for the virtualiser's), and a click whose press came before a swap and its
 * release after was lost, with nothing on screen to say so.
 */

/** The page's one record of presses: the early script and the page's module each have their own copy of this module. */
const SLOT = '__aiSafetyBriefPointerPress';
type Press = { down: boolean; waiting: (() => void)[] };
const slots = globalThis as unknown as Record<string, Press | undefined>;

/** The longest a swap waits for a release: a press held on the page for a second is not a click. */
export const LONGEST_PRESS_MS = 1000;

/** Starts watching presses on this page (again is a no-op). */
export function watchPointerPress(): void {
  if (slots[SLOT]) return;
  const press: Press = { down: false, waiting: [] };
  slots[SLOT] = press;
  addEventListener('pointerdown', () => void (press.down = true), true);
  const released = () => {
    press.down = false;
    // A task later: the click that the release makes is dispatched right after the release's own events.
    setTimeout(() => press.waiting.splice(0).forEach((resolve) => resolve()));
  };
  addEventListener('pointerup', released, true);
  addEventListener('pointercancel', released, true);
}

/** Resolves at once when no pointer is pressed; else once the press's click has been dispatched (or a second on). */
export function afterPointerPress(): Promise<void> {
  const press = slots[SLOT];
  if (!press?.down) return Promise.resolve();
  return new Promise((resolve) => {
    press.waiting.push(resolve);
    setTimeout(resolve, LONGEST_PRESS_MS);
  });
}
