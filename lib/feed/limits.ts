// How long a text from outside may be: feeds, web pages that link feeds, OPML files. Every such text is capped here,
// in one place, after it has been turned into plain text. The limits are generous for what a person reads and small
// enough that no feed can fill the reader's storage.sync (8 KB per item, where the feed list and its titles live)
// or push a 1 MB name into every card.

export const TEXT_LIMITS = {
  /** A feed's name (feed list, cards, storage.sync). */
  feedTitle: 200,
  /** A feed's description (options page). */
  feedDescription: 500,
  /** A post's title. */
  title: 300,
  /** A post's summary, when the feed gives one (cut at a word, with an ellipsis). */
  summary: 600,
  /** A summary made from the post's content, when the feed gives no summary. */
  summaryFromContent: 280,
  /** A title made from the post's text, when it has none. */
  titleFromText: 90,
  /** One author's name, and how many names a post keeps. */
  author: 100,
  authors: 10,
  /** One tag, and how many tags a post keeps. */
  tag: 60,
  tags: 30,
  /** A post's id (a guid can be anything; an id longer than this is cut, still unique in practice). */
  id: 2048,
  /** An attachment's title and MIME type. */
  attachmentTitle: 300,
  mimeType: 100,
  /** The name a web page gives a feed it links (`<link rel="alternate" title>`). */
  discoveredTitle: 120,
  /** A feed's name in an OPML file. */
  opmlTitle: 200,
  /** A language tag (`en-GB`; BCP 47 allows longer, real ones are short). */
  language: 35,
  /** An item's name in the list of skipped items ("item “<id>”"). */
  problemName: 80,
} as const;

export type TextKind = keyof typeof TEXT_LIMITS;

/**
 * `text` cut to the limit for `kind`, with an ellipsis when cut, never inside a surrogate pair (a lone surrogate is
 * not text). Plain text in, plain text out: cap after stripping markup, so markup never counts against the limit.
 */
export function capText(text: string, kind: TextKind): string {
  const max = TEXT_LIMITS[kind];
  return text.length <= max ? text : `${cutAt(text, max - 1).trimEnd()}…`;
}

/** An id cut to its limit, without an ellipsis: it is compared, never shown. */
export function capId(id: string): string {
  return id.length <= TEXT_LIMITS.id ? id : cutAt(id, TEXT_LIMITS.id);
}

/** The first `end` UTF-16 units, one fewer when the cut would split a surrogate pair. */
function cutAt(text: string, end: number): string {
  const last = text.charCodeAt(end - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}
