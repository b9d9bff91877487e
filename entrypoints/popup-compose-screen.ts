import '@/lib/zodSetup';
import { showPlainFirstScreen } from '@/components/digest/plainFirstScreen';
import { offerReadDrawing } from '@/components/digest/drawFirstScreenEarly';
import { firstScreenOf } from '@/lib/popup/composeFirstScreen';

// Loaded by popup-first-screen.js, only when the first screen the background keeps composed is stale or missing: it
// composes the page's first screen from every feed's record and marks, as React's first render will
// (components/digest/drawFirstScreenEarly.ts).
export default defineUnlistedScript(() =>
  offerReadDrawing((root, surface) => showPlainFirstScreen(root, surface, 'read', firstScreenOf)),
);
