import { browser } from 'wxt/browser';
import { z } from 'zod/mini';
import type { DiscoveredFeed } from '../feed/article';
import { feedIdFor, type FeedConfig } from '../store/settings';
import { currentTab } from './activeTab';

/**
 * The feeds the page in the current tab advertises (`<link rel="alternate">`) that the reader does not follow yet.
 * Reads the page's <head> through `activeTab` + `scripting` (only the tab the toolbar button was clicked in; no
 * host permission) and parses it with the same tested scanner the background uses for pages. The scanner (with the
 * HTML entities table it decodes attributes with, a sixth of the popup's script) is loaded only now, after the
 * popup's first paint, and only for a web page.
 */
export async function unfollowedFeedsOnCurrentPage(followed: FeedConfig[]): Promise<DiscoveredFeed[]> {
  try {
    const tab = await currentTab();
    if (tab?.id === undefined) return [];
    const [injection] = await browser.scripting.executeScript({
      target: { tabId: tab.id },
      func: () => document.head?.outerHTML.slice(0, 256 * 1024) ?? '',
    });
    const head = z.catch(z.string(), '').parse(injection?.result);
    const { discoverFeeds } = await import('../feed/discover');
    const following = new Set(followed.map((feed) => feed.id));
    return discoverFeeds(head, tab.url).filter((feed) => !following.has(feedIdFor(feed.url)));
  } catch {
    // No access to this tab (a browser page, the store, or the toolbar button was not clicked): nothing to offer.
    return [];
  }
}
