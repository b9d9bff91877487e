import { z } from 'zod/mini';
import type { FeedInfo, ParseResult } from './article';
import { capText } from './limits';
import {
  feedResult,
  htmlText,
  plainText,
  textOf,
  type RawAttachment,
  type RawItem,
  type RawItems,
  type RawText,
} from './normalise';
import { cleanText } from './text';
import { displayDomain } from './host';
import { resolveHttpUrl } from './url';
import { isPlainObject as isObject } from './own';

// JSON Feed 1.1 (https://jsonfeed.org/version/1.1), also accepting 1.0. Lenient where real feeds are sloppy
// (numeric ids, one tag as a string, one author object, wrong-typed optional fields are dropped), strict where
// it matters: only http(s) links and plain text come out. Text fields are plain text, as the spec says of titles,
// summaries and `content_text` (a title that mentions `<T>` or `&amp;` shows exactly that), except `content_html`
// and the feed's `description`, which the spec leaves open and publishers fill with HTML.
//
// zod checks the envelope (a version URL and a list of items), once per feed. Each item is then read field by field
// straight into the normaliser's RawItem, in one pass: item fields are all lenient (a wrong type reads as missing),
// so a schema per item would check nothing more, and zod's per-field work and garbage made a cold parse (what the
// service worker does: one feed, once) several times slower than `JSON.parse` of the same bytes.

/** A lenient field: whatever the feed wrote, turned into the value we use (undefined when missing or wrong-typed). */
const lenient = <T>(read: (value: unknown) => T) => z.transform(read);

/** A string, or undefined for anything else. */
const stringOrNone = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** A number, or a string that holds one (`"3600"`); undefined for anything else. */
const numberOrNone = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : undefined;
/** An id: a non-blank string (trimmed) or a finite number (`42` → `"42"`). */
function idOrNone(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}
const isNamed = (author: unknown): author is { name: string } =>
  isObject(author) && typeof author.name === 'string' && author.name !== '';

/**
 * The names in a list of authors, or in one author object where a list belongs (JSON Feed 1.0's `author`);
 * undefined when there is no author object at all. A lone named author's list is shared (`oneAuthor`); any other is
 * counted first, then filled: one exact list.
 */
function authorNames(value: unknown): readonly RawText[] | undefined {
  if (isObject(value)) return isNamed(value) ? [value.name] : [];
  if (!Array.isArray(value)) return undefined;
  if (value.length === 1 && isNamed(value[0])) return oneAuthor(value[0].name);
  let authors = 0;
  let named = 0;
  for (let i = 0; i < value.length; i++) {
    if (isObject(value[i])) authors++;
    if (isNamed(value[i])) named++;
  }
  if (!authors) return undefined;
  const names = new Array<RawText>(named);
  for (let i = 0, n = 0; n < named; i++) if (isNamed(value[i])) names[n++] = value[i].name;
  return names;
}
/**
 * One list per author name, shared by every post of the feed that names that author alone (most posts of most
 * feeds): a list per post was 5,000 allocations in a 5,000-post feed's cold parse. Lists are never changed once made
 * (a post without authors already shares the feed's). Emptied after each feed (`parseJsonFeed`).
 */
const loneAuthors = new Map<string, readonly RawText[]>();
function oneAuthor(name: string): readonly RawText[] {
  let names = loneAuthors.get(name);
  if (!names) loneAuthors.set(name, (names = [name]));
  return names;
}
/** One empty list for every item without authors or attachments: a cold parse pays for each allocation. */
const NONE: readonly never[] = [];
/** JSON Feed 1.1's `authors`, else 1.0's `author` (when `authors` holds no author at all). */
const authorsOf = (current: unknown, old: unknown): readonly RawText[] =>
  authorNames(current) ?? authorNames(old) ?? NONE;
/** The strings of a list (the list itself when it holds nothing else), or one string where a list belongs. */
function stringsOf(v: unknown): string[] {
  if (!Array.isArray(v)) return typeof v === 'string' ? [v] : [];
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return v.filter((t) => typeof t === 'string');
  return v as string[];
}
/** The objects of a list, or one object where a list belongs (sloppy `attachments`). */
const objectsOf = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter(isObject) : isObject(v) ? [v] : [];

const VERSION_URL = /^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/;

export const JsonFeedSchema = z.object({
  version: z.string().check(z.refine((v) => VERSION_URL.test(v.trim()), { error: 'is not a JSON Feed version URL' })),
  title: lenient(stringOrNone),
  description: lenient(stringOrNone),
  home_page_url: lenient(stringOrNone),
  feed_url: lenient(stringOrNone),
  next_url: lenient(stringOrNone),
  icon: lenient(stringOrNone),
  favicon: lenient(stringOrNone),
  language: lenient(stringOrNone),
  expired: lenient((v) => v === true),
  authors: lenient((v) => v),
  author: lenient((v) => v),
  // Only that it is a list: each item is read on its own (a bad item is skipped, not the feed), so the list is
  // taken as it is rather than copied element by element.
  items: z.custom<unknown[]>((v) => Array.isArray(v), { error: 'is missing or is not a list' }),
});

/**
 * Turns an already JSON-parsed document into articles. `fetchedUrl` is where the feed came from, the base for
 * relative URLs when the feed does not name its own `feed_url`.
 */
export function parseJsonFeed(document: unknown, fetchedUrl?: string, fetchedAt = Date.now()): ParseResult {
  const parsed = JsonFeedSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `“${issue.path.join('.')}”` : 'the document';
    return {
      ok: false,
      error: {
        kind: 'malformed',
        message: `This is not a valid JSON Feed: ${where} ${issue?.message ?? 'is invalid'}.`,
      },
    };
  }
  const doc = parsed.data;
  const base = resolveHttpUrl(doc.feed_url, fetchedUrl) ?? fetchedUrl ?? resolveHttpUrl(doc.home_page_url);
  const homePageUrl = resolveHttpUrl(doc.home_page_url, base);
  const feed: FeedInfo = {
    title: capText(textOf(doc.title), 'feedTitle') || displayDomain(homePageUrl ?? fetchedUrl ?? '') || 'Untitled feed',
    description: capText(textOf(htmlText(doc.description)), 'feedDescription') || undefined,
    homePageUrl,
    feedUrl: resolveHttpUrl(doc.feed_url, base),
    iconUrl: resolveHttpUrl(doc.icon, base) ?? resolveHttpUrl(doc.favicon, base),
    language: doc.language ? capText(cleanText(doc.language), 'language') || undefined : undefined,
    expired: doc.expired || undefined,
    nextUrl: resolveHttpUrl(doc.next_url, base),
  };
  const feedAuthors = authorsOf(doc.authors, doc.author);
  // Each item read as the normaliser reaches it, not all first, into one RawItem refilled each time (see RawItems):
  // five thousand RawItems, each garbage once its post was made, were a fifth of what the normalising allocated, and
  // a cold parse (a service worker that wakes up to poll) pays for its garbage in scavenges. Read all first, the
  // RawItems were also kept alive (and copied by each scavenge) through the whole parse. A cold parse of a
  // 5,000-item feed in Chromium: 8% less time read as reached (eight A/B pairs); refilled, 2.5% and 7% less again
  // (medians of two A/B runs, 16 and 12 rounds of nine parses each).
  const list = doc.items;
  const current = blankRawItem();
  const items: RawItems = {
    length: list.length,
    at(index: number) {
      const raw = list[index];
      return isObject(raw) ? readItemInto(current, raw) : null;
    },
  };
  try {
    return feedResult(feed, items, { base, feedAuthors, fetchedAt });
  } finally {
    loneAuthors.clear();
  }
}

/** A RawItem with every field present, for `readItemInto` to refill (made with them all, it keeps one shape). */
const blankRawItem = (): RawItem => ({
  id: undefined,
  url: undefined,
  sourceUrl: undefined,
  title: undefined,
  content: undefined,
  contentHtml: undefined,
  summary: undefined,
  image: undefined,
  published: undefined,
  modified: undefined,
  authors: NONE,
  tags: [],
  attachments: NONE,
});

/**
 * One item, read field by field into `target` (every field written, so nothing of the item before it is left):
 * every field is optional, and one of the wrong type reads as missing.
 */
function readItemInto(target: RawItem, item: Record<string, unknown>): RawItem {
  target.id = idOrNone(item.id);
  target.url = stringOrNone(item.url);
  target.sourceUrl = stringOrNone(item.external_url);
  target.title = stringOrNone(item.title);
  // The plain-text version when there is one: it is what the publisher wrote for readers without HTML.
  target.content = plainText(stringOrNone(item.content_text));
  target.contentHtml = stringOrNone(item.content_html);
  target.summary = stringOrNone(item.summary);
  target.image = stringOrNone(item.image) ?? stringOrNone(item.banner_image);
  target.published = stringOrNone(item.date_published);
  target.modified = stringOrNone(item.date_modified);
  target.authors = authorsOf(item.authors, item.author);
  target.tags = stringsOf(item.tags);
  target.attachments = item.attachments === undefined ? NONE : objectsOf(item.attachments).map(toRawAttachment);
  return target;
}

function toRawAttachment(attachment: Record<string, unknown>): RawAttachment {
  return {
    url: stringOrNone(attachment.url),
    mimeType: stringOrNone(attachment.mime_type),
    title: stringOrNone(attachment.title),
    sizeInBytes: numberOrNone(attachment.size_in_bytes),
    durationInSeconds: numberOrNone(attachment.duration_in_seconds),
  };
}
