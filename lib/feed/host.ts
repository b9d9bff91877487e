// Host names, the one place that decides what part of a host is noise. There are two rules, for two questions, and
// they strip different prefixes on purpose:
//
// - `siteKey`, for *matching* ("is this the same site?"): publishers serve the same articles from `www.`, `www2.`,
//   `m.`, `mobile.` and `amp.` front doors, so all of these, and the fully qualified form's trailing dot, name one
//   site. Article URLs (lib/match), the summary card's sites and the options page's list of news sites all compare
//   hosts by this key, so a page and a post's source that are one article are also on one site.
// - `displayHost`, for *showing* a host to the reader: only `www.`/`wwwN.` goes, which carries no meaning for a
//   person. `m.` or `amp.` stays, because what is shown must still name the host a link goes to or a permission is
//   asked for (`m.example.com` is granted on its own, and a prompt that said `example.com` would be misleading).
//
// Permissions themselves use neither: an origin pattern names the exact host (lib/permissions/feedOrigin.ts).

const SAME_SITE_PREFIX = /^(www\d*|m|mobile|amp)\./;
const NOISE_FOR_PEOPLE = /^www\d*\./;

/** The host as a site for matching: `WWW2.Reuters.com.` and `m.reuters.com` are both `reuters.com`. */
export function siteKey(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '').replace(SAME_SITE_PREFIX, '');
}

/** The host as a person reads it: `www.reuters.com` is `reuters.com`; `m.reuters.com` stays as it is. */
export function displayHost(hostname: string): string {
  // Tested first: most hosts have no `www`, and this runs for every post of a feed.
  return hostname.startsWith('www') ? hostname.replace(NOISE_FOR_PEOPLE, '') : hostname;
}

/** The site a page belongs to (`siteKey` of its host), or undefined for anything that is not an http(s) URL. */
export function siteOf(url: string): string | undefined {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol !== 'https:' && protocol !== 'http:') return undefined;
    return siteKey(hostname);
  } catch {
    return undefined;
  }
}

/** The host a person recognises (`displayHost`): `https://www.reuters.com/x` → `reuters.com`; '' for no URL. */
export function displayDomain(url: string | URL): string {
  try {
    return displayHost((typeof url === 'string' ? new URL(url) : url).hostname);
  } catch {
    return '';
  }
}
