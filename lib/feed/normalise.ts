import type { Article, Attachment, FeedInfo, ItemProblem, ParseResult } from './article';
import { compareNewestFirst } from './article';
import { parseDate, trustedDate } from './dates';
import { capId, capText, TEXT_LIMITS } from './limits';
import { capRawText, cleanText, excerpt, findSourceLine, htmlToText, withoutClosingSourceLine } from './text';
import { displayHost } from './host';
import { httpUrlParts, resolveHttpUrl } from './url';
import { localisable } from '../i18n/catalogue';
import { hash53 } from './hash';

// Over 200 lines on purpose: every field of a post is turned from what a feed said into an `Article` here, in one
// pass per post (the parse benchmark measures it); split by field, a post would be walked once per piece.

// Every format (JSON Feed, RSS 2.0, Atom 1.0, RSS 1.0/RDF) is first mapped to a RawItem: the values as the feed
// wrote them, each text with the type its field declares. One function turns RawItems into Articles, so every
// format goes through the same text, URL, date, identity and length rules.

/**
 * A text as the feed wrote it, with the type its field declares: a string is plain text, shown as it is; `{ html }`
 * is markup, stripped and decoded once. (Plain text needs no wrapper: a JSON Feed's thousands of titles, names and
 * tags go through as they are.)
 */
export type RawText = string | { html: string };

const NOT_BLANK = /\S/;
/**
 * Whether a text has a character other than white space. Its first character answers for almost every text (a
 * printable ASCII one is no white space), without the pattern's call, which a feed made dozens of times per item.
 */
export function hasText(value: string): boolean {
  const first = value.charCodeAt(0);
  return (first > 32 && first < 127) || NOT_BLANK.test(value);
}
/**
 * A raw HTML text, or undefined when there is none (missing or blank). One with no `<` and no `&` reads the same as
 * plain text and is kept as a string: most names and tags in RSS are that, and a string is what lets the normaliser
 * see that a post's author or tag is one it has already read in this feed (`uniqueNames`, `labelsAsWritten`).
 */
export const htmlText = (value: string | undefined): RawText | undefined =>
  value && hasText(value) ? (value.includes('<') || value.includes('&') ? { html: value } : value) : undefined;
/** A raw plain text, or undefined when there is none (missing or blank). */
export const plainText = (value: string | undefined): RawText | undefined =>
  value && hasText(value) ? value : undefined;

/** The plain text of a raw text (empty when there is none), read from at most RAW_TEXT_LIMIT characters of it. */
export function textOf(raw: RawText | undefined): string {
  return raw === undefined
    ? ''
    : typeof raw === 'string'
      ? cleanText(capRawText(raw))
      : htmlToText(capRawText(raw.html));
}

export type RawAttachment = {
  url?: string;
  mimeType?: string;
  title?: string;
  sizeInBytes?: number;
  durationInSeconds?: number;
};

/** A category: its label alone, or (Atom) the `label` a person reads and the `term` the feed files the post under. */
export type RawCategory = RawText | { label: RawText; term?: string };

export type RawItem = {
  id?: string;
  /** The post's own link. */
  url?: string;
  /** The original source: JSON Feed external_url, RSS <source url>, Atom rel="related"/"via". */
  sourceUrl?: string;
  title?: RawText;
  /** The post's body (Articles keep no body: it is read for a title, a summary or a source line when those are missing). */
  content?: RawText;
  /**
   * The body as HTML, as the feed wrote it, when `content` is undefined: JSON Feed's `content_html`, left as it is
   * until it is needed (most posts never need it; a 5,000-post feed wrapped and checked 5,000 of them for nothing).
   */
  contentHtml?: string;
  summary?: RawText;
  image?: string;
  published?: string;
  modified?: string;
  authors: readonly RawText[];
  tags: RawCategory[];
  attachments: readonly RawAttachment[];
  /** The base for this item's relative URLs (Atom xml:base), when it differs from the feed's. */
  base?: string;
};

/**
 * A feed's items as RawItems (`null` where the feed has something that is not an item): a list, or items read one at
 * a time as the normaliser asks for them (JSON Feed, RSS, Atom), so that no RawItem is kept, five thousand at once,
 * through the collections the parse makes. `at` may refill one RawItem each time it is asked (JSON Feed does): a
 * RawItem is read before the next is asked for, and never kept (a post holds its values, never the RawItem).
 */
export type RawItems = { readonly length: number; at(index: number): RawItem | null | undefined };

export type NormaliseOptions = {
  /** The base for relative URLs. */
  base: string | undefined;
  /** Authors of the feed, for items that name none. */
  feedAuthors: readonly RawText[];
  /** What the format calls an item, for the list of skipped ones. */
  noun?: 'item' | 'entry';
  /** When the feed was fetched: dates later than a day after it are not trusted (see `trustedDate`). */
  fetchedAt: number;
};

const MAX_ATTACHMENTS = 20;

/** Why items are skipped, as "<item> <reason>" for one and "<n> items <reason>" for several. */
const SKIP_REASONS = {
  noText: { one: 'has no title and no content', many: 'have no title and no content' },
  notAnObject: { one: 'is not an object', many: 'are not objects' },
} as const;

/** The first raw text there is (`htmlText` and `plainText` give none for a blank value). */
export function firstText(...candidates: (RawText | undefined)[]): RawText | undefined {
  for (const candidate of candidates) if (candidate) return candidate;
  return undefined;
}

const EMAIL = /(?:mailto:)?[^\s@()<>[\]]+@[^\s@()<>[\]]+\.[^\s@()<>[\]]+/gi;
const EMAIL_IN_BRACKETS = /[(<[]\s*(?:mailto:)?[^\s@()<>[\]]+@[^\s@()<>[\]]+\.[^\s@()<>[\]]+\s*[)>\]]/gi;

/**
 * A person's name without the e-mail address feeds put next to it: "Jo Bloggs (jo@example.org)", "jo@example.org
 * (Jo Bloggs)", "Jo Bloggs <jo@example.org>" all give "Jo Bloggs"; a bare address gives no name.
 */
export function personName(text: string): string {
  if (!text.includes('@')) return text;
  let name = text.replace(EMAIL_IN_BRACKETS, ' ').replace(EMAIL, ' ').replace(/\s+/g, ' ');
  name = name.replace(/^[\s,;:|/-]+|[\s,;:|/-]+$/g, '');
  const wrapped = /^\((.*)\)$/.exec(name);
  return (wrapped ? wrapped[1]! : name).trim();
}

/**
 * Author names and tags that the feed being read showed to be kept as written (see `uniqueNames`, `labelsAsWritten`).
 * A feed repeats a handful of each on every post, and checking one is a pattern match whose fixed cost, on a short
 * text, is most of it: a 5,000-post feed's cold parse made 15,000. Emptied after each feed (`buildArticles`).
 */
const namesKeptAsWritten = new Set<string>();
const labelsKeptAsWritten = new Set<string>();

/**
 * The authors' names, each once (at most TEXT_LIMITS.authors). The list itself when every name is kept as written,
 * as in most feeds: a copy per post of thousands was most of a parse's garbage.
 */
function uniqueNames(names: readonly RawText[]): string[] {
  let out: string[] | undefined; // a new list, from the first name that is not kept as written
  for (let i = 0; i < names.length; i++) {
    if ((out ? out.length : i) >= TEXT_LIMITS.authors) {
      out ??= names.slice(0, i) as string[];
      break;
    }
    const raw = names[i]!;
    if (!out && typeof raw === 'string' && namesKeptAsWritten.has(raw) && names.indexOf(raw) === i) continue;
    const name = capText(personName(textOf(raw)), 'author');
    if (!out) {
      // Unchanged, not empty, not a repeat: the names before it were all kept as written.
      if (name === raw && name && names.indexOf(name) === i) {
        namesKeptAsWritten.add(name);
        continue;
      }
      out = names.slice(0, i) as string[];
    }
    if (name && !out.includes(name)) out.push(name);
  }
  return out ?? (names as string[]);
}

const NO_TERMS: readonly string[] = [];

/** Labels to show (the first spelling of each, in any case) and, apart, the terms that differ from their labels. */
function uniqueTags(categories: RawCategory[]): { tags: string[]; terms: readonly string[] } {
  // Most posts' tags are plain labels, each kept as written: the list itself is the answer, no copy.
  if (labelsAsWritten(categories)) return { tags: categories as string[], terms: NO_TERMS };
  const tags: string[] = [];
  const terms: string[] = [];
  // Lists, not sets: a post has a handful of tags, and thousands of posts would each allocate two sets.
  const seenTags: string[] = [];
  const seenTerms: string[] = [];
  for (const category of categories) {
    const labelled = typeof category === 'object' && 'label' in category;
    const tag = capText(textOf(labelled ? category.label : category), 'tag');
    if (!tag) continue;
    const key = tag.toLowerCase();
    if (!seenTags.includes(key) && tags.length < TEXT_LIMITS.tags) {
      seenTags.push(key);
      tags.push(tag);
    }
    if (!labelled || !category.term) continue;
    const term = capText(cleanText(category.term), 'tag');
    const termKey = term.toLowerCase();
    if (term && termKey !== key && !seenTerms.includes(termKey) && terms.length < TEXT_LIMITS.tags) {
      seenTerms.push(termKey);
      terms.push(term);
    }
  }
  return { tags, terms };
}

/** Whether `uniqueTags` would keep these categories exactly as they are: plain, clean, short labels, none repeated. */
function labelsAsWritten(categories: RawCategory[]): boolean {
  if (categories.length > TEXT_LIMITS.tags) return false;
  for (let i = 0; i < categories.length; i++) {
    const tag = categories[i];
    if (typeof tag !== 'string' || !tag) return false;
    if (!labelsKeptAsWritten.has(tag)) {
      if (capText(cleanText(tag), 'tag') !== tag) return false;
      labelsKeptAsWritten.add(tag);
    }
    for (let j = 0; j < i; j++) {
      const earlier = categories[j] as string;
      if (earlier.length === tag.length && earlier.toLowerCase() === tag.toLowerCase()) return false;
    }
  }
  return true;
}

function toAttachments(list: readonly RawAttachment[], base: string | undefined): Attachment[] | undefined {
  const out: Attachment[] = [];
  for (let i = 0; i < list.length; i++) {
    const raw = list[i]!;
    const url = resolveHttpUrl(raw.url, base);
    if (!url || out.some((a) => a.url === url)) continue;
    const mimeType = raw.mimeType ? capText(cleanText(raw.mimeType), 'mimeType') : '';
    const title = raw.title ? capText(cleanText(raw.title), 'attachmentTitle') : '';
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

/**
 * The id of an item that has neither an id nor a link: a hash of what it says (its title, its date as written, its
 * summary or content), so the same item gets the same id on every fetch and wherever it sits in the feed. An item
 * whose text or date the publisher edits becomes a new post, as in other readers that follow this rule.
 */
export function derivedId(title: string, rawDate: string | undefined, text: string): string {
  return `urn:x-derived:${hash53(`${title}\u0000${rawDate?.trim() ?? ''}\u0000${text}`).toString(36)}`;
}

/** The plain text of a post's body: `content`, else `contentHtml` (see RawItem). */
function contentText(item: RawItem): string {
  return textOf(item.content ?? htmlText(item.contentHtml));
}

/** One raw item → an Article, or the reason it cannot be one. `feedAuthors` must already be plain text. */
export function toArticle(
  item: RawItem,
  feedBase: string | undefined,
  feedAuthors: string[],
  fetchedAt: number,
): Article | { reason: string } {
  const base = item.base === undefined ? feedBase : (resolveHttpUrl(item.base, feedBase) ?? feedBase);
  const url = resolveHttpUrl(item.url, base);
  const summaryText = textOf(item.summary);
  const title = textOf(item.title);
  // The content is only a fallback (Articles keep no content): converted when there is no title or summary to show,
  // or no source but a closing "Source:" line may name one, or no id. Most feeds never pay for it. (`content ??=`
  // where it is needed, rather than a function that remembers it: this runs for each of thousands of posts.)
  let content: string | undefined;
  if (!title && !summaryText && !(content = contentText(item))) return { reason: SKIP_REASONS.noText.one };

  const id = item.id?.trim() || url || derivedId(title, item.published, summaryText || (content ??= contentText(item)));
  const source =
    httpUrlParts(item.sourceUrl, base) ??
    httpUrlParts(findSourceLine((content ??= contentText(item))) ?? findSourceLine(summaryText));
  const authors = uniqueNames(item.authors);
  const attachments = item.attachments.length ? toAttachments(item.attachments, base) : undefined;
  const { tags, terms } = uniqueTags(item.tags);
  const summaryBody = withoutClosingSourceLine(summaryText);
  const article: Article = {
    id: capId(id),
    title: capText(
      title || excerpt(fallbackText(summaryBody, summaryText, item, content), TEXT_LIMITS.titleFromText),
      'title',
    ),
    summary: summaryBody
      ? excerpt(summaryBody, TEXT_LIMITS.summary)
      : excerpt(withoutClosingSourceLine(content ?? contentText(item)), TEXT_LIMITS.summaryFromContent),
    url,
    sourceUrl: source?.href,
    sourceDomain: source ? displayHost(source.hostname) : undefined,
    tags,
    publishedAt: trustedDate(parseDate(item.published), fetchedAt),
    modifiedAt: trustedDate(parseDate(item.modified), fetchedAt),
    authors: authors.length ? authors : feedAuthors,
    imageUrl: resolveHttpUrl(item.image, base),
  };
  // Set only when there are some (the stored shape stays as small as before for feeds without them).
  if (attachments) article.attachments = attachments;
  if (terms.length) article.tagTerms = [...terms];
  return article;
}

/** The text a post without a title is titled from: its summary, else its content, each without a source line. */
function fallbackText(summaryBody: string, summaryText: string, item: RawItem, content = contentText(item)): string {
  return summaryBody || withoutClosingSourceLine(content) || summaryText || content;
}

/**
 * Raw items → Articles, newest first; duplicates by id collapse to the most recently modified; bad items are reported
 * (`null`: the feed had something that is not an item there), named by id or as "<noun> <position>".
 */
export function buildArticles(
  items: RawItems,
  options: NormaliseOptions,
): { articles: Article[]; problems: ItemProblem[] } {
  try {
    return articlesOf(items, options);
  } finally {
    namesKeptAsWritten.clear();
    labelsKeptAsWritten.clear();
  }
}

/** `buildArticles`' work, apart from emptying the per-feed memos after it. */
function articlesOf(items: RawItems, options: NormaliseOptions): { articles: Article[]; problems: ItemProblem[] } {
  const { base, noun = 'item', fetchedAt } = options;
  const articles: Article[] = [];
  const problems: ItemProblem[] = [];
  const seenIds = new Map<string, number>();
  const fallbackAuthors = uniqueNames(options.feedAuthors);
  for (let index = 0; index < items.length; index++) {
    const raw = items.at(index);
    if (!raw) {
      problems.push({ item: `${noun} ${index + 1}`, reason: SKIP_REASONS.notAnObject.one });
      continue;
    }
    const article = toArticle(raw, base, fallbackAuthors, fetchedAt);
    if ('reason' in article) {
      const id = raw.id ? capText(cleanText(raw.id), 'problemName') : '';
      problems.push({ item: id ? `${noun} “${id}”` : `${noun} ${index + 1}`, reason: article.reason });
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

/**
 * The result of a feed: its posts, or, when it had items and every one was skipped, an error that says so and why.
 * A feed with no items at all is a feed with 0 posts (new, or emptied by its publisher), not an error.
 * `countItems` says how many items the document holds, when that can be more than `items` shows (an XML parser
 * drops an empty `<item/>` before we see it); it is asked only when no post came out.
 */
export function feedResult(
  feed: FeedInfo,
  items: RawItems,
  options: NormaliseOptions,
  countItems?: () => number,
): ParseResult {
  const { articles, problems } = buildArticles(items, options);
  if (!articles.length) {
    const count = Math.max(items.length, countItems?.() ?? 0);
    if (count > 0) return allSkipped(problems, count, options.noun);
  }
  return { ok: true, feed, articles, problems };
}

function allSkipped(problems: ItemProblem[], count: number, noun: 'item' | 'entry' = 'item'): ParseResult {
  const nouns = noun === 'entry' ? 'entries' : 'items';
  const byReason = new Map<string, ItemProblem[]>();
  for (const problem of problems) byReason.set(problem.reason, [...(byReason.get(problem.reason) ?? []), problem]);
  const reasons = [...byReason].map(([reason, skipped]) => {
    if (skipped.length === 1) return `${skipped[0]!.item} ${reason}`;
    const plural = Object.values(SKIP_REASONS).find((r) => r.one === reason)?.many;
    return plural ? `${skipped.length} ${nouns} ${plural}` : skipped.map((p) => `${p.item} ${reason}`).join('; ');
  });
  // Items an XML parser dropped before we saw them were empty elements.
  if (count > problems.length)
    reasons.push(`${count - problems.length} ${count - problems.length === 1 ? `${noun} is` : `${nouns} are`} empty`);
  return { ok: false, error: { kind: 'malformed', ...localisable('err_allSkipped', count, reasons.join('; ')) } };
}
