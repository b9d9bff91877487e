import { browser } from 'wxt/browser';

/**
 * The site's icon as the browser already has it (Chrome's `_favicon` endpoint, `favicon` permission): no request
 * to the site or to a third-party icon service. Firefox offers extensions no such thing, so there it is undefined.
 */
export function faviconUrl(pageUrl: string, size = 16): string | undefined {
  if (import.meta.env.BROWSER !== 'chrome' || !browser.runtime?.id) return undefined;
  const params = new URLSearchParams({ pageUrl, size: String(size) });
  return `chrome-extension://${browser.runtime.id}/_favicon/?${params}`;
}
