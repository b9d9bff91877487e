import { feedAddress, resolveHttpUrl } from '../feed/url';
import { t } from '../i18n/t';
import { hasPermission, requestPermission, type PermissionAnswer } from './optional';

/** The match pattern for a URL's origin: `https://blog.example.org/*`. The exact host: a grant names one host. */
export function originPattern(url: string): string | undefined {
  const safe = resolveHttpUrl(url);
  if (!safe) return undefined;
  const { protocol, hostname } = new URL(safe);
  return `${protocol}//${hostname}/*`;
}

/** Whether the extension may read the feed's site; true for addresses that need no grant (the bundled demo feed). */
export async function hasFeedOrigin(url: string): Promise<boolean> {
  const origin = originPattern(url);
  return !origin || hasPermission({ origins: [origin] });
}

/** The origins of these feeds that the browser does not grant yet, each once. */
export async function missingFeedOrigins(urls: string[]): Promise<string[]> {
  const origins = [...new Set(urls.map(originPattern).filter((origin) => origin !== undefined))];
  const granted = await Promise.all(origins.map((origin) => hasPermission({ origins: [origin] })));
  return origins.filter((_, i) => !granted[i]);
}

/**
 * Asks the browser to let the extension read the feed's site (an optional host permission). Call it straight
 * from a click handler, as `requestPermission` says. Already granted → no prompt.
 */
export async function requestFeedOrigin(url: string): Promise<PermissionAnswer> {
  const address = feedAddress(url);
  if (!address.ok) return { ok: false, message: t(address.error.code) };
  const refused = t('err_needPermission', new URL(address.url).hostname);
  return requestPermission({ origins: [originPattern(address.url)!] }, refused);
}
