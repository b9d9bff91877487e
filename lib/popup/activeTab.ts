import { browser } from 'wxt/browser';

/**
 * The address of the page the reader is looking at, or undefined when it cannot be known. With the `activeTab`
 * permission, the browser reveals the URL of the tab in which the toolbar button was clicked, and no other: no
 * broad host permission is needed. The last focused *normal* window is asked, so the popup also works when opened
 * in a window of its own.
 */
export async function currentPageUrl(): Promise<string | undefined> {
  try {
    const window = await browser.windows.getLastFocused({ windowTypes: ['normal'] });
    const [tab] = await browser.tabs.query({ active: true, windowId: window.id });
    return tab?.url && /^https?:\/\//i.test(tab.url) ? tab.url : undefined;
  } catch {
    return undefined;
  }
}
