// First: the page's validation (zod) is configured before any of it runs (lib/zodSetup.ts).
import '@/lib/zodSetup';
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
  reactRoot.render(
    <PageBoundary>
      <DigestPage surface={surface} handOver={handOver} />
    </PageBoundary>,
  );
  return reactRoot;
}
