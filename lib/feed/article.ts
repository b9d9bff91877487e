import { z } from 'zod/mini';
import { EARLIEST_DATE, LATEST_DATE } from './dates';

export const AttachmentSchema = z.object({
  url: z.string(),
  mimeType: z.optional(z.string()),
  title: z.optional(z.string()),
  sizeInBytes: z.optional(z.number()),
  durationInSeconds: z.optional(z.number()),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

/** Epoch milliseconds within the range every date the parser yields falls in: a stored `1e300` or `NaN` does not validate. */
const EpochMillisSchema = z.int().check(z.minimum(EARLIEST_DATE), z.maximum(LATEST_DATE));

/** One post, normalised from whatever format its feed uses. Plain text only: no field holds markup. */
export const ArticleSchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  /** The post on the blog (http(s) only). */
  url: z.optional(z.string()),
  /** The original source the post covers, e.g. the Reuters article (http(s) only). */
  sourceUrl: z.optional(z.string()),
  /** The source's host for display: `reuters.com`. */
  sourceDomain: z.optional(z.string()),
  /** The categories' labels, as the feed shows them. */
  tags: z.array(z.string()),
  /**
   * The categories' terms where they differ from their labels (Atom `<category term="ai-safety" label="AI Safety">`):
   * not shown, but a tag filter for `ai-safety` must still match the post.
   */
  tagTerms: z.optional(z.array(z.string())),
  /** Epoch milliseconds; undefined when the feed gives no date we trust (see lib/feed/dates.ts). */
  publishedAt: z.optional(EpochMillisSchema),
  modifiedAt: z.optional(EpochMillisSchema),
  authors: z.array(z.string()),
  imageUrl: z.optional(z.string()),
  /** Enclosures (JSON Feed attachments, RSS enclosure, Atom rel="enclosure"): kept, not required to display. */
  attachments: z.optional(z.array(AttachmentSchema)),
});
export type Article = z.infer<typeof ArticleSchema>;

/**
 * What a feed's document says about how often it changes (RSS 2.0 `<ttl>`, `<skipHours>`, `<skipDays>`; the
 * syndication module's `sy:updatePeriod` and `sy:updateFrequency`): the scheduler's floor (lib/sync/schedule.ts).
 */
export const FeedRefreshSchema = z.object({
  ttlMinutes: z.optional(z.number().check(z.positive())),
  /** `sy:updatePeriod` divided by `sy:updateFrequency`. */
  updateEveryMinutes: z.optional(z.number().check(z.positive())),
  /** Hours (0–23, UTC) not to check in. */
  skipHours: z.optional(z.array(z.int().check(z.minimum(0), z.maximum(23)))),
  /** Days (0 = Sunday, UTC) not to check on. */
  skipDays: z.optional(z.array(z.int().check(z.minimum(0), z.maximum(6)))),
});
export type FeedRefresh = z.infer<typeof FeedRefreshSchema>;

export const FeedInfoSchema = z.object({
  title: z.string(),
  description: z.optional(z.string()),
  homePageUrl: z.optional(z.string()),
  feedUrl: z.optional(z.string()),
  iconUrl: z.optional(z.string()),
  language: z.optional(z.string()),
  /** The publisher says the feed will never update again (JSON Feed `expired`). */
  expired: z.optional(z.boolean()),
  /** Next page of a paginated JSON Feed. */
  nextUrl: z.optional(z.string()),
  /** When the publisher last changed the feed (RSS lastBuildDate/pubDate, channel dc:date, Atom updated). */
  updatedAt: z.optional(EpochMillisSchema),
  refresh: z.optional(FeedRefreshSchema),
});
export type FeedInfo = z.infer<typeof FeedInfoSchema>;

/** An item that was skipped, and why, in words a person understands. */
export const ItemProblemSchema = z.object({ item: z.string(), reason: z.string() });
export type ItemProblem = z.infer<typeof ItemProblemSchema>;

export const FeedErrorKindSchema = z.enum([
  'http',
  'timeout',
  'network',
  'too-large',
  'not-a-feed',
  'malformed',
  'unsupported',
  /** The browser blocked the request: the reader has not let the extension read the feed's site (yet). */
  'permission',
]);
/** A feed that a web page links with `<link rel="alternate">`: offered to the user when they gave us the page. */
export const DiscoveredFeedSchema = z.object({
  url: z.string(),
  title: z.string(),
  type: z.enum(['json', 'rss', 'atom', 'rdf', 'xml']),
});
export type DiscoveredFeed = z.infer<typeof DiscoveredFeedSchema>;

export const FeedErrorSchema = z.object({
  kind: FeedErrorKindSchema,
  /** In English; `code` and `params` let each page show it in the reader's language (`localised` in lib/i18n). */
  message: z.string(),
  code: z.optional(z.string()),
  params: z.optional(z.array(z.string())),
  /** HTTP status, when the error is one. */
  status: z.optional(z.number()),
  /** Feeds linked from the web page that was fetched instead of a feed. */
  discovered: z.optional(z.array(DiscoveredFeedSchema)),
});
export type FeedError = z.infer<typeof FeedErrorSchema>;

export type ParsedFeed = { feed: FeedInfo; articles: Article[]; problems: ItemProblem[] };
export type ParseResult = ({ ok: true } & ParsedFeed) | { ok: false; error: FeedError };

type Dated = Pick<Article, 'publishedAt' | 'modifiedAt'>;

/**
 * A post's place in time, newest first: when it was published, else modified; an undated post is -Infinity, so it
 * goes last. The one rule `compareNewestFirst` and the digest's merge of sorted runs (lib/digest) both order by.
 */
export const postTime = (post: Dated): number => post.publishedAt ?? post.modifiedAt ?? -Infinity;

/** Newest first; undated posts last, in feed order (the sort is stable). */
export function compareNewestFirst(a: Dated, b: Dated): number {
  const at = postTime(a);
  const bt = postTime(b);
  return at === bt ? 0 : bt > at ? 1 : -1;
}
