import { z } from 'zod';
import type { FeedInfo, ParseResult } from './article';
import { capText } from './limits';
import { feedResult, htmlText, plainText, textOf, type RawItem, type RawText } from './normalise';
import { cleanText } from './text';
import { displayDomain } from './host';
import { resolveHttpUrl } from './url';

// JSON Feed 1.1 (https://jsonfeed.org/version/1.1), also accepting 1.0. Lenient where real feeds are sloppy
// (numeric ids, one tag as a string, one author object, wrong-typed optional fields are dropped), strict where
// it matters: only http(s) links and plain text come out. Text fields are plain text, as the spec says of titles,
// summaries and `content_text` (a title that mentions `<T>` or `&amp;` shows exactly that), except `content_html`
// and the feed's `description`, which the spec leaves open and publishers fill with HTML.

/**
 * A lenient field: one zod node that turns whatever the feed wrote into the value we use (undefined, or an empty
 * list, when it is missing or of the wrong type). One node per field, not `z.unknown().transform().optional()`:
 * zod runs jitless here (MV3's CSP), where each extra layer costs allocations, and a 5,000-item feed felt it.
 */
const lenient = <T>(read: (value: unknown) => T) => z.transform(read);

const optionalString = lenient((v) => (typeof v === 'string' ? v : undefined));
const idLike = lenient((v) =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined,
);
const optionalNumber = lenient((v) =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : undefined,
);
/** An array, or one object where an array belongs (JSON Feed 1.0's `author`, sloppy `attachments`). */
const objectsOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : []);

const AuthorSchema = z.object({ name: optionalString, url: optionalString, avatar: optionalString });
const authorList = lenient((v) =>
  objectsOf(v).flatMap((a) => {
    const parsed = AuthorSchema.safeParse(a);
    return parsed.success ? [parsed.data] : [];
  }),
);
const stringList = lenient((v) => (Array.isArray(v) ? v : [v]).filter((t): t is string => typeof t === 'string'));

const AttachmentSchema = z.object({
  url: optionalString,
  mime_type: optionalString,
  title: optionalString,
  size_in_bytes: optionalNumber,
  duration_in_seconds: optionalNumber,
});
const attachmentList = lenient((v) =>
  objectsOf(v).flatMap((a) => {
    const parsed = AttachmentSchema.safeParse(a);
    return parsed.success ? [parsed.data] : [];
  }),
);

export const JsonFeedItemSchema = z.object({
  id: idLike,
  url: optionalString,
  external_url: optionalString,
  title: optionalString,
  content_html: optionalString,
  content_text: optionalString,
  summary: optionalString,
  image: optionalString,
  banner_image: optionalString,
  date_published: optionalString,
  date_modified: optionalString,
  authors: authorList,
  author: authorList,
  tags: stringList,
  language: optionalString,
  attachments: attachmentList,
});
export type JsonFeedItem = z.infer<typeof JsonFeedItemSchema>;

export const JsonFeedSchema = z.object({
  version: z.string().refine((v) => /^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/.test(v.trim()), {
    message: 'is not a JSON Feed version URL',
  }),
  title: optionalString,
  description: optionalString,
  home_page_url: optionalString,
  feed_url: optionalString,
  next_url: optionalString,
  icon: optionalString,
  favicon: optionalString,
  language: optionalString,
  expired: lenient((v) => v === true),
  authors: authorList,
  author: authorList,
  // Only that it is a list: each item is checked on its own (a bad item is skipped, not the feed), so the list is
  // taken as it is rather than copied element by element.
  items: z.custom<unknown[]>((v) => Array.isArray(v), { message: 'is missing or is not a list' }),
});

function authorNames(list: { name?: string }[]): RawText[] {
  const names: RawText[] = [];
  for (const author of list) if (author.name) names.push(author.name);
  return names;
}

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
  const feedAuthors = authorNames(doc.authors.length ? doc.authors : doc.author);
  const items = doc.items.map((raw) =>
    raw && typeof raw === 'object' && !Array.isArray(raw) ? toRawItem(JsonFeedItemSchema.parse(raw)) : null,
  );
  return feedResult(feed, items, { base, feedAuthors, fetchedAt });
}

function toRawItem(item: JsonFeedItem): RawItem {
  return {
    id: item.id,
    url: item.url,
    sourceUrl: item.external_url,
    title: item.title,
    // The plain-text version when there is one: it is what the publisher wrote for readers without HTML.
    content: plainText(item.content_text) ?? htmlText(item.content_html),
    summary: item.summary,
    image: item.image ?? item.banner_image,
    published: item.date_published,
    modified: item.date_modified,
    authors: authorNames(item.authors.length ? item.authors : item.author),
    tags: item.tags,
    attachments: item.attachments.map((a) => ({
      url: a.url,
      mimeType: a.mime_type,
      title: a.title,
      sizeInBytes: a.size_in_bytes,
      durationInSeconds: a.duration_in_seconds,
    })),
  };
}
