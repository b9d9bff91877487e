import { z } from 'zod';
import type { Article, FeedInfo, ItemProblem, ParseResult } from './article';
import { compareNewestFirst } from './article';
import { excerpt, findSourceLine, toPlainText } from './text';
import { displayDomain, resolveHttpUrl } from './url';

// JSON Feed 1.1 (https://jsonfeed.org/version/1.1), also accepting 1.0. Lenient where real feeds are sloppy
// (numeric ids, one tag as a string, one author object, wrong-typed optional fields are dropped), strict where
// it matters: only http(s) links and plain text come out.

/** An optional field that is dropped, not fatal, when it has the wrong type. */
const optionalString = z.unknown().transform((v) => (typeof v === 'string' ? v : undefined)).optional();
const idLike = z
  .unknown()
  .transform((v) => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined))
  .optional();
const AuthorSchema = z.object({ name: optionalString, url: optionalString, avatar: optionalString });
const authorList = z.unknown().optional().transform((v) => {
  const list = Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : [];
  return list.flatMap((a) => {
    const parsed = AuthorSchema.safeParse(a);
    return parsed.success ? [parsed.data] : [];
  });
});
const stringList = z.unknown().optional().transform((v) =>
  (Array.isArray(v) ? v : [v]).filter((t): t is string => typeof t === 'string'),
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
});
export type JsonFeedItem = z.infer<typeof JsonFeedItemSchema>;

export const JsonFeedSchema = z.object({
  version: z
    .string()
    .refine((v) => /^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/.test(v.trim()), {
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
  expired: z.unknown().optional().transform((v) => v === true),
  authors: authorList,
  author: authorList,
  items: z.array(z.unknown()),
});

export function looksLikeJsonFeed(value: unknown): boolean {
  return !!value && typeof value === 'object' && 'version' in value && typeof value.version === 'string'
    && value.version.includes('jsonfeed.org');
}

function parseDate(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const time = Date.parse(raw);
  return Number.isFinite(time) ? time : undefined;
}

function authorNames(list: { name?: string }[]): string[] {
  return list.map((a) => (a.name ? toPlainText(a.name) : '')).filter(Boolean);
}

function uniqueTags(tags: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = toPlainText(raw).slice(0, 60);
    const key = tag.toLowerCase();
    if (tag && !seen.has(key)) {
      seen.add(key);
      out.push(tag);
    }
  }
  return out;
}

/**
 * Turns an already JSON-parsed document into articles. `fetchedUrl` is where the feed came from, the base for
 * relative URLs when the feed does not name its own `feed_url`.
 */
export function parseJsonFeed(document: unknown, fetchedUrl?: string): ParseResult {
  const parsed = JsonFeedSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `“${issue.path.join('.')}”` : 'the document';
    return {
      ok: false,
      error: { kind: 'malformed', message: `This is not a valid JSON Feed: ${where} ${issue?.message ?? 'is invalid'}.` },
    };
  }
  const doc = parsed.data;
  const base = resolveHttpUrl(doc.feed_url, fetchedUrl) ?? fetchedUrl ?? resolveHttpUrl(doc.home_page_url);
  const homePageUrl = resolveHttpUrl(doc.home_page_url, base);
  const feed: FeedInfo = {
    title: toPlainText(doc.title ?? '') || (homePageUrl ? displayDomain(homePageUrl) : 'Untitled feed'),
    description: doc.description ? toPlainText(doc.description) : undefined,
    homePageUrl,
    feedUrl: resolveHttpUrl(doc.feed_url, base),
    iconUrl: resolveHttpUrl(doc.icon, base) ?? resolveHttpUrl(doc.favicon, base),
    language: doc.language,
    expired: doc.expired || undefined,
    nextUrl: resolveHttpUrl(doc.next_url, base),
  };
  const feedAuthors = authorNames(doc.authors.length ? doc.authors : doc.author);

  const articles: Article[] = [];
  const problems: ItemProblem[] = [];
  const seenIds = new Map<string, number>();
  doc.items.forEach((raw, index) => {
    const label = `item ${index + 1}`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({ item: label, reason: 'is not an object' });
      return;
    }
    const item = JsonFeedItemSchema.parse(raw);
    const article = toArticle(item, base, feedAuthors);
    if ('reason' in article) {
      problems.push({ item: item.id ? `item “${item.id.slice(0, 80)}”` : label, reason: article.reason });
      return;
    }
    const earlier = seenIds.get(article.id);
    if (earlier !== undefined) {
      // Duplicate ids collapse: the most recently modified version wins.
      const previous = articles[earlier]!;
      if ((article.modifiedAt ?? 0) > (previous.modifiedAt ?? 0)) articles[earlier] = article;
      return;
    }
    seenIds.set(article.id, articles.length);
    articles.push(article);
  });
  articles.sort(compareNewestFirst);
  return { ok: true, feed, articles, problems };
}

function toArticle(item: JsonFeedItem, base: string | undefined, feedAuthors: string[]): Article | { reason: string } {
  const url = resolveHttpUrl(item.url, base);
  const id = item.id ?? url;
  if (!id) return { reason: 'has no id and no link, so it cannot be told apart from other posts' };

  const contentText = item.content_text
    ? toPlainText(item.content_text)
    : item.content_html
      ? toPlainText(item.content_html)
      : '';
  const summaryText = item.summary ? toPlainText(item.summary) : '';
  const title = item.title ? toPlainText(item.title) : '';
  if (!title && !summaryText && !contentText) return { reason: 'has no title and no content' };

  const sourceUrl =
    resolveHttpUrl(item.external_url, base) ??
    resolveHttpUrl(findSourceLine(item.content_text ?? '') ?? findSourceLine(contentText));
  const authors = authorNames(item.authors.length ? item.authors : item.author);
  return {
    id: id.slice(0, 2048),
    title: (title || excerpt(summaryText || contentText, 90)).slice(0, 500),
    summary: summaryText ? excerpt(summaryText, 600) : excerpt(contentText.replace(/\s*\bSources?\s*:\s*\S+\s*$/i, ''), 280),
    url,
    sourceUrl,
    sourceDomain: sourceUrl ? displayDomain(sourceUrl) : undefined,
    tags: uniqueTags(item.tags),
    publishedAt: parseDate(item.date_published),
    modifiedAt: parseDate(item.date_modified),
    authors: authors.length ? authors : feedAuthors,
    imageUrl: resolveHttpUrl(item.image, base) ?? resolveHttpUrl(item.banner_image, base),
  };
}
