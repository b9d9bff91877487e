import '@/lib/zodSetup';
import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { DigestPage } from '@/components/digest/DigestPage';
import { PageBoundary } from '@/components/ErrorBoundary';
import { takeEarlyRead } from '@/lib/popup/earlyRead';

// The storage reads started before these modules loaded (lib/popup/earlyRead.ts) have usually answered by now; if
// not, the popup mounts when they do, so its first render has the posts instead of a placeholder and two re-renders.
await takeEarlyRead()?.settled;

createRoot(document.getElementById('root')!).render(
  <PageBoundary>
    <DigestPage />
  </PageBoundary>,
);
