import { browser } from 'wxt/browser';
import { feedAddress, resolveHttpUrl } from '../feed/url';
import { localised, t } from '../i18n/t';

/** The match pattern for a URL's origin: `https://blog.example.org/*`. */
export function originPattern(url: string): string | undefined {
  const safe = resolveHttpUrl(url);
  if (!safe) return undefined;
  const { protocol, hostname } = new URL(safe);
  return `${protocol}//${hostname}/*`;
}

/** Whether the extension may read the feed's site; true for addresses that need no grant (the bundled demo feed). */
export async function hasFeedOrigin(url: string): Promise<boolean> {
  const origin = originPattern(url);
  return !origin || browser.permissions.contains({ origins: [origin] });
}

/**
 * Asks the browser to let the extension read the feed's site (an optional host permission). Call it straight
 * from a click handler: the browser only prompts inside a user gesture. Already granted → no prompt.
 */
export async function requestFeedOrigin(url: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const address = feedAddress(url);
  if (!address.ok) return { ok: false, message: localised(address.error) };
  const origin = originPattern(address.url)!;
  try {
    const granted = await browser.permissions.request({ origins: [origin] });
    return granted
      ? { ok: true }
      : { ok: false, message: t('err_needPermission', new URL(origin.replace('/*', '/')).hostname) };
  } catch (error) {
    return { ok: false, message: t('err_permissionFailed', (error as Error).message) };
  }
}
