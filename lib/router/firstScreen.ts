import type { PageHandlers } from '../messages';
import { composeScreenSoon } from '../popup/composeScreen';

// The popup's first screen, which the background keeps composed (lib/popup/composeScreen.ts).

/** The first-screen page requests. */
export function firstScreenHandlers(): Pick<PageHandlers, 'composeFirstScreen'> {
  return {
    // A page composed its own first screen, the kept one being stale, or changed what it is composed from (the popup's
    // filters, the topics): the next opening finds it composed again. Nothing is read from the request.
    async composeFirstScreen() {
      composeScreenSoon();
      return { ok: true };
    },
  };
}
