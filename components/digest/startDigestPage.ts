import type { Root } from 'react-dom/client';
import { afterPaint } from '@/lib/popup/afterPaint';
import { takeEarlyRead } from '@/lib/popup/earlyRead';
import { afterPointerPress, watchPointerPress } from '@/lib/popup/pointerPress';
import { earlyDrawnScreen } from './drawFirstScreenEarly';
import type { DigestSurface } from './useDigestModel';

/**
 * Starts a digest page (the popup, the side panel) from its module: once the early script has drawn the first
 * screen without React (./drawFirstScreenEarly.ts) and it has painted, React (two thirds of the page's script) loads
 * and takes the page over. When the plain screen could not draw it, React loads at once and draws it itself.
 */
export async function startDigestPage(surface: DigestSurface): Promise<Root> {
  watchPointerPress();
  // A drawing that failed is no drawing: React draws the page.
  const plain = await earlyDrawnScreen().catch(() => undefined);
  if (plain) await afterPaint();
  // The feeds' read, held back while a composed first screen painted, goes on while React loads (it may have already).
  const early = takeEarlyRead();
  early?.releaseFeeds();
  // React takes a drawn screen over with that read's values (its first render draws what the screen shows): were it to
  // mount first, with no feeds yet, its first commit would replace the drawn list with a loading one.
  const [{ mountDigestPage }] = await Promise.all([import('./mountDigestPage'), plain && early?.settled]);
  // Not between the press and the release of a click on the plain screen: React's first commit replaces its DOM,
  // and the click would be lost. The mount commits in this task (see mountDigestPage), so no press comes between.
  if (plain) await afterPointerPress();
  return mountDigestPage(document.getElementById('root')!, surface, plain);
}
