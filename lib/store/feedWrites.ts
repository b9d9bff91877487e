import { COMPOSED_SCREEN_KEY } from './composedScreenKey';
import { writeLocal, removeLocal } from './localChanges';

// Writes of what the popup's first screen is composed from: the feeds' records and marks. Each one stores `false`
// over the composed first screen (lib/popup/composedScreen.ts) in the same call, so no read ever sees new posts or
// marks beside a screen composed from the old ones, and then tells the background to compose it again.

/** Keys whose values the first screen is composed from: each feed's record (its head posts) and its marks. */
const SCREEN_INPUT = /^(?:feed|marks):/;

let written: () => void = () => {};
/** Writes of a record or marks begun so far in this context: a composition read beside none of them is current. */
let writesBegun = 0;

/** How many writes of a record or marks have begun in this context (see `composeScreenNow`). */
export function screenInputWrites(): number {
  return writesBegun;
}

/** Called after each write below (the background composes the first screen again, a moment later). */
export function onScreenInputsWritten(listener: () => void): void {
  written = listener;
}

/** `storage.local.set`, with the composed first screen set aside in the same call when a record or marks change. */
export async function setLocalValues(values: Record<string, unknown>): Promise<void> {
  const touches = Object.keys(values).some((key) => SCREEN_INPUT.test(key));
  if (touches) writesBegun++;
  await writeLocal(touches ? { ...values, [COMPOSED_SCREEN_KEY]: false } : values);
  if (touches) written();
}

/**
 * `storage.local.remove`. A removed record or marks set the composed first screen aside first, in a write of its own
 * (a removal cannot carry a value): between the two, a popup composes its own screen, as after any change.
 */
export async function removeLocalValues(keys: string[]): Promise<void> {
  const touches = keys.some((key) => SCREEN_INPUT.test(key));
  if (touches) {
    writesBegun++;
    await writeLocal({ [COMPOSED_SCREEN_KEY]: false });
  }
  await removeLocal(keys);
  if (touches) written();
}
