import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { followActiveTab } from './followActiveTab';

describe('the side panel following the active tab', () => {
  it('asks again on another tab, another address in the active tab or another window, and stops when told', async () => {
    const changed = vi.fn();
    const stop = followActiveTab(changed);
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 2, windowId: 1 });
    expect(changed).toHaveBeenCalledTimes(1);
    // A tab in the background loading its page is not the page the reader looks at.
    await fakeBrowser.tabs.onUpdated.trigger(3, { status: 'complete' }, { active: false } as never);
    expect(changed).toHaveBeenCalledTimes(1);
    await fakeBrowser.tabs.onUpdated.trigger(2, { url: 'https://www.reuters.com/x' }, { active: true } as never);
    expect(changed).toHaveBeenCalledTimes(2);
    await fakeBrowser.windows.onFocusChanged.trigger(fakeBrowser.windows.WINDOW_ID_NONE);
    expect(changed).toHaveBeenCalledTimes(2);
    await fakeBrowser.windows.onFocusChanged.trigger(7);
    expect(changed).toHaveBeenCalledTimes(3);
    stop();
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 4, windowId: 1 });
    expect(changed).toHaveBeenCalledTimes(3);
  });
});
