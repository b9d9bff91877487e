import { parseFeed as parseAnyFeed } from 'feedsmith';
import type { FeedInfo, ParseResult } from './article';
import { buildArticles, type RawAttachment, type RawItem } from './normalise';
import { toPlainText } from './text';
import { displayDomain, resolveHttpUrl } from './url';
import { localisable } from '../i18n/catalogue';

// RSS 2.0 (and 0.9x), Atom 1.0 and RSS 1.0/RDF through feedsmith, a maintained pure-JS parser (fast-xml-parser
// underneath: no DOMParser, so it runs in the MV3 service worker and in Node). feedsmith's output is read
// defensively, as untyped data: real feeds put anything anywhere, and every value goes through the same text and
// URL rules as JSON Feed (`buildArticles`).

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
/** A string from a string, a number, or an Atom text construct `{ value }`. */
function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (isObj(v)) return str(v.value);
  return undefined;
}
const get = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), v);
const strings = (v: unknown): string[] => list(v).map(str).filter((s): s is string => !!s);
const first = (...values: unknown[]): string | undefined => {
  for (const v of values) {
    const s = str(v);
    if (s && s.trim()) return s;
  }
  return undefined;
};

export type XmlFormat = 'rss' | 'atom' | 'rdf';

/** XML text → articles. Never throws: feedsmith's errors become a `malformed` or `not-a-feed` value. */
export function parseXmlFeed(body: string, fetchedUrl?: string): ParseResult {
  let parsed: { format: string; feed: unknown };
  try {
    parsed = parseAnyFeed(body) as { format: string; feed: unknown };
  } catch (error) {
    const message = (error as Error)?.message ?? '';
    if (/unrecognized/i.test(message)) {
      return { ok: false, error: { kind: 'not-a-feed', ...localisable('err_notFeedXml') } };
    }
    return { ok: false, error: { kind: 'malformed', ...localisable('err_badXml') } };
  }
  if (!isObj(parsed.feed)) return { ok: false, error: { kind: 'malformed', ...localisable('err_empty') } };
  switch (parsed.format) {
    case 'atom':
      return fromAtom(parsed.feed, fetchedUrl);
    case 'rss':
    case 'rdf':
      return fromRss(parsed.feed, fetchedUrl);
    default:
      return {
        ok: false,
        error: { kind: 'unsupported', ...localisable('err_unsupported', toPlainText(String(parsed.format)).slice(0, 20)) },
      };
  }
}

function feedTitle(raw: string | undefined, homePageUrl: string | undefined): string {
  return (raw ? toPlainText(raw).slice(0, 300) : '') || (homePageUrl ? displayDomain(homePageUrl) : 'Untitled feed');
}

/** Atom links: `rel` defaults to "alternate". */
function atomLink(links: unknown, rel: string): string | undefined {
  for (const link of list(links)) {
    if (!isObj(link)) continue;
    const linkRel = (str(link.rel) ?? 'alternate').trim().toLowerCase();
    if (linkRel === rel && str(link.href)?.trim()) return str(link.href);
  }
  return undefined;
}

function atomAttachments(links: unknown): RawAttachment[] {
  return list(links)
    .filter((l): l is Obj => isObj(l) && str(l.rel)?.toLowerCase() === 'enclosure')
    .map((l) => ({ url: str(l.href), mimeType: str(l.type), title: str(l.title), sizeInBytes: Number(l.length) }));
}

function mediaImage(node: unknown): string | undefined {
  const media = get(node, 'media');
  const thumbnails = [...list(get(media, 'thumbnails')), ...list(get(media, 'groups')).flatMap((g) => list(get(g, 'thumbnails')))];
  const images = list(get(media, 'contents')).filter((c) => isObj(c) && (str(c.medium) === 'image' || /^image\//.test(str(c.type) ?? '')));
  return first(...thumbnails.map((t) => get(t, 'url')), ...images.map((c) => get(c, 'url')), get(node, 'itunes', 'image'));
}

function fromAtom(feed: Obj, fetchedUrl?: string): ParseResult {
  const base = resolveHttpUrl(get(feed, 'xml', 'base'), fetchedUrl) ?? fetchedUrl;
  const homePageUrl = resolveHttpUrl(atomLink(feed.links, 'alternate'), base);
  const info: FeedInfo = {
    title: feedTitle(str(feed.title), homePageUrl),
    description: str(feed.subtitle) ? toPlainText(str(feed.subtitle)!) || undefined : undefined,
    homePageUrl,
    feedUrl: resolveHttpUrl(atomLink(feed.links, 'self'), base),
    iconUrl: resolveHttpUrl(str(feed.icon), base) ?? resolveHttpUrl(str(feed.logo), base),
    language: str(get(feed, 'xml', 'lang')),
    nextUrl: resolveHttpUrl(atomLink(feed.links, 'next'), base),
  };
  const feedAuthors = names(feed.authors);
  const { articles, problems } = buildArticles(
    list(feed.entries).map((entry) => (isObj(entry) ? atomEntry(entry) : null)),
    base,
    feedAuthors,
    'entry',
  );
  return { ok: true, feed: info, articles, problems };
}

function atomEntry(entry: Obj): RawItem {
  const content = entry.content;
  const contentType = (str(get(content, 'type')) ?? 'text').toLowerCase();
  // out-of-line content (`src`) has no text for us; xhtml and html are markup, text is text.
  const contentValue = get(content, 'src') ? undefined : str(content);
  return {
    id: str(entry.id),
    url: atomLink(entry.links, 'alternate'),
    sourceUrl: atomLink(entry.links, 'related') ?? atomLink(entry.links, 'via'),
    title: str(entry.title),
    ...(contentType === 'text' ? { contentText: contentValue } : { contentHtml: contentValue }),
    summary: str(entry.summary),
    image: mediaImage(entry),
    // Atom requires only `updated`; without `published` it is the post's date.
    published: first(entry.published, ...list(get(entry, 'dc', 'dates')), entry.updated),
    modified: first(entry.updated),
    authors: [...names(entry.authors), ...strings(get(entry, 'dc', 'creators'))],
    tags: list(entry.categories).flatMap((c) => strings(first(get(c, 'label'), get(c, 'term')))),
    attachments: atomAttachments(entry.links),
    base: str(get(entry, 'xml', 'base')),
  };
}

function names(people: unknown): string[] {
  return list(people).flatMap((p) => strings(isObj(p) ? (p.name ?? p.email) : p));
}

function fromRss(feed: Obj, fetchedUrl?: string): ParseResult {
  const base = fetchedUrl ?? resolveHttpUrl(str(feed.link));
  const homePageUrl = resolveHttpUrl(str(feed.link), base) ?? resolveHttpUrl(atomLink(get(feed, 'atom', 'links'), 'alternate'), base);
  const info: FeedInfo = {
    title: feedTitle(first(feed.title, get(feed, 'dc', 'titles', '0')), homePageUrl),
    description: str(feed.description) ? toPlainText(str(feed.description)!) || undefined : undefined,
    homePageUrl,
    feedUrl: resolveHttpUrl(atomLink(get(feed, 'atom', 'links'), 'self'), base),
    iconUrl: resolveHttpUrl(first(get(feed, 'image', 'url'), get(feed, 'itunes', 'image')), base),
    language: first(feed.language, ...list(get(feed, 'dc', 'languages'))),
    nextUrl: resolveHttpUrl(atomLink(get(feed, 'atom', 'links'), 'next'), base),
  };
  const feedAuthors = [...names(feed.managingEditor), ...strings(get(feed, 'dc', 'creators'))].filter((n) => !n.includes('@'));
  const { articles, problems } = buildArticles(
    list(feed.items).map((item) => (isObj(item) ? rssItem(item) : null)),
    base,
    feedAuthors,
  );
  return { ok: true, feed: info, articles, problems };
}

function rssItem(item: Obj): RawItem {
  const guid = item.guid;
  const guidValue = str(guid);
  const guidIsLink = isObj(guid) ? guid.isPermaLink !== false : false;
  const link = first(item.link, get(item, 'rdf', 'about'), guidIsLink && /^https?:/i.test(guidValue ?? '') ? guidValue : undefined);
  const atomLinks = get(item, 'atom', 'links');
  return {
    // No guid: the link is the id (resolved, so a relative link still identifies the post).
    id: first(guidValue, get(item, 'rdf', 'about')),
    url: link,
    sourceUrl: first(get(item, 'source', 'url'), atomLink(atomLinks, 'related'), atomLink(atomLinks, 'via')),
    title: first(item.title, ...list(get(item, 'dc', 'titles'))),
    contentHtml: first(get(item, 'content', 'encoded')),
    summary: first(item.description, ...list(get(item, 'dc', 'descriptions'))),
    image: mediaImage(item) ?? list(item.enclosures).map((e) => (/^image\//.test(str(get(e, 'type')) ?? '') ? str(get(e, 'url')) : undefined)).find(Boolean),
    published: first(item.pubDate, ...list(get(item, 'dc', 'dates')), ...list(get(item, 'dcterms', 'issued'))),
    modified: first(...list(get(item, 'dcterms', 'modified')), get(item, 'atom', 'updated')),
    // RSS <author> is an e-mail address ("jo@example.org (Jo)"); keep the name part, or Dublin Core's creator.
    authors: [...strings(get(item, 'dc', 'creators')), ...list(item.authors).flatMap(rssAuthor)],
    tags: [...list(item.categories).flatMap((c) => strings(get(c, 'name') ?? c)), ...strings(get(item, 'dc', 'subjects'))],
    attachments: list(item.enclosures).map((e) => ({
      url: str(get(e, 'url')),
      mimeType: str(get(e, 'type')),
      sizeInBytes: Number(get(e, 'length')),
    })),
  };
}

function rssAuthor(author: unknown): string[] {
  const name = str(get(author, 'name')) ?? str(author);
  if (!name) return [];
  const inParens = /\(([^)]+)\)/.exec(name)?.[1];
  if (inParens) return [inParens];
  return name.includes('@') ? [] : [name];
}
