import { browser } from 'wxt/browser';

/**
 * Calls `onChange` whenever the page the reader looks at may have changed: another tab, another address in the
 * active tab, another window. The side panel stays open while the reader moves around, so its "About this page"
 * asks again each time. The events need no permission; reading the new tab's address does (the optional `tabs`
 * permission, or the `activeTab` grant of the tab the panel was opened from), so without it the panel keeps what it
 * could see. Returns the function that stops listening.
 */
export function followActiveTab(onChange: () => void): () => void {
  const onActivated = () => onChange();
  const onUpdated = (_tabId: number, change: { url?: string; status?: string }, tab: { active?: boolean }) => {
    if (tab.active && (change.url !== undefined || change.status === 'complete')) onChange();
  };
  const onFocusChanged = (windowId: number) => {
    if (windowId !== browser.windows.WINDOW_ID_NONE) onChange();
  };
  browser.tabs.onActivated.addListener(onActivated);
  browser.tabs.onUpdated.addListener(onUpdated);
  browser.windows.onFocusChanged.addListener(onFocusChanged);
  return () => {
    browser.tabs.onActivated.removeListener(onActivated);
    browser.tabs.onUpdated.removeListener(onUpdated);
    browser.windows.onFocusChanged.removeListener(onFocusChanged);
  };
}
