import { showPlainFirstScreen } from '@/components/digest/plainFirstScreen';
import { drawFirstScreenEarly } from '@/components/digest/drawFirstScreenEarly';
import { composedFirstScreenOf } from '@/lib/popup/composedScreen';

// Loaded by popup.html and sidepanel.html as a classic script, right after popup-early-read.js: it draws the page's
// first screen as soon as the early read answers, while the page's modules (React) are still loading
// (components/digest/drawFirstScreenEarly.ts), from the first screen the background keeps composed
// (lib/popup/composedScreen.ts); when that is stale, it loads popup-compose-screen.js to compose one.
export default defineUnlistedScript(() =>
  drawFirstScreenEarly(location.pathname.endsWith('/sidepanel.html') ? 'sidepanel' : 'popup', (root, surface) =>
    showPlainFirstScreen(root, surface, 'composed', composedFirstScreenOf),
  ),
);
