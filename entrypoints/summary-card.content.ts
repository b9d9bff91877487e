import { browser } from 'wxt/browser';
import { showCardFor } from '@/lib/content/showCard';

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
  },
});
