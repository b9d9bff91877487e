import type { DiscoveredFeed } from './article';
import { capText } from './limits';
import { cleanText, decodeAttribute } from './text';
import { resolveHttpUrl } from './url';

// A web page that is not a feed may say where its feed is: <link rel="alternate" type="application/rss+xml" href>.
// The service worker has no DOMParser, so the <head> is read with a tolerant tag scanner: attributes in any order,
// quoted or not. Only http(s) URLs of feed types come out.

const FEED_TYPES: Record<string, DiscoveredFeed['type']> = {
  'application/feed+json': 'json',
  'application/json': 'json',
  'application/rss+xml': 'rss',
  'application/atom+xml': 'atom',
  'application/rdf+xml': 'rdf',
  'application/xml': 'xml',
  'text/xml': 'xml',
};

const LINK_TAG = /<link\b([^>]*)>/gi;
const ATTRIBUTE = /([a-z][a-z0-9:-]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/gi;

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(ATTRIBUTE)) out[m[1]!.toLowerCase()] = decodeAttribute(m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

/** The feeds an HTML page links, in page order, without duplicates. `pageUrl` resolves relative links (and `<base href>`). */
export function discoverFeeds(html: string, pageUrl?: string): DiscoveredFeed[] {
  const head = html.slice(0, 256 * 1024);
  const baseHref = /<base\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)/i.exec(head)?.[1];
  const base = resolveHttpUrl(baseHref ? decodeAttribute(baseHref) : undefined, pageUrl) ?? pageUrl;
  const found: DiscoveredFeed[] = [];
  for (const m of head.matchAll(LINK_TAG)) {
    const attrs = attributes(m[1]!);
    const rels = (attrs.rel ?? '').toLowerCase().split(/\s+/);
    if (!rels.includes('alternate') && !rels.includes('feed')) continue;
    const type = FEED_TYPES[(attrs.type ?? '').toLowerCase().split(';')[0]!.trim()];
    if (!type) continue;
    const url = resolveHttpUrl(attrs.href, base);
    if (!url || found.some((f) => f.url === url)) continue;
    found.push({ url, type, title: capText(cleanText(attrs.title ?? ''), 'discoveredTitle') || defaultTitle(type) });
    if (found.length >= 10) break;
  }
  return found;
}

function defaultTitle(type: DiscoveredFeed['type']): string {
  return type === 'json' ? 'JSON Feed' : type === 'atom' ? 'Atom feed' : type === 'xml' ? 'Feed' : 'RSS feed';
}
