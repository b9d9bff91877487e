import '@/components/theme.css';
import { startDigestPage } from '@/components/digest/startDigestPage';

// The side panel (Chrome) or sidebar (Firefox): the popup's digest, kept open beside the page. Same early read, same
// plain first screen (components/digest/drawFirstScreenEarly.ts), taken over by React
// (components/digest/startDigestPage.ts).
await startDigestPage('sidepanel');
