import type { PageHandlers } from '../messages';
import { scheduleScreenCompose } from '../popup/composeScreen';

// The popup's first screen, which the background keeps composed (lib/popup/composeScreen.ts).

/** The first-screen page requests. */
export function firstScreenHandlers(): Pick<PageHandlers, 'composeFirstScreen'> {
  return {
    // A page composed its own first screen, the kept one being stale (the settings, topics or popup filters it was
    // composed from changed): the next opening finds it composed again. Nothing is read from the request.
    async composeFirstScreen() {
      scheduleScreenCompose();
      return { ok: true };
    },
  };
}
