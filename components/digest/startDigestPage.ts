import type { Root } from 'react-dom/client';
import { afterPaint } from '@/lib/popup/afterPaint';
import { takeEarlyRead } from '@/lib/popup/earlyRead';
import { afterPointerPress, watchPointerPress } from '@/lib/popup/pointerPress';
import type { HandOver } from './plainFirstScreen';
import type { DigestSurface } from './useDigestModel';

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
 */
export function drawFirstScreenEarly(
  surface: DigestSurface,
  show: (root: HTMLElement, surface: DigestSurface) => HandOver | undefined,
): void {
  const early = takeEarlyRead();
  if (!early) return;
  slots[PLAIN_SCREEN_SLOT] = Promise.all([early.settled, bodyParsed()]).then(() => {
    const root = document.getElementById('root');
    return root ? show(root, surface) : undefined;
  });
}

/** Resolves once the page's HTML is parsed (`interactive`): before its modules run, which DOMContentLoaded awaits. */
function bodyParsed(): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('readystatechange', () => resolve(), { once: true }));
}

/**
 * Starts a digest page (the popup, the side panel) from its module: once the early script has drawn the first
 * screen without React (see `drawFirstScreenEarly`) and it has painted, React (two thirds of the page's script) loads
 * and takes the page over. When the plain screen could not draw it, React loads at once and draws it itself.
 */
export async function startDigestPage(surface: DigestSurface): Promise<Root> {
  watchPointerPress();
  const plain = await (slots[PLAIN_SCREEN_SLOT] ?? Promise.resolve(undefined));
  if (plain) await afterPaint();
  const { mountDigestPage } = await import('./mountDigestPage');
  // Not between the press and the release of a click on the plain screen: React's first commit replaces its DOM,
  // and the click would be lost. The mount commits in this task (see mountDigestPage), so no press comes between.
  if (plain) await afterPointerPress();
  return mountDigestPage(document.getElementById('root')!, surface, plain);
}
