// First: the page's validation (zod) is configured before any of it runs (lib/zodSetup.ts).
import '@/lib/zodSetup';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { PageBoundary } from '../ErrorBoundary';
import { DigestPage } from './DigestPage';
import type { HandOver } from './plainFirstScreen';
import type { DigestSurface } from './useDigestModel';

/**
 * Mounts the digest page (React) in `root`. Over a plain first screen (./plainFirstScreen.ts), React's first commit
 * replaces it with the same DOM and takes over what the reader had typed there.
 */
export function mountDigestPage(root: HTMLElement, surface: DigestSurface, handOver?: HandOver): Root {
  const reactRoot = createRoot(root);
  const page = (
    <PageBoundary>
      <DigestPage surface={surface} handOver={handOver} />
    </PageBoundary>
  );
  // Over a plain screen, committed in the caller's task: it has just checked that no click is half made on the DOM
  // this commit replaces (lib/popup/pointerPress.ts).
  if (handOver) flushSync(() => reactRoot.render(page));
  else reactRoot.render(page);
  return reactRoot;
}
