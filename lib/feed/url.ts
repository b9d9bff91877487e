import type { MessageKey } from '../i18n/catalogue';

/** An absolute http(s) URL: the base cannot change it, so it is not parsed (half the cost of resolving). */
const ABSOLUTE_HTTP = /^https?:\/\//i;

/** An absolute URL (`raw` as typed or as a file has it), or undefined. */
function parseAbsolute(raw: unknown): URL | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    return new URL(raw.trim());
  } catch {
    return undefined;
  }
}

/** Whether a URL carries a user name or password (`http://alice:s3cret@host/`). */
function carriesCredentials(url: URL): boolean {
  return url.username !== '' || url.password !== '';
}

/**
 * Whether `raw` is an absolute http(s) address with a host: the only kind of feed address the extension stores,
 * fetches or mirrors (credentials are dealt with separately: dropped from files, refused when typed).
 */
export function isWebAddress(raw: string): boolean {
  if (isCanonicalHttpUrl(raw.trim())) return true;
  return remembered(webAddresses, raw, () => {
    const url = parseAbsolute(raw);
    return !!url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  });
}

/**
 * Answers for feed addresses, by the address: every read of the settings checks every feed's address (2,000 after a
 * big import), and the background reads them once per commit while an import's feeds are fetched. Parsing each
 * address again was most of that work (seconds over an import). Bounded: emptied when full.
 */
const REMEMBERED_ADDRESSES = 5000;
const webAddresses = new Map<string, boolean>();
const credentialFree = new Map<string, string>();
function remembered<T>(memo: Map<string, T>, raw: string, work: () => T): T {
  if (memo.has(raw)) return memo.get(raw)!;
  if (memo.size >= REMEMBERED_ADDRESSES) memo.clear();
  const value = work();
  memo.set(raw, value);
  return value;
}

/** Whether the absolute URL `raw` carries a user name or password. */
export function hasCredentials(raw: string): boolean {
  const url = parseAbsolute(raw);
  return !!url && carriesCredentials(url);
}

/**
 * Resolves `raw` against `base` into a URL, only if it is http(s) with a host and carries no user name or password
 * (credentials in a URL would be sent to its host, stored, synced and shown; a feed's links never need them, and
 * `https://reuters.com@evil.example/` is a lure); anything else is dropped.
 */
export function parseHttpUrl(raw: unknown, base?: string): URL | undefined {
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  if (!trimmed) return undefined;
  try {
    const url = ABSOLUTE_HTTP.test(trimmed) ? new URL(trimmed) : new URL(trimmed, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (!url.hostname || carriesCredentials(url)) return undefined;
    return url;
  } catch {
    return undefined;
  }
}

/**
 * An absolute http(s) URL written exactly as the URL parser would write it back: a lower-case scheme and host name
 * (labels of letters, digits and hyphens, the last one starting with a letter, so never an IP address), no user, password or
 * port, a path, and only characters no part of a URL escapes or rewrites. Most links in real feeds look like this,
 * and for them the parser would change nothing: a 5,000-post feed has 15,000 links, and building a `URL` object for
 * each was most of what resolving them cost. Dot segments (`/./`, `/../`, also escaped) and IDN labels (`xn--`) are
 * left to the parser. `url.test.ts` checks the shortcut against the parser.
 */
const CANONICAL_HTTP_URL = /^https?:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*\/[\w\-.~!$&()*+,;=:@/%?#]*$/;
const DOT_SEGMENT_OR_IDN = /\/(?:\.|%2e){1,2}(?:[/?#]|$)|xn--/i;

/** Whether `text` is a canonical http(s) URL (see CANONICAL_HTTP_URL). */
const isCanonicalHttpUrl = (text: string) => CANONICAL_HTTP_URL.test(text) && !DOT_SEGMENT_OR_IDN.test(text);

/** The host name of a canonical http(s) URL. */
function canonicalHost(text: string): string {
  const hostStart = text.indexOf('//') + 2;
  return text.slice(hostStart, text.indexOf('/', hostStart));
}

/** `parseHttpUrl`'s address and host name, without a `URL` object for a link that is canonical already. */
export function httpUrlParts(raw: unknown, base?: string): { href: string; hostname: string } | undefined {
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  if (isCanonicalHttpUrl(trimmed)) return { href: trimmed, hostname: canonicalHost(trimmed) };
  const url = parseHttpUrl(trimmed, base);
  return url && { href: url.href, hostname: url.hostname };
}

/**
 * A feed's address as the reader gave it: the URL, or why it cannot be one. An address with a user name or password
 * is refused (feeds behind a sign-in are not supported, and the extension never stores, sends or shows
 * credentials), in words that do not repeat them: the reason is a catalogue key, put in words where it is shown.
 */
export function feedAddress(
  raw: string,
): { ok: true; url: string } | { ok: false; error: { code: MessageKey & ('err_feedCredentials' | 'err_notHttp') } } {
  if (hasCredentials(raw) && /^https?:/i.test(raw.trim())) return { ok: false, error: { code: 'err_feedCredentials' } };
  const url = resolveHttpUrl(raw);
  return url ? { ok: true, url } : { ok: false, error: { code: 'err_notHttp' } };
}

/**
 * `raw` without its user name and password, for addresses read from a file (OPML, a backup), which are kept without
 * them. Anything that is not an absolute URL is returned as it is, for the caller's own checks.
 */
export function withoutCredentials(raw: string): string {
  // A canonical address has no room for a user name (see CANONICAL_HTTP_URL): nothing to drop.
  if (isCanonicalHttpUrl(raw.trim())) return raw;
  return remembered(credentialFree, raw, () => {
    const url = parseAbsolute(raw);
    if (!url || !carriesCredentials(url)) return raw;
    url.username = '';
    url.password = '';
    return url.href;
  });
}

/** Resolves `raw` against `base` and keeps it only if it is an http(s) URL; anything else (javascript:, data:, garbage) is dropped. */
export function resolveHttpUrl(raw: unknown, base?: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  // Most links: no URL object and no parts (a feed's two links and image per post are resolved here).
  return isCanonicalHttpUrl(trimmed) ? trimmed : parseHttpUrl(trimmed, base)?.href;
}
