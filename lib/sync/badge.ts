import { browser } from 'wxt/browser';
import { settingsItem } from '../store/settings';
import { readIndex, unseenTotal } from '../store/storeIndex';

export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}

/** Shows the number of unseen posts of the followed feeds on the toolbar icon, from the store's index alone. */
export async function refreshBadge(): Promise<number> {
  const [settings, index] = await Promise.all([settingsItem.get(), readIndex()]);
  const count = unseenTotal(
    index,
    settings.feeds.map((feed) => feed.id),
  );
  // Chrome MV3 and Firefox MV3 have `action`; Firefox MV2 only `browserAction`.
  const action = browser.action ?? browser.browserAction;
  // Both at once: two round trips to the browser one after the other put the number on screen one later.
  await Promise.all([
    action.setBadgeText({ text: badgeText(count) }),
    action.setBadgeBackgroundColor({ color: '#b42318' }),
  ]);
  return count;
}
