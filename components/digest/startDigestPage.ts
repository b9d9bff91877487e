import { afterPaint } from '@/lib/popup/afterPaint';
import { takeEarlyRead } from '@/lib/popup/earlyRead';
import { showPlainFirstScreen } from './plainFirstScreen';
import type { DigestSurface } from './useDigestModel';

/**
 * Starts a digest page (the popup, the side panel): once the early storage read (lib/popup/earlyRead.ts) has
 * answered, the first screen is drawn without React when it can be (./plainFirstScreen.ts); React, two thirds of
 * the page's script, loads after that has painted and takes the page over. When the plain screen cannot draw it,
 * React loads at once and draws the first screen itself.
 */
export async function startDigestPage(surface: DigestSurface): Promise<void> {
  await takeEarlyRead()?.settled;
  const root = document.getElementById('root')!;
  const plain = showPlainFirstScreen(root, surface);
  if (plain) await afterPaint();
  const { mountDigestPage } = await import('./mountDigestPage');
  mountDigestPage(root, surface, plain);
}
