import { browser } from 'wxt/browser';

/** The web page in the reader's current tab: the tab's id (for reading the page) and its address. */
export type CurrentTab = { id?: number; url: string };

/**
 * The tab the reader is looking at, when it shows a web page; undefined when it cannot be known or shows something
 * else (a browser page, a file). With the `activeTab` permission, the browser reveals the URL of the tab in which
 * the toolbar button was clicked, and no other: no broad host permission is needed. The last focused *normal* window
 * is asked, so the popup also works when opened in a window of its own.
 */
export async function currentTab(): Promise<CurrentTab | undefined> {
  try {
    const window = await browser.windows.getLastFocused({ windowTypes: ['normal'] });
    const [tab] = await browser.tabs.query({ active: true, windowId: window.id });
    return tab?.url && /^https?:\/\//i.test(tab.url) ? { id: tab.id, url: tab.url } : undefined;
  } catch {
    return undefined;
  }
}
