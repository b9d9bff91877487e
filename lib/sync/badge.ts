import { browser } from 'wxt/browser';
import { feedCacheItem } from '../store/feedCache';
import { readStateItem } from '../store/readState';
import { settingsItem } from '../store/settings';
import { countNew } from './newPosts';

export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}

/** Recounts new posts from storage and shows the number on the toolbar icon. */
export async function refreshBadge(): Promise<number> {
  const [settings, cache, readState] = await Promise.all([settingsItem.get(), feedCacheItem.get(), readStateItem.get()]);
  const count = countNew(settings.feeds, cache, readState);
  // Chrome MV3 and Firefox MV3 have `action`; Firefox MV2 only `browserAction`.
  const action = browser.action ?? browser.browserAction;
  await action.setBadgeText({ text: badgeText(count) });
  await action.setBadgeBackgroundColor({ color: '#b42318' });
  return count;
}
