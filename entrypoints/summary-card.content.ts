import { browser } from 'wxt/browser';
import { currentCardDescription, showCardFor } from '@/lib/content/showCard';

// The summary card on source pages. Not in the manifest: the background registers it at runtime for the sites the
// reader opted into, and only while their origins are granted (lib/content/registration.ts).
export default defineContentScript({
  matches: [],
  registration: 'runtime',
  main(ctx) {
    const show = (url: string) => void showCardFor(url, ctx, browser);
    show(location.href);
    // Single-page sites change the address without a reload.
    ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => show(newUrl.href));
    // The extension's own pages may ask what the card shows (only the extension can message this script, with
    // `tabs.sendMessage`); the answer never goes to the page.
    const describe = (message: unknown, sender: { id?: string; url?: string }) =>
      sender.id === browser.runtime.id &&
      (sender.url === undefined || sender.url.startsWith(browser.runtime.getURL('/'))) &&
      (message as { type?: unknown })?.type === 'describeCard'
        ? Promise.resolve(currentCardDescription())
        : undefined;
    browser.runtime.onMessage.addListener(describe);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(describe));
  },
});
