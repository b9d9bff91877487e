import '@/lib/zodSetup';
import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { DigestPage } from '@/components/digest/DigestPage';
import { PageBoundary } from '@/components/ErrorBoundary';
import { takeEarlyRead } from '@/lib/popup/earlyRead';

// The side panel (Chrome) or sidebar (Firefox): the popup's digest, kept open beside the page. Same early read.
await takeEarlyRead()?.settled;

createRoot(document.getElementById('root')!).render(
  <PageBoundary>
    <DigestPage surface="sidepanel" />
  </PageBoundary>,
);
