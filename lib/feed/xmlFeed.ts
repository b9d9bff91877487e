import { detectAtomFeed, detectRdfFeed, detectRssFeed, parseFeed as parseAnyFeed } from 'feedsmith';
import type { FeedInfo, FeedRefresh, ParseResult } from './article';
import { parseDate, trustedDate } from './dates';
import { capText } from './limits';
import {
  feedResult,
  firstText,
  hasText,
  htmlText,
  plainText,
  textOf,
  type NormaliseOptions,
  type RawAttachment,
  type RawCategory,
  type RawItem,
  type RawItems,
  type RawText,
} from './normalise';
import { cleanText } from './text';
import { displayDomain } from './host';
import { resolveHttpUrl } from './url';
import { localisable } from '../i18n/catalogue';

// Over 200 lines on purpose: RSS 2.0, Atom 1.0 and RSS 1.0 share one mapper, since they share most elements
// (and their namespaces: dc, content, media, itunes); one file per format would repeat the shared part thrice.

// RSS 2.0 (and 0.9x), Atom 1.0 (and 0.3) and RSS 1.0/RDF through feedsmith, a maintained pure-JS parser
// (fast-xml-parser underneath: no DOMParser, so it runs in the MV3 service worker and in Node), with the Dublin Core,
// iTunes, Media RSS and content namespaces it reads. feedsmith decodes the XML layer (entities, CDATA) once; each
// text then goes to the normaliser with the type its field declares: Atom says per element (`type="text|html|xhtml"`),
// RSS fields are HTML, Media RSS says `type="plain|html"`. feedsmith's output is read defensively, as untyped data:
// real feeds put anything anywhere.

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const NONE: never[] = [];
/** A value as a list (read, never changed: a missing value is one shared empty list, not a new one per item). */
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? NONE : [v]);
/** A string from a string, a number, or an object with a `value` (Atom and Media RSS text constructs). */
function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (isObj(v)) return str(v.value);
  return undefined;
}
/** `v[key]`, or `v[key][key2]`, where each is an object (two plain lookups: this runs dozens of times per item). */
function get(v: unknown, key: string, key2?: string): unknown {
  const value = isObj(v) ? v[key] : undefined;
  return key2 === undefined ? value : isObj(value) ? value[key2] : undefined;
}
/** The value's string, if it is not blank; for a list, its first item's that is not (see `first` for several values). */
function firstOf(v: unknown): string | undefined {
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = str(item);
      if (s && hasText(s)) return s;
    }
    return undefined;
  }
  const s = str(v);
  return s && hasText(s) ? s : undefined;
}
/**
 * The first non-blank string among the values, each read as `firstOf` reads it. (The items' fields are chains of
 * `firstOf(…) ??` instead: those read a candidate only when the ones before it have no value, and make no list.)
 */
const first = (...values: unknown[]): string | undefined => {
  for (const v of values) {
    const s = firstOf(v);
    if (s) return s;
  }
  return undefined;
};
const htmlList = (v: unknown): RawText[] => addHtml([], v);
/** `htmlList(v)` added to `out`, without a list per value. */
function addHtml(out: RawText[], v: unknown): RawText[] {
  for (const item of list(v)) {
    const text = htmlText(str(item));
    if (text) out.push(text);
  }
  return out;
}
/** The first of `htmlList(v)`, without the list. */
function firstHtml(v: unknown): RawText | undefined {
  for (const item of list(v)) {
    const text = htmlText(str(item));
    if (text) return text;
  }
  return undefined;
}

/**
 * A feed's items, each mapped to a RawItem as the normaliser reaches it (`null` for one that is not an object), as
 * JSON Feed's are: each RawItem is garbage once its post is made, rather than five thousand kept alive through the
 * whole normalisation.
 */
function eachAsRead(list: readonly unknown[], map: (item: Obj, index: number) => RawItem): RawItems {
  return {
    length: list.length,
    at(index: number) {
      const item = list[index];
      return isObj(item) ? map(item, index) : null;
    },
  };
}

export type XmlFormat = 'rss' | 'atom' | 'rdf';

type Context = { fetchedUrl?: string; fetchedAt: number; body: string };

/** XML text → articles. Never throws: feedsmith's errors become a `malformed` or `not-a-feed` value. */
export function parseXmlFeed(body: string, fetchedUrl?: string, fetchedAt = Date.now()): ParseResult {
  const context: Context = { fetchedUrl, fetchedAt, body };
  let parsed: { format: string; feed: unknown };
  try {
    parsed = parseAnyFeed(body) as { format: string; feed: unknown };
  } catch (error) {
    const name = (error as Error)?.name;
    // A well-formed feed with nothing feedsmith can extract (`<channel/>`, `<feed/>`): a feed with no posts, or one
    // whose items were all empty. Only if it ends as a document does: a body cut off after its root is broken.
    if (name === 'ParseError' && ENDS_ITS_ROOT.test(body.slice(-256))) {
      const format = detectAtomFeed(body)
        ? 'atom'
        : detectRdfFeed(body)
          ? 'rdf'
          : detectRssFeed(body)
            ? 'rss'
            : undefined;
      if (format)
        return feedResult(emptyFeedInfo(context), [], options(context, [], format === 'atom' ? 'entry' : 'item'), () =>
          countItems(body),
        );
    }
    if (name === 'DetectError' || /unrecognized/i.test((error as Error)?.message ?? '')) {
      return { ok: false, error: { kind: 'not-a-feed', ...localisable('err_notFeedXml') } };
    }
    return { ok: false, error: { kind: 'malformed', ...localisable('err_badXml') } };
  }
  if (!isObj(parsed.feed)) return { ok: false, error: { kind: 'malformed', ...localisable('err_empty') } };
  switch (parsed.format) {
    case 'atom':
      return fromAtom(parsed.feed, context);
    case 'rss':
    case 'rdf':
      return fromRss(parsed.feed, context);
    default:
      return {
        ok: false,
        error: {
          kind: 'unsupported',
          ...localisable('err_unsupported', cleanText(String(parsed.format)).slice(0, 20)),
        },
      };
  }
}

function options(
  context: Context,
  feedAuthors: readonly RawText[],
  noun: 'item' | 'entry',
  base = context.fetchedUrl,
): NormaliseOptions {
  return { base, feedAuthors, noun, fetchedAt: context.fetchedAt };
}

/** The end of a feed document: its root closed (`</rss>`, `</feed>`, `</rdf:RDF>`) or empty (`<feed/>`). */
const ENDS_ITS_ROOT = /(?:<\/(?:[\w-]+:)?(?:rss|feed|rdf)\s*>|<(?:[\w-]+:)?(?:rss|feed|rdf)\b[^<>]*\/>)\s*$/i;

/** How many items or entries the document holds, counted in the text (feedsmith drops empty ones before we see them). */
function countItems(body: string): number {
  return body.match(/<(?:[\w-]+:)?(?:item|entry)[\s/>]/gi)?.length ?? 0;
}

function feedTitle(raw: RawText | undefined, homePageUrl: string | undefined, fetchedUrl: string | undefined): string {
  return capText(textOf(raw), 'feedTitle') || displayDomain(homePageUrl ?? fetchedUrl ?? '') || 'Untitled feed';
}

function emptyFeedInfo(context: Context): FeedInfo {
  return { title: feedTitle(undefined, undefined, context.fetchedUrl) };
}

function description(raw: RawText | undefined): string | undefined {
  return capText(textOf(raw), 'feedDescription') || undefined;
}

function language(raw: string | undefined): string | undefined {
  return raw ? capText(cleanText(raw), 'language') || undefined : undefined;
}

function feedDate(raw: string | undefined, fetchedAt: number): number | undefined {
  return trustedDate(parseDate(raw), fetchedAt);
}

// ---- Atom ------------------------------------------------------------------------------------------------------

/** Atom links: `rel` defaults to "alternate". */
function atomLink(links: unknown, rel: string): string | undefined {
  for (const link of list(links)) {
    if (!isObj(link) || linkRel(link) !== rel) continue;
    const href = str(link.href);
    if (href && hasText(href)) return href;
  }
  return undefined;
}

/**
 * A link's `rel`, trimmed and in lower case, "alternate" when it has none. The ones feeds write are taken as they
 * are, without a new string for each link of each entry.
 */
function linkRel(link: Obj): string {
  const rel = str(link.rel);
  if (rel === undefined) return 'alternate';
  return KNOWN_RELS.has(rel) ? rel : rel.trim().toLowerCase();
}
const KNOWN_RELS = new Set(['alternate', 'related', 'via', 'self', 'next', 'enclosure']);

/** Atom `rel="enclosure"` links: a podcast's recording, a video (none: one shared empty list, not one per entry). */
function atomAttachments(links: unknown): readonly RawAttachment[] {
  let attachments: RawAttachment[] | undefined;
  for (const link of list(links)) {
    if (!isObj(link) || linkRel(link) !== 'enclosure') continue;
    (attachments ??= []).push({
      url: str(link.href),
      mimeType: str(link.type),
      title: str(link.title),
      sizeInBytes: Number(link.length),
    });
  }
  return attachments ?? NONE;
}

/**
 * An Atom text construct as its `type` says: `text` (the default) and other `text/*` types are plain text; `html`,
 * `xhtml` and XML types are markup (feedsmith hands xhtml over as the markup inside its `<div>`). Any other MIME type
 * is base64 (Atom 1.0), or `mode="base64"` said so (Atom 0.3): decoded when it is text, else there is nothing to read.
 */
function atomText(construct: unknown, base64: Set<string>): RawText | undefined {
  const value = str(construct);
  if (!value || !hasText(value)) return undefined;
  const type = (str(get(construct, 'type')) ?? 'text').trim().toLowerCase();
  if (base64.size && base64.has(value.replace(/\s+/g, ''))) {
    const decoded = decodeBase64Text(value);
    return decoded === undefined
      ? undefined
      : type === 'text' || (type.startsWith('text/') && type !== 'text/html')
        ? plainText(decoded)
        : htmlText(decoded);
  }
  if (type === 'text' || (type.startsWith('text/') && type !== 'text/html' && type !== 'text/xml'))
    return plainText(value);
  if (type === 'html' || type === 'xhtml' || type === 'text/html' || type === 'text/xml' || /[/+]xml$/.test(type))
    return htmlText(value);
  return undefined;
}

/** The (whitespace-free) values of the elements that Atom 0.3's `mode="base64"` marks as base64. */
function base64Values(body: string): Set<string> {
  const values = new Set<string>();
  // A plain substring search first: it costs far less than the pattern on a multi-megabyte feed.
  if (!body.includes('base64') || !/mode\s*=\s*["']base64/i.test(body)) return values;
  for (const m of body.matchAll(
    /<(?:[\w-]+:)?(?:content|summary|title|tagline|subtitle)\b[^>]*\bmode\s*=\s*["']base64["'][^>]*>([^<]*)</gi,
  )) {
    values.add(m[1]!.replace(/\s+/g, ''));
  }
  return values;
}

function decodeBase64Text(value: string): string | undefined {
  try {
    const binary = atob(value.replace(/\s+/g, ''));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function fromAtom(feed: Obj, context: Context): ParseResult {
  const base = resolveHttpUrl(get(feed, 'xml', 'base'), context.fetchedUrl) ?? context.fetchedUrl;
  const base64 = base64Values(context.body);
  const homePageUrl = resolveHttpUrl(atomLink(feed.links, 'alternate'), base);
  const info: FeedInfo = {
    title: feedTitle(atomText(feed.title, base64), homePageUrl, context.fetchedUrl),
    description: description(
      firstText(
        atomText(feed.subtitle, base64),
        htmlText(first(get(feed, 'itunes', 'summary'), get(feed, 'itunes', 'subtitle'))),
      ),
    ),
    homePageUrl,
    feedUrl: resolveHttpUrl(atomLink(feed.links, 'self'), base),
    iconUrl: resolveHttpUrl(str(feed.icon), base) ?? resolveHttpUrl(str(feed.logo), base),
    language: language(str(get(feed, 'xml', 'lang'))),
    nextUrl: resolveHttpUrl(atomLink(feed.links, 'next'), base),
    updatedAt: feedDate(first(feed.updated, get(feed, 'dc', 'dates')), context.fetchedAt),
    refresh: refreshHints(feed),
  };
  const feedAuthors = [
    ...names(feed.authors),
    ...list(get(feed, 'dc', 'creators')).flatMap((c) => plainText(str(c)) ?? []),
  ];
  const entries = eachAsRead(list(feed.entries), (entry) => atomEntry(entry, base64));
  return feedResult(info, entries, options(context, feedAuthors, 'entry', base), () => countItems(context.body));
}

function atomEntry(entry: Obj, base64: Set<string>): RawItem {
  const content = entry.content;
  const media = entry.media;
  const authors = names(entry.authors);
  for (const creator of list(get(entry, 'dc', 'creators'))) {
    const name = plainText(str(creator));
    if (name) authors.push(name);
  }
  const enclosures = atomAttachments(entry.links);
  const attachments = isObj(media) ? [...enclosures, ...mediaAttachments(media)] : enclosures;
  return {
    id: str(entry.id),
    url: atomLink(entry.links, 'alternate'),
    sourceUrl: atomLink(entry.links, 'related') ?? atomLink(entry.links, 'via'),
    title: atomText(entry.title, base64) ?? mediaText(get(media, 'title')),
    // Out-of-line content (`src`) has no text for us.
    content: get(content, 'src') ? undefined : atomText(content, base64),
    summary: atomText(entry.summary, base64) ?? mediaDescription(media),
    image: mediaImage(entry),
    // Atom requires only `updated`; without `published` it is the post's date.
    published: firstOf(entry.published) ?? firstOf(get(entry, 'dc', 'dates')) ?? firstOf(entry.updated),
    modified: firstOf(entry.updated),
    authors,
    tags: atomCategories(entry.categories),
    attachments,
    base: str(get(entry, 'xml', 'base')),
  };
}

/** Atom categories: `label` (a person reads it) and `term` (the feed files the post under it); text, both. */
function atomCategories(categories: unknown): RawCategory[] {
  const out: RawCategory[] = [];
  for (const category of list(categories)) {
    const term = str(get(category, 'term'))?.trim();
    const labelled = firstOf(get(category, 'label'));
    const label = plainText(labelled ?? firstOf(term));
    // With no label of its own, its term is its label: a plain label, as an RSS category is.
    if (label) out.push(labelled ? { label, term } : label);
  }
  return out;
}

/** Atom people: their names (an e-mail address alone is no name). */
function names(people: unknown): RawText[] {
  const out: RawText[] = [];
  for (const person of list(people)) {
    const name = plainText(isObj(person) ? firstOf(person.name) : str(person));
    if (name) out.push(name);
  }
  return out;
}

// ---- Media RSS and iTunes (both formats) --------------------------------------------------------------------

/** A Media RSS `<media:title>`/`<media:description>`: `type="plain"` (the default) or `"html"`. */
function mediaText(construct: unknown): RawText | undefined {
  const value = str(construct);
  return str(get(construct, 'type'))?.trim().toLowerCase() === 'html' ? htmlText(value) : plainText(value);
}

/** The `title` or `description` of the first `<media:group>` that has one. */
function mediaGroupText(media: unknown, field: 'title' | 'description'): RawText | undefined {
  if (!isObj(media)) return undefined;
  for (const group of list(media.groups)) {
    const text = mediaText(get(group, field));
    if (text) return text;
  }
  return undefined;
}

/** `<media:description>`, of the item or of its first `<media:group>` that has one. */
function mediaDescription(media: unknown): RawText | undefined {
  return isObj(media) ? (mediaText(media.description) ?? mediaGroupText(media, 'description')) : undefined;
}

function mediaContents(media: unknown): Obj[] {
  if (!isObj(media)) return NONE;
  return [...list(media.contents), ...list(media.groups).flatMap((g) => list(get(g, 'contents')))].filter(isObj);
}

const isImage = (c: Obj) => str(c.medium) === 'image' || /^image\//i.test(str(c.type) ?? '');

function mediaImage(node: unknown): string | undefined {
  const media = get(node, 'media');
  if (!isObj(media)) return itunesImage(node);
  const thumbnails = [
    ...list(get(media, 'thumbnails')),
    ...list(get(media, 'groups')).flatMap((g) => list(get(g, 'thumbnails'))),
    ...mediaContents(media).flatMap((c) => list(c.thumbnails)),
  ];
  const images = mediaContents(media).filter(isImage);
  return first(...thumbnails.map((t) => get(t, 'url')), ...images.map((c) => c.url), itunesImage(node));
}

function itunesImage(node: unknown): string | undefined {
  const image = get(node, 'itunes', 'image');
  return firstOf(image) ?? firstOf(get(image, 'href')) ?? firstOf(get(image, 'url'));
}

/** Media RSS `<media:content>` that is not an image: a video or a recording, kept like an enclosure. */
function mediaAttachments(media: unknown): RawAttachment[] {
  return mediaContents(media)
    .filter((c) => !isImage(c))
    .map((c) => ({
      url: str(c.url),
      mimeType: str(c.type),
      title: str(c.title),
      sizeInBytes: Number(c.fileSize),
      durationInSeconds: Number(c.duration),
    }));
}

// ---- RSS 2.0, 0.9x and RSS 1.0 / RDF ---------------------------------------------------------------------------

function fromRss(feed: Obj, context: Context): ParseResult {
  const base = context.fetchedUrl ?? resolveHttpUrl(str(feed.link));
  const atomLinks = get(feed, 'atom', 'links');
  const homePageUrl = resolveHttpUrl(str(feed.link), base) ?? resolveHttpUrl(atomLink(atomLinks, 'alternate'), base);
  const info: FeedInfo = {
    title: feedTitle(
      firstText(
        htmlText(str(feed.title)),
        ...htmlList(get(feed, 'dc', 'titles')),
        htmlText(str(get(feed, 'itunes', 'title'))),
      ),
      homePageUrl,
      context.fetchedUrl,
    ),
    description: description(
      firstText(
        htmlText(str(feed.description)),
        htmlText(str(get(feed, 'itunes', 'summary'))),
        htmlText(str(get(feed, 'itunes', 'subtitle'))),
        ...htmlList(get(feed, 'dc', 'descriptions')),
      ),
    ),
    homePageUrl,
    feedUrl: resolveHttpUrl(atomLink(atomLinks, 'self'), base),
    iconUrl: resolveHttpUrl(first(get(feed, 'image', 'url'), itunesImage(feed)), base),
    language: language(first(feed.language, get(feed, 'dc', 'languages'))),
    nextUrl: resolveHttpUrl(atomLink(atomLinks, 'next'), base),
    updatedAt: feedDate(
      first(feed.lastBuildDate, feed.pubDate, get(feed, 'dc', 'dates'), get(feed, 'atom', 'updated')),
      context.fetchedAt,
    ),
    refresh: refreshHints(feed),
  };
  const feedAuthors = [
    ...list(feed.managingEditor).flatMap((person) => rssPerson(person) ?? []),
    ...htmlList(get(feed, 'dc', 'creators')),
    ...htmlList(get(feed, 'itunes', 'author')),
  ];
  const rawItems = list(feed.items);
  const bodies = xhtmlBodies(context.body, rawItems.length);
  const items = eachAsRead(rawItems, (item, i) => rssItem(item, bodies?.[i]));
  return feedResult(info, items, options(context, feedAuthors, 'item', base), () => countItems(context.body));
}

const SY_PERIOD_MINUTES: Record<string, number> = {
  hourly: 60,
  daily: 1440,
  weekly: 7 * 1440,
  monthly: 30 * 1440,
  yearly: 365 * 1440,
};
const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** What the channel says about its updates: RSS ttl, skipHours, skipDays, and the syndication module (also in RDF). */
function refreshHints(feed: Obj): FeedRefresh | undefined {
  const hints: FeedRefresh = {};
  const ttl = Number(str(feed.ttl));
  if (Number.isFinite(ttl) && ttl > 0) hints.ttlMinutes = ttl;
  const period = SY_PERIOD_MINUTES[(str(get(feed, 'sy', 'updatePeriod')) ?? '').trim().toLowerCase()];
  // sy:updateFrequency is how many times per period; absent, once.
  const frequency = Number(str(get(feed, 'sy', 'updateFrequency')) ?? 1);
  if (period && Number.isFinite(frequency) && frequency >= 1) hints.updateEveryMinutes = period / frequency;
  const hours = [...new Set(list(feed.skipHours).map((h) => Number(str(h))))].filter(
    (h) => Number.isInteger(h) && h >= 0 && h <= 23,
  );
  // RSS 2.0 numbers hours 0–23; some feeds write 24 for midnight.
  for (const h of list(feed.skipHours)) if (Number(str(h)) === 24 && !hours.includes(0)) hours.push(0);
  if (hours.length && hours.length < 24) hints.skipHours = hours.sort((a, b) => a - b);
  const days = [...new Set(list(feed.skipDays).map((d) => DAY_NAMES.indexOf((str(d) ?? '').trim().toLowerCase())))]
    .filter((d) => d >= 0)
    .sort((a, b) => a - b);
  if (days.length && days.length < 7) hints.skipDays = days;
  return Object.keys(hints).length ? hints : undefined;
}

function rssItem(item: Obj, xhtmlBody: string | undefined): RawItem {
  const guid = item.guid;
  const guidValue = str(guid);
  const guidIsLink = isObj(guid) ? guid.isPermaLink !== false : false;
  const rdfAbout = get(item, 'rdf', 'about');
  const atomLinks = get(item, 'atom', 'links');
  const { media, itunes, dc, dcterms } = item;
  // Each field is the first of its candidates that has a value; the later ones are only read when it has none.
  return {
    // No guid: the link is the id (resolved, so a relative link still identifies the post).
    id: firstOf(guidValue) ?? firstOf(rdfAbout),
    url:
      firstOf(item.link) ??
      firstOf(rdfAbout) ??
      (guidIsLink && /^https?:/i.test(guidValue ?? '') ? firstOf(guidValue) : undefined) ??
      atomLink(atomLinks, 'alternate'),
    sourceUrl: firstOf(get(item, 'source', 'url')) ?? atomLink(atomLinks, 'related') ?? atomLink(atomLinks, 'via'),
    title:
      htmlText(str(item.title)) ??
      firstHtml(get(dc, 'titles')) ??
      mediaText(get(media, 'title')) ??
      mediaGroupText(media, 'title') ??
      htmlText(str(get(itunes, 'title'))),
    content: htmlText(str(get(item, 'content', 'encoded'))) ?? htmlText(xhtmlBody),
    summary:
      htmlText(str(item.description)) ??
      firstHtml(get(dc, 'descriptions')) ??
      htmlText(str(get(itunes, 'summary'))) ??
      htmlText(str(get(itunes, 'subtitle'))) ??
      mediaDescription(media),
    image: mediaImage(item) ?? enclosedImage(item.enclosures),
    published:
      firstOf(item.pubDate) ??
      firstOf(get(dc, 'dates')) ??
      firstOf(get(dcterms, 'issued')) ??
      firstOf(get(dcterms, 'created')) ??
      firstOf(get(item, 'atom', 'published')),
    modified: firstOf(get(dcterms, 'modified')) ?? firstOf(get(item, 'atom', 'updated')),
    authors: rssAuthors(item, dc, itunes),
    tags: rssTags(item.categories, get(dc, 'subjects')),
    attachments: rssAttachments(item.enclosures, media),
  };
}

/** The address of the first enclosure that is an image. */
function enclosedImage(enclosures: unknown): string | undefined {
  for (const enclosure of list(enclosures)) {
    if (!/^image\//.test(str(get(enclosure, 'type')) ?? '')) continue;
    const url = str(get(enclosure, 'url'));
    if (url) return url;
  }
  return undefined;
}

/** Dublin Core creators, then RSS authors, then iTunes authors: one list, built once. */
function rssAuthors(item: Obj, dc: unknown, itunes: unknown): RawText[] {
  const authors = htmlList(get(dc, 'creators'));
  for (const person of list(item.authors)) {
    const name = rssPerson(person);
    if (name) authors.push(name);
  }
  return addHtml(authors, get(itunes, 'author'));
}

/** RSS categories (their names), then Dublin Core subjects. */
function rssTags(categories: unknown, subjects: unknown): RawText[] {
  const tags: RawText[] = [];
  for (const category of list(categories)) {
    const tag = htmlText(str(get(category, 'name') ?? category));
    if (tag) tags.push(tag);
  }
  return addHtml(tags, subjects);
}

/** RSS enclosures, then Media RSS contents that are not images. */
function rssAttachments(enclosures: unknown, media: unknown): readonly RawAttachment[] {
  const attachments: RawAttachment[] = [];
  for (const enclosure of list(enclosures)) {
    attachments.push({
      url: str(get(enclosure, 'url')),
      mimeType: str(get(enclosure, 'type')),
      sizeInBytes: Number(get(enclosure, 'length')),
    });
  }
  if (isObj(media)) attachments.push(...mediaAttachments(media));
  return attachments.length ? attachments : NONE;
}

/** RSS `<author>`/`<managingEditor>` as feedsmith splits them ("jo@example.org (Jo)" → name Jo). */
function rssPerson(person: unknown): RawText | undefined {
  return htmlText(str(get(person, 'name')) ?? (typeof person === 'string' ? person : undefined));
}

const XHTML_NAMESPACE = /xmlns(?::([\w.-]+))?\s*=\s*["']http:\/\/www\.w3\.org\/1999\/xhtml["']/gi;

/**
 * The `<xhtml:body>` of each item, by position (feedsmith does not read it): the content of feeds that put XHTML
 * inline. Undefined when the document has none, or when its items cannot be matched to feedsmith's one to one.
 */
function xhtmlBodies(body: string, itemCount: number): (string | undefined)[] | undefined {
  if (!body.includes('http://www.w3.org/1999/xhtml')) return undefined;
  const prefixes = new Set([...body.matchAll(XHTML_NAMESPACE)].map((m) => (m[1] ? `${m[1].toLowerCase()}:` : '')));
  const rawItems = [...body.matchAll(/<((?:[\w-]+:)?item)\b(?![^>]*\/>)[^>]*>([\s\S]*?)<\/\1\s*>/gi)]
    .map((m) => m[2]!)
    .filter((inner) => inner.trim());
  if (rawItems.length !== itemCount) return undefined;
  return rawItems.map((inner) => {
    const m = /<((?:[\w.-]+:)?body)\b([^>]*)>([\s\S]*?)<\/\1\s*>/i.exec(inner);
    if (!m) return undefined;
    const prefix = m[1]!.toLowerCase().slice(0, -'body'.length);
    const declaresXhtml = prefixes.has(prefix) || /xmlns\s*=\s*["']http:\/\/www\.w3\.org\/1999\/xhtml["']/i.test(m[2]!);
    return declaresXhtml ? m[3] : undefined;
  });
}
