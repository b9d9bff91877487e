import '@/lib/zodSetup';
import { showPlainFirstScreen } from '@/components/digest/plainFirstScreen';
import { drawFirstScreenEarly } from '@/components/digest/drawFirstScreenEarly';

// Loaded by popup.html and sidepanel.html as a classic script, right after popup-early-read.js: it draws the page's
// first screen as soon as the early read answers, while the page's modules (React) are still loading
// (components/digest/drawFirstScreenEarly.ts).
export default defineUnlistedScript(() =>
  drawFirstScreenEarly(location.pathname.endsWith('/sidepanel.html') ? 'sidepanel' : 'popup', showPlainFirstScreen),
);
