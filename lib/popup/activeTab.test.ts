import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { currentTab } from './activeTab';

/**
 * A normal window whose active tab shows `url`, focused, and then the popup opened in a window of its own: the
 * normal window is the last focused one (WXT's fake answers `getLastFocused` with the window focused before).
 */
async function readerOn(url: string) {
  const window = (await fakeBrowser.windows.create({ focused: true }))!;
  await fakeBrowser.tabs.create({ windowId: window.id, url: 'https://background-tab.test/', active: false });
  const tab = await fakeBrowser.tabs.create({ windowId: window.id, url, active: true });
  await fakeBrowser.windows.create({ focused: true, type: 'popup' });
  return tab;
}

describe('currentTab', () => {
  it("is the last focused window's active tab, with its id and address", async () => {
    const tab = await readerOn('https://news.test/story');
    expect(await currentTab()).toEqual({ id: tab.id, url: 'https://news.test/story' });
  });

  it('is nothing for a tab that shows no web page', async () => {
    await readerOn('chrome://newtab/');
    expect(await currentTab()).toBeUndefined();
  });

  it('is nothing when the browser cannot say', async () => {
    expect(await currentTab()).toBeUndefined();
  });
});
