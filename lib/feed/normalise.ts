import type { Article, Attachment, ItemProblem } from './article';
import { compareNewestFirst } from './article';
import { excerpt, findSourceLine, toPlainText } from './text';
import { displayDomain, parseHttpUrl, resolveHttpUrl } from './url';

// Every format (JSON Feed, RSS 2.0, Atom 1.0, RSS 1.0/RDF) is first mapped to a RawItem: raw strings as the feed
// wrote them. One function turns RawItems into Articles, so every format goes through the same text and URL rules.

export type RawAttachment = { url?: string; mimeType?: string; title?: string; sizeInBytes?: number; durationInSeconds?: number };

export type RawItem = {
  id?: string;
  /** The post's own link. */
  url?: string;
  /** The original source: JSON Feed external_url, RSS <source url>, Atom rel="related"/"via". */
  sourceUrl?: string;
  title?: string;
  contentHtml?: string;
  contentText?: string;
  summary?: string;
  image?: string;
  published?: string;
  modified?: string;
  authors: string[];
  tags: string[];
  attachments: RawAttachment[];
  /** The base for this item's relative URLs (Atom xml:base), when it differs from the feed's. */
  base?: string;
};

const MAX_ATTACHMENTS = 20;

/** RFC 3339 as feeds write it (`2026-11-25T08:30:00Z`, `…00.123+01:00`): the shape nearly every JSON Feed and Atom date has. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/i;

/** An RFC 3339 date-time by arithmetic (Date.parse is the slowest step of a big feed); undefined when out of range. */
function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
  const hour = Number(m[4]), minute = Number(m[5]), second = Number(m[6]);
  // Date.UTC reads years 0–99 as 1900–1999: leave those (and anything out of range) to Date.parse.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) * 60e3;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Dates: RFC 3339 and RFC 822 as Date.parse reads them; an ISO date-time without a zone is read as UTC. */
export function parseDate(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const fast = parseRfc3339(raw);
  if (fast !== undefined) return fast;
  let text = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(text)) {
    text = text.length === 10 ? `${text}T00:00:00Z` : `${text.replace(' ', 'T')}Z`;
  }
  const time = Date.parse(text);
  return Number.isFinite(time) ? time : undefined;
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
  return out.slice(0, 50);
}

function uniqueNames(names: string[]): string[] {
  return [...new Set(names.map((n) => toPlainText(n).slice(0, 200)).filter(Boolean))];
}

function toAttachments(list: RawAttachment[], base: string | undefined): Attachment[] | undefined {
  const out: Attachment[] = [];
  for (const raw of list) {
    const url = resolveHttpUrl(raw.url, base);
    if (!url || out.some((a) => a.url === url)) continue;
    const mimeType = raw.mimeType ? toPlainText(raw.mimeType).slice(0, 100) : '';
    const title = raw.title ? toPlainText(raw.title).slice(0, 300) : '';
    const size = Number(raw.sizeInBytes);
    const duration = Number(raw.durationInSeconds);
    out.push({
      url,
      ...(mimeType ? { mimeType } : {}),
      ...(title ? { title } : {}),
      ...(Number.isFinite(size) && size > 0 ? { sizeInBytes: size } : {}),
      ...(Number.isFinite(duration) && duration > 0 ? { durationInSeconds: duration } : {}),
    });
    if (out.length >= MAX_ATTACHMENTS) break;
  }
  return out.length ? out : undefined;
}

const TRAILING_SOURCE_LINE = /\s*\bSources?\s*:\s*\S+\s*$/i;
/** What every closing source line contains; far cheaper to look for than the anchored pattern. */
const SOURCE_LABEL = /\bsources?\s*:/i;
const SOURCE_LINE_WINDOW = 600;

/** The text without its closing "Source: <url>" line (searched near the end only: the regex is slow on long text). */
function withoutClosingSourceLine(text: string): string {
  const tailStart = Math.max(0, text.length - SOURCE_LINE_WINDOW);
  const tail = text.slice(tailStart);
  if (!SOURCE_LABEL.test(tail)) return text;
  const cut = tail.search(TRAILING_SOURCE_LINE);
  return cut < 0 ? text : text.slice(0, tailStart + cut);
}

/** One raw item → an Article, or the reason it cannot be one. `feedAuthors` must already be plain text. */
export function toArticle(item: RawItem, feedBase: string | undefined, feedAuthors: string[]): Article | { reason: string } {
  const base = resolveHttpUrl(item.base, feedBase) ?? feedBase;
  const url = resolveHttpUrl(item.url, base);
  const rawId = item.id?.trim();
  const id = rawId || url;
  if (!id) return { reason: 'has no id and no link, so it cannot be told apart from other posts' };

  const summaryText = item.summary ? toPlainText(item.summary) : '';
  const title = item.title ? toPlainText(item.title) : '';
  // The content is only a fallback (Articles keep no content): converted when there is no title or summary to show,
  // or no source but a closing "Source:" line may name one. Most feeds never pay for it.
  let converted: string | undefined;
  const contentText = () => (converted ??= item.contentText ? toPlainText(item.contentText) : item.contentHtml ? toPlainText(item.contentHtml) : '');
  if (!title && !summaryText && !contentText()) return { reason: 'has no title and no content' };

  const source =
    parseHttpUrl(item.sourceUrl, base) ??
    parseHttpUrl(findSourceLine(item.contentText ?? '') ?? findSourceLine(contentText()) ?? findSourceLine(summaryText));
  const authors = uniqueNames(item.authors);
  const attachments = toAttachments(item.attachments, base);
  const publishedAt = parseDate(item.published);
  const modifiedAt = parseDate(item.modified);
  const summaryBody = withoutClosingSourceLine(summaryText);
  const contentBody = () => withoutClosingSourceLine(contentText());
  return {
    id: id.slice(0, 2048),
    title: (title || excerpt(summaryBody || contentBody() || summaryText || contentText(), 90)).slice(0, 500),
    summary: summaryBody ? excerpt(summaryBody, 600) : excerpt(contentBody(), 280),
    url,
    sourceUrl: source?.href,
    sourceDomain: source ? displayDomain(source) : undefined,
    tags: uniqueTags(item.tags),
    publishedAt,
    modifiedAt,
    authors: authors.length ? authors : feedAuthors,
    imageUrl: resolveHttpUrl(item.image, base),
    ...(attachments ? { attachments } : {}),
  };
}

/**
 * Raw items → Articles, newest first; duplicates by id collapse to the most recently modified; bad items are reported
 * (`null`: the feed had something that is not an item there), named by id or as "<noun> <position>".
 */
export function buildArticles(
  items: (RawItem | null)[],
  base: string | undefined,
  feedAuthors: string[],
  noun: 'item' | 'entry' = 'item',
): { articles: Article[]; problems: ItemProblem[] } {
  const articles: Article[] = [];
  const problems: ItemProblem[] = [];
  const seenIds = new Map<string, number>();
  const fallbackAuthors = uniqueNames(feedAuthors);
  for (const [index, raw] of items.entries()) {
    const label = () => `${noun} ${index + 1}`;
    if (!raw) {
      problems.push({ item: label(), reason: 'is not an object' });
      continue;
    }
    const article = toArticle(raw, base, fallbackAuthors);
    if ('reason' in article) {
      const id = raw.id?.trim();
      problems.push({ item: id ? `${noun} “${toPlainText(id).slice(0, 80)}”` : label(), reason: article.reason });
      continue;
    }
    const earlier = seenIds.get(article.id);
    if (earlier !== undefined) {
      const previous = articles[earlier]!;
      if ((article.modifiedAt ?? 0) > (previous.modifiedAt ?? 0)) articles[earlier] = article;
      continue;
    }
    seenIds.set(article.id, articles.length);
    articles.push(article);
  }
  articles.sort(compareNewestFirst);
  return { articles, problems };
}
