// The popup's composed first screen as a test finds it in the store: usable or not, and what composing it now gives.
import { browser } from 'wxt/browser';
import { currentBuild, usableComposedScreen } from '@/lib/popup/composedScreen';
import { composeFirstScreen } from '@/lib/popup/composeFirstScreen';
import type { ComposedScreen } from '@/lib/popup/firstScreen';
import { COMPOSED_SCREEN_KEY } from '@/lib/store/composedScreenKey';
import { marksKey, recordKey } from '@/lib/store/feedStore';
import { parseSettings } from '@/lib/store/settings';

/**
 * The stored composed screen as a popup opening now would judge it (`usable`: undefined when it would compose its
 * own), and the screen composed from the store as it is now (`fresh`). The invariant: `usable` is undefined or
 * equal to `fresh`.
 */
export async function composedScreenNow(): Promise<{
  stored: unknown;
  usable: ComposedScreen | undefined;
  fresh: ComposedScreen | undefined;
}> {
  const all = await browser.storage.local.get(null);
  const basis = { settings: all.settings, topics: all.topics, popupPrefs: all.popupPrefs };
  const ids = all.settings === undefined ? [] : parseSettings(all.settings).feeds.map((feed) => feed.id);
  const keys = ids.flatMap((id) => [recordKey(id), marksKey(id)]);
  const raw = Object.fromEntries(keys.filter((key) => key in all).map((key) => [key, all[key]]));
  return {
    stored: all[COMPOSED_SCREEN_KEY],
    usable: usableComposedScreen(all[COMPOSED_SCREEN_KEY], basis, currentBuild()),
    fresh: composeFirstScreen(basis, { keys: new Set(keys), raw }),
  };
}
