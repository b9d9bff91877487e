import { afterPaint } from '@/lib/popup/afterPaint';
import { takeEarlyRead } from '@/lib/popup/earlyRead';
import type { HandOver, ScreenSource } from './plainFirstScreen';
import type { DigestSurface } from './useDigestModel';

// Apart from ./startDigestPage.ts, which loads React with `import()`: the early classic script bundles everything it
// imports into one file, and a dynamic import in its graph made the bundler wrap every module in a function that
// initialises it on first use (62 of them), which kept WXT's storage module in the script though nothing used it.

/**
 * Where the page's early classic script (entrypoints/popup-first-screen.ts) leaves the plain first screen for the
 * page's module: they share the page's global, and nothing else (each has its own copy of the modules it imports).
 */
const PLAIN_SCREEN_SLOT = '__aiSafetyBriefPlainScreen';
type PlainScreenSlot = Promise<HandOver | undefined>;
const slots = globalThis as unknown as Record<string, PlainScreenSlot | undefined>;

/**
 * In the early classic script: draws the digest page's first screen without React (./plainFirstScreen.ts) as soon as
 * the early storage read (lib/popup/earlyRead.ts) has answered and the page's body is parsed. A classic script runs
 * as the page's head is parsed: the screen then waits for neither the page's modules to load nor React. `show` is
 * ./plainFirstScreen.ts's, passed in by the script: this module, which the page's module imports too, must not
 * import it (the page's module would then load all of the plain screen's code for nothing).
 *
 * The screen the background keeps composed comes with the settings' read, and is drawn then; when it is stale or
 * missing, the screen is composed here from every feed's record and marks, read then.
 */
export function drawFirstScreenEarly(
  surface: DigestSurface,
  show: (root: HTMLElement, surface: DigestSurface, from: ScreenSource) => HandOver | undefined,
): void {
  const early = takeEarlyRead();
  if (!early) return;
  slots[PLAIN_SCREEN_SLOT] = Promise.all([early.itemsSettled, bodyParsed()]).then(() => {
    const root = document.getElementById('root');
    if (!root) return undefined;
    const composed = show(root, surface, 'composed');
    if (composed) {
      // The feeds' values, for React, once the screen has painted (their arrival holds a frame back).
      void afterPaint().then(early.releaseFeeds);
      return composed;
    }
    early.releaseFeeds();
    return early.settled.then(() => show(root, surface, 'read'));
  });
}

/** The plain first screen the early script drew, once it has (undefined when it drew none). */
export function earlyDrawnScreen(): Promise<HandOver | undefined> {
  return slots[PLAIN_SCREEN_SLOT] ?? Promise.resolve(undefined);
}

/** Resolves once the page's HTML is parsed (`interactive`): before its modules run, which DOMContentLoaded awaits. */
function bodyParsed(): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('readystatechange', () => resolve(), { once: true }));
}
