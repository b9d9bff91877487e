// Deciding whether the page you are on is the article a post covers. Two URLs name the same article when they
// differ only in ways publishers vary: scheme, `www.`/mobile/AMP hosts, AMP paths, tracking parameters, a trailing
// slash, a fragment, percent-encoding of characters that need none, or the order of query parameters.

import { siteKey } from '../feed/host';

const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  'ref',
  'ref_src',
  'ref_url',
  'referrer',
  'source',
  'src',
  'cmpid',
  'cmp',
  'ncid',
  'taid',
  'smid',
  'sh',
  'share',
  'outputtype',
  'amp',
  'amp_js_v',
  'usqp',
  'guccounter',
  'guce_referrer',
  'guce_referrer_sig',
  'cid',
  'sref',
  'xtor',
  'at_medium',
  'at_campaign',
  'ito',
  'ocid',
  'mbid',
  'spm',
  '_ga',
  '_gl',
  'hsctatracking',
  'mkt_tok',
  'vero_id',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hsa_', 'oly_', 'at_', 'ga_'];

function isTracking(name: string): boolean {
  const key = name.toLowerCase();
  return TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** Decodes percent-escapes of characters that never needed them, so `%7E` and `~` compare equal. */
function tidyEncoding(path: string): string {
  return path.replace(/%([0-9a-f]{2})/gi, (escape, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~!$&'()*+,;=:@]/.test(ch) ? ch : escape.toUpperCase();
  });
}

/**
 * A comparison key for an article URL, or undefined for anything that is not http(s).
 * `https://www.reuters.com/a/b/?utm_source=x#top` and `http://reuters.com/a/b/amp` give the same key.
 */
export function normalizeArticleUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const host = siteKey(url.hostname);
  let path = tidyEncoding(url.pathname)
    .replace(/\/{2,}/g, '/')
    .replace(/\/(index|default)\.(html?|php|aspx?)$/i, '/')
    .replace(/^\/amp(?=\/)/i, '')
    .replace(/\/amp\/?$/i, '/')
    .replace(/\.amp(\.html?)?$/i, '$1')
    .replace(/\/+$/, '');
  if (!path) path = '/';
  const params = [...url.searchParams.entries()]
    .filter(([name]) => !isTracking(name))
    .sort(([a, av], [b, bv]) => a.localeCompare(b) || av.localeCompare(bv));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return `${host}${path}${query}`;
}
