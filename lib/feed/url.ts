/** An absolute http(s) URL: the base cannot change it, so it is not parsed (half the cost of resolving). */
const ABSOLUTE_HTTP = /^https?:\/\//i;

/** Resolves `raw` against `base` into a URL, only if it is http(s) with a host; anything else is dropped. */
export function parseHttpUrl(raw: unknown, base?: string): URL | undefined {
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  if (!trimmed) return undefined;
  try {
    const url = ABSOLUTE_HTTP.test(trimmed) ? new URL(trimmed) : new URL(trimmed, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (!url.hostname) return undefined;
    return url;
  } catch {
    return undefined;
  }
}

/** Resolves `raw` against `base` and keeps it only if it is an http(s) URL; anything else (javascript:, data:, garbage) is dropped. */
export function resolveHttpUrl(raw: unknown, base?: string): string | undefined {
  return parseHttpUrl(raw, base)?.href;
}

export function isHttpUrl(raw: unknown): raw is string {
  return resolveHttpUrl(raw) !== undefined;
}

/** The host a person recognises: `https://www.reuters.com/x` → `reuters.com`. */
export function displayDomain(url: string | URL): string {
  try {
    return hostForDisplay(typeof url === 'string' ? new URL(url) : url);
  } catch {
    return '';
  }
}

function hostForDisplay(url: URL): string {
  return url.hostname.replace(/^www\d*\./, '');
}
