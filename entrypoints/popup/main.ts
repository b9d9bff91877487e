import '@/components/theme.css';
import { startDigestPage } from '@/components/digest/startDigestPage';

// The popup: the digest of the followed feeds (components/digest). Its storage reads started before this module
// loaded (lib/popup/earlyRead.ts), and its first screen is drawn by a classic script without React
// (components/digest/drawFirstScreenEarly.ts); this module loads React, which takes the page over
// (components/digest/startDigestPage.ts).
await startDigestPage('popup');
