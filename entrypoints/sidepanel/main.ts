import '@/components/theme.css';
import { startDigestPage } from '@/components/digest/startDigestPage';

// The side panel (Chrome) or sidebar (Firefox): the popup's digest, kept open beside the page. Same early read, same
// plain first screen (components/digest/startDigestPage.ts).
await startDigestPage('sidepanel');
