import { browser } from 'wxt/browser';
import { resolveHttpUrl } from '../feed/url';

/** The match pattern for a URL's origin: `https://blog.example.org/*`. */
export function originPattern(url: string): string | undefined {
  const safe = resolveHttpUrl(url);
  if (!safe) return undefined;
  const { protocol, hostname } = new URL(safe);
  return `${protocol}//${hostname}/*`;
}

/**
 * Asks the browser to let the extension read the feed's site (an optional host permission). Call it straight
 * from a click handler: the browser only prompts inside a user gesture. Already granted → no prompt.
 */
export async function requestFeedOrigin(url: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const origin = originPattern(url.trim());
  if (!origin) return { ok: false, message: 'Enter a web address starting with http:// or https://.' };
  try {
    const granted = await browser.permissions.request({ origins: [origin] });
    return granted
      ? { ok: true }
      : { ok: false, message: `The extension needs your permission to read ${new URL(origin.replace('/*', '/')).hostname} to follow this feed.` };
  } catch (error) {
    return { ok: false, message: `Could not ask for permission: ${(error as Error).message}` };
  }
}
