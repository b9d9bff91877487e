import { compareNewestFirst, postTime, type Article, type FeedError } from '../feed/article';
import type { FeedCache, FeedView, StoredArticle } from '../store/feedStore';
import { articleKey, emptyMarks, markerOf, type FeedMarker, type FeedMarks, type Marks } from '../store/marks';
import type { FeedConfig } from '../store/settings';
import { normalizeArticleUrl } from '../match/normalizeUrl';
import { ownValue } from '../feed/own';
import { compileRules, type CompiledRules } from '../rules/match';
import type { Rule } from '../rules/rule';

// Over 200 lines on purpose: the popup's view model (building, filtering, counting the digest) in one place, so
// that the per-feed entry reuse it depends on is visible in one file.

/** One row of the popup: an article with where it came from and what the reader has done with it. */
export type DigestEntry = {
  key: string;
  feedId: string;
  feedTitle: string;
  article: StoredArticle;
  read: boolean;
  /** Shown in the popup before (or covered by the feed's first-sync cutoff): not counted by the badge. */
  seen: boolean;
  /** Not yet seen in the popup when it was opened. */
  isNew: boolean;
  /** The rule that hides the post (lib/rules): such entries are only in `mutedEntries`, never in the list. */
  hiddenBy?: Rule;
};

/** What a feed is called on screen: the reader's name for it, else its own title, else its address. */
export function feedDisplayName(feed: FeedConfig, fetchedTitle?: string): string {
  return feed.name?.trim() || feed.title || fetchedTitle || feed.url;
}

const NO_RULES = compileRules(undefined);

/**
 * Every followed feed's articles, newest first; the same post listed by two feeds shows once. Posts the reader's
 * `rules` hide are left out of the list (and so of every count made from it), and kept aside for `mutedEntries`.
 */
export function buildDigest(
  feeds: FeedConfig[],
  cache: FeedCache,
  marks: Marks,
  newKeys: ReadonlySet<string> = new Set(),
  rules: CompiledRules = NO_RULES,
): DigestEntry[] {
  const byPost = new Set<string>();
  const listedEntries: DigestEntry[] = [];
  const times: number[] = [];
  /** Where each feed's run of entries ends in `listedEntries`. */
  const runEnds: number[] = [];
  let runsInOrder = true;
  const parts: DigestPart[] = [];
  for (const feed of feeds) {
    const view = ownValue(cache, feed.id);
    if (!view) continue;
    const own = feedEntries(feed, view, ownValue(marks, feed.id), rules);
    const firstOfFeed = listedEntries.length;
    for (let i = 0; i < own.entries.length; i++) {
      const postKey = own.postKeys[i]!;
      if (byPost.has(postKey)) continue;
      byPost.add(postKey);
      const entry = own.entries[i]!;
      listedEntries.push(newKeys.has(entry.key) ? asNew(entry) : entry);
      times.push(own.times[i]!);
    }
    const listed = listedEntries.length - firstOfFeed;
    if (listed) runEnds.push(listedEntries.length);
    runsInOrder &&= own.inOrder;
    parts.push(listed === own.entries.length ? { own } : { own, listed: listedEntries.slice(firstOfFeed) });
  }
  const entries = runsInOrder
    ? mergeRuns(listedEntries, times, runEnds)
    : listedEntries.sort((a, b) => compareNewestFirst(a.article, b.article));
  digestParts.set(entries, parts);
  return entries;
}

/** Each entry's copy marked New, made once: a rebuild gives a row the same entry, and React does not draw it again. */
const newCopies = new WeakMap<DigestEntry, DigestEntry>();
function asNew(entry: DigestEntry): DigestEntry {
  let copy = newCopies.get(entry);
  if (!copy) newCopies.set(entry, (copy = { ...entry, isNew: true }));
  return copy;
}

/** The posts the rules hid from a digest `buildDigest` returned, newest first (a post listed anyway is left out, and a post two feeds carry counts once). */
export function mutedEntries(digest: DigestEntry[]): DigestEntry[] {
  const parts = digestParts.get(digest);
  if (!parts?.some((part) => part.own.muted.length)) return [];
  // One post listed by two feeds is one post here too, as in the list.
  const seen = new Set(digest.map((entry) => samePostKey(entry.feedId, entry.article)));
  const muted: DigestEntry[] = [];
  for (const { own } of parts) {
    for (const entry of own.muted) {
      const postKey = samePostKey(entry.feedId, entry.article);
      if (seen.has(postKey)) continue;
      seen.add(postKey);
      muted.push(entry);
    }
  }
  return muted.sort((a, b) => compareNewestFirst(a.article, b.article));
}

/**
 * The feeds' runs of entries, each newest first, merged into one list newest first, in exactly the order a stable
 * `compareNewestFirst` sort of the runs one after another gives (on equal times, the earlier run's entry first).
 * Merged two runs at a time by each entry's time, a number: a popup with ten thousand posts rebuilds its digest a
 * few times while a sync commits, and a sort calling a comparator on post objects (of many shapes) was 40% of the
 * script in its longest task, by a profile.
 */
function mergeRuns(entries: DigestEntry[], times: number[], runEnds: number[]): DigestEntry[] {
  let from = entries;
  let fromTimes = times;
  let into = entries.slice();
  let intoTimes = times.slice();
  let ends = runEnds;
  while (ends.length > 1) {
    const merged: number[] = [];
    for (let run = 0; run < ends.length; run += 2) {
      const start = run === 0 ? 0 : ends[run - 1]!;
      const middle = ends[run]!;
      const end = run + 1 < ends.length ? ends[run + 1]! : middle;
      let left = start;
      let right = middle;
      let out = start;
      while (out < end) {
        // The right run's entry only when strictly newer (or the left run is used up): on a tie the left, earlier
        // run's entry goes first, as in a stable sort.
        const next = left < middle && (right >= end || fromTimes[right]! <= fromTimes[left]!) ? left++ : right++;
        into[out] = from[next]!;
        intoTimes[out++] = fromTimes[next]!;
      }
      merged.push(end);
    }
    [from, into] = [into, from];
    [fromTimes, intoTimes] = [intoTimes, fromTimes];
    ends = merged;
  }
  return from;
}

/**
 * One feed's share of a digest: all of its entries (`own`), or, when another feed listed some of its posts first,
 * the ones it listed. What `tagCounts` adds up feed by feed.
 */
type DigestPart = { own: FeedEntries; listed?: DigestEntry[] };
/** How each digest `buildDigest` returned was made, for as long as the page holds that digest. */
const digestParts = new WeakMap<DigestEntry[], DigestPart[]>();

/**
 * One feed's entries, with what is worked out from them kept beside them (its unseen keys, its tag tally), so that
 * each is worked out once per change of the feed.
 */
type FeedEntries = {
  title: string;
  marks: FeedMarks | undefined;
  rules: CompiledRules;
  entries: DigestEntry[];
  /** The posts the rules hide, each with the rule that hides it. */
  muted: DigestEntry[];
  postKeys: string[];
  /** Each entry's `postTime`, and whether the entries are newest first by it (a feed's posts are stored so). */
  times: number[];
  inOrder: boolean;
  unseen?: string[];
  /** How many of `entries` are unread. */
  unread?: number;
  tally?: TagTally;
};

/**
 * One feed's entries, remembered for as long as that feed's view stays the same object and its title and the rules
 * stay the same: a page that takes one feed's change rebuilds that feed's entries only, and merges the others as
 * they were. New marks for the same view reflag the remembered entries (`withMarks`).
 */
const feedEntriesMemo = new WeakMap<FeedView, FeedEntries>();

function feedEntries(
  feed: FeedConfig,
  view: FeedView,
  feedMarks: FeedMarks | undefined,
  rules: CompiledRules = NO_RULES,
): FeedEntries {
  const title = feedDisplayName(feed, view.info?.title);
  const known = feedEntriesMemo.get(view);
  if (known && known.title === title && known.rules === rules) {
    if (known.marks === feedMarks) return known;
    const remarked = withMarks(known, feed.id, feedMarks);
    feedEntriesMemo.set(view, remarked);
    return remarked;
  }
  const entries: DigestEntry[] = [];
  const muted: DigestEntry[] = [];
  const postKeys: string[] = [];
  const times: number[] = [];
  let inOrder = true;
  const lister = listerOf(feed.id, title, rules, feedMarks);
  for (const article of view.articles) {
    const listed = lister(article);
    if (listed.entry.hiddenBy) {
      muted.push(listed.entry);
      continue;
    }
    postKeys.push(listed.postKey);
    if (times.length && listed.time > times[times.length - 1]!) inOrder = false;
    times.push(listed.time);
    entries.push(listed.entry);
  }
  const built: FeedEntries = { title, marks: feedMarks, rules, entries, muted, postKeys, times, inOrder };
  feedEntriesMemo.set(view, built);
  return built;
}

/**
 * The same posts under new marks: the popup marks what it shows seen, so every sync changes each feed's marks once
 * more after its posts. Only the read and seen flags can change: the list, its keys, times and tag tally are kept,
 * and so is each entry whose flags stay (a row given the same entry is not drawn again).
 */
function withMarks(known: FeedEntries, feedId: string, feedMarks: FeedMarks | undefined): FeedEntries {
  const lister = listerOf(feedId, known.title, known.rules, feedMarks);
  const relist = (entry: DigestEntry) => lister(entry.article).entry;
  const { title, rules, postKeys, times, inOrder, tally } = known;
  const entries = reflagged(known.entries, relist);
  const muted = reflagged(known.muted, relist);
  return { title, marks: feedMarks, rules, entries, muted, postKeys, times, inOrder, tally };
}

/**
 * A post as one feed lists it, with what that was worked out from: the feed's title, the reader's rules and the
 * feed's marks. Its same-post key and time (for a post the rules do not hide) come with it.
 */
type Listing = {
  entry: DigestEntry;
  feedId: string;
  title: string;
  rules: CompiledRules;
  marks: FeedMarks | undefined;
  postKey: string;
  time: number;
};

/**
 * Each post object's last listing. A feed that gains a post is read again as a new view, yet keeps most of its post
 * objects (a commit re-reads only the archive pages it changed): a rebuild then asks the rules, the same-post key
 * and the time of new posts only, and the marks of posts only when the marks changed, and keeps each entry whose
 * flags stay. Rebuilding every post of the feeds a sync touched made the popup's longest task while it committed.
 */
const listings = new WeakMap<StoredArticle, Listing>();

/** Lists one feed's posts under these title, rules and marks, from each post's last listing where it can. */
function listerOf(
  feedId: string,
  title: string,
  rules: CompiledRules,
  feedMarks: FeedMarks | undefined,
): (article: StoredArticle) => Listing {
  let marker: FeedMarker | undefined;
  const flags = () => (marker ??= markerOf(feedMarks ?? emptyMarks()));
  return (article) => {
    const last = listings.get(article);
    if (last && last.feedId === feedId && last.title === title && last.rules === rules) {
      if (last.marks === feedMarks) return last;
      const { entry } = last;
      const read = flags().isRead(article);
      // A post the rules hide is never counted as new (`seen`), whatever its marks.
      const seen = entry.hiddenBy ? true : flags().isSeen(article);
      // Updated in place: a listing is this memo's own cell, and ten thousand copies a rebuild were most of its cost.
      last.marks = feedMarks;
      if (read !== entry.read || seen !== entry.seen) last.entry = { ...entry, read, seen };
      return last;
    }
    const hiddenBy = rules.none ? undefined : rules.verdict(article, feedId).hiddenBy;
    const key = articleKey(feedId, article.id);
    const read = flags().isRead(article);
    const listing: Listing = {
      // A post the rules hide is kept aside (`muted`) and never counted as new, whatever its marks.
      entry: hiddenBy
        ? { key, feedId, feedTitle: title, article, read, seen: true, isNew: false, hiddenBy }
        : { key, feedId, feedTitle: title, article, read, seen: flags().isSeen(article), isNew: false },
      feedId,
      title,
      rules,
      marks: feedMarks,
      // Only listed posts are merged with other feeds' and ordered: a hidden one needs no same-post key or time.
      postKey: hiddenBy ? '' : samePostKey(feedId, article),
      time: hiddenBy ? 0 : postTime(article),
    };
    listings.set(article, listing);
    return listing;
  };
}

/** `entries` mapped, or the same array when no entry changed. */
function reflagged(entries: DigestEntry[], reflag: (entry: DigestEntry) => DigestEntry): DigestEntry[] {
  let changed: DigestEntry[] | undefined;
  for (let i = 0; i < entries.length; i++) {
    const entry = reflag(entries[i]!);
    if (entry !== entries[i]) (changed ??= entries.slice())[i] = entry;
  }
  return changed ?? entries;
}

/** Keys of the followed feeds' posts not yet seen, that the rules do not hide (the badge's posts). */
export function unseenKeys(
  feeds: FeedConfig[],
  cache: FeedCache,
  marks: Marks,
  rules: CompiledRules = NO_RULES,
): string[] {
  const keys: string[] = [];
  for (const feed of feeds) {
    const view = ownValue(cache, feed.id);
    if (!view) continue;
    // Kept with the feed's entries: a page asks again whenever any feed changes.
    const own = feedEntries(feed, view, ownValue(marks, feed.id), rules);
    own.unseen ??= unseenOf(own);
    for (const key of own.unseen) keys.push(key);
  }
  return keys;
}

/**
 * Works out one feed's entries, and what is counted from them, ahead of the digest build that lists them: a page
 * taking a sync's commits calls it feed by feed, a few feeds a task, so that the build that shows them merges entries
 * already made instead of making forty feeds' in one task. Only a warm-up: the build makes whatever it does not find.
 */
export function prepareFeedEntries(
  feed: FeedConfig,
  view: FeedView,
  feedMarks: FeedMarks | undefined,
  rules: CompiledRules = NO_RULES,
): void {
  const own = feedEntries(feed, view, feedMarks, rules);
  own.unseen ??= unseenOf(own);
  own.unread ??= countUnread(own.entries);
  own.tally ??= addTags(new Map(), own.entries);
}

const unseenOf = (own: FeedEntries) => own.entries.filter((entry) => !entry.seen).map((entry) => entry.key);

/** Each feed's newest arrival number: "everything up to what this page shows" in markAllSeen / markAllRead. */
export function newestArrivals(cache: FeedCache): Record<string, number> {
  return Object.fromEntries(Object.entries(cache).map(([feedId, view]) => [feedId, view.seq]));
}

/**
 * What makes two listed posts the same post: their URLs compared as the reader would (tracking parameters, `www.`
 * and trailing slashes do not make a new post). Remembered by URL rather than by post object: a page re-reads a
 * changed feed's posts as new objects, and normalising ten thousand URLs again made the page's longest task.
 */
const urlPostKeys = new Map<string, string | null>();
/** Enough for every post a page shows at once; past it the memo starts over (keys are only recomputed). */
const URL_KEYS_KEPT = 100_000;
function samePostKey(feedId: string, article: StoredArticle): string {
  const { url } = article;
  if (url) {
    let key = urlPostKeys.get(url);
    if (key === undefined) {
      if (urlPostKeys.size >= URL_KEYS_KEPT) urlPostKeys.clear();
      key = normalizeArticleUrl(url) ?? null;
      urlPostKeys.set(url, key);
    }
    if (key !== null) return key;
  }
  return `${feedId} ${article.id}`;
}

/**
 * Works out posts' same-post keys ahead of the digest build that lists them: a page loading a large archive calls
 * it slice by slice, so the build that shows the archive does not normalise every URL in one task.
 */
export function preparePostKeys(feedId: string, articles: readonly StoredArticle[]): void {
  for (const article of articles) samePostKey(feedId, article);
}

export type DigestFilter = {
  tag?: string;
  query?: string;
  unreadOnly?: boolean;
  /** Keep only posts on the reader's topics (see lib/topics). */
  onTopic?: (article: Article) => boolean;
};

/**
 * Tag (case-insensitive, labels and category terms), free text over title, summary, tags, feed and source, unread-only,
 * and topic. With no filter on, the digest itself: a page filters again whenever a feed changes.
 */
export function filterDigest(entries: DigestEntry[], filter: DigestFilter): DigestEntry[] {
  const tag = filter.tag?.toLowerCase();
  const words = (filter.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (!tag && !words.length && !filter.unreadOnly && !filter.onTopic) return entries;
  return entries.filter((entry) => {
    if (filter.unreadOnly && entry.read) return false;
    // A category's term (Atom `term`, when it differs from the label shown) files the post under that tag too.
    if (
      tag &&
      !entry.article.tags.some((t) => t.toLowerCase() === tag) &&
      !entry.article.tagTerms?.some((t) => t.toLowerCase() === tag)
    )
      return false;
    if (filter.onTopic && !filter.onTopic(entry.article)) return false;
    if (!words.length) return true;
    const { title, summary, tags, tagTerms = [], sourceDomain, authors } = entry.article;
    const haystack = [title, summary, ...tags, ...tagTerms, ...authors, sourceDomain ?? '', entry.feedTitle]
      .join('\n')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/**
 * How many posts of the digest are unread. A digest from `buildDigest` is counted feed by feed, each feed's count
 * kept with its entries: the page asks at every render (a keystroke in the search), and a sync changes a few feeds.
 */
export function unreadCount(entries: DigestEntry[]): number {
  const parts = digestParts.get(entries);
  if (!parts) return countUnread(entries);
  let count = 0;
  for (const part of parts)
    count += part.listed ? countUnread(part.listed) : (part.own.unread ??= countUnread(part.own.entries));
  return count;
}

function countUnread(entries: readonly DigestEntry[]): number {
  let count = 0;
  for (const entry of entries) if (!entry.read) count++;
  return count;
}

/** Tags repeat across thousands of posts: each spelling is lower-cased once (bounded, for a long-lived page). */
const lowerCase = new Map<string, string>();
function lowerCased(tag: string): string {
  let lower = lowerCase.get(tag);
  if (lower === undefined) {
    if (lowerCase.size > 10_000) lowerCase.clear();
    lowerCase.set(tag, (lower = tag.toLowerCase()));
  }
  return lower;
}

/**
 * Tags (lower-cased) with how many posts carry them, and the post the digest lists first among those (whose
 * spelling is the one shown).
 */
type TagTally = Map<string, { tag: string; count: number; first: StoredArticle }>;

/** Adds `entries`' tags to `tally`; of two posts listed at the same place, the one added first is listed first. */
function addTags(tally: TagTally, entries: readonly DigestEntry[]): TagTally {
  for (const entry of entries) {
    for (const tag of entry.article.tags) {
      const key = lowerCased(tag);
      const current = tally.get(key);
      if (!current) tally.set(key, { tag, count: 1, first: entry.article });
      else {
        current.count++;
        if (compareNewestFirst(entry.article, current.first) < 0) {
          current.tag = tag;
          current.first = entry.article;
        }
      }
    }
  }
  return tally;
}

/**
 * Tags across the digest, most used first, each spelled as the first post listed with it spells it. A digest from
 * `buildDigest` is counted feed by feed, from each feed's remembered tally: a sync that changes a few of forty feeds
 * recounts those few, not ten thousand posts (the popup's longest task while a sync commits).
 */
export function tagCounts(entries: DigestEntry[]): { tag: string; count: number }[] {
  const parts = digestParts.get(entries);
  const tallies = parts
    ? // A feed's whole tally is kept with its entries: a page that takes one feed's change counts that feed only.
      parts.map((part) =>
        part.listed ? addTags(new Map(), part.listed) : (part.own.tally ??= addTags(new Map(), part.own.entries)),
      )
    : [addTags(new Map(), entries)];
  // Feeds in the order the digest took them: on a tie, the earlier feed's post is listed first (a stable sort).
  const counts: TagTally = new Map();
  for (const tally of tallies) {
    for (const [key, { tag, count, first }] of tally) {
      const current = counts.get(key);
      if (!current) counts.set(key, { tag, count, first });
      else {
        current.count += count;
        if (compareNewestFirst(first, current.first) < 0) {
          current.tag = tag;
          current.first = first;
        }
      }
    }
  }
  return [...counts.values()]
    .map(({ tag, count }) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

export type FeedHealth = {
  feedId: string;
  title: string;
  url: string;
  demo: boolean;
  paused: boolean;
  /** The feed's own check interval, when it has one. */
  pollMinutes?: number;
  articleCount: number;
  /** Roughly what the feed's kept posts take in storage. */
  bytes: number;
  lastSuccessAt?: number;
  error?: FeedError & { at: number };
  failingSince?: number;
  /** When a failing feed is tried again (its backoff, or the server's Retry-After). */
  nextAttemptAt?: number;
  /** Items the last good fetch skipped, with reasons. */
  problems: { item: string; reason: string }[];
};

/** One empty list for every feed without problems: the options page redraws a row only when its values change. */
const NO_PROBLEMS: FeedHealth['problems'] = [];

export function feedHealth(feeds: FeedConfig[], cache: FeedCache): FeedHealth[] {
  return feeds.map((feed) => {
    const state = ownValue(cache, feed.id);
    return {
      feedId: feed.id,
      title: feedDisplayName(feed, state?.info?.title),
      url: feed.url,
      demo: !!feed.demo,
      paused: !!feed.paused,
      pollMinutes: feed.pollMinutes,
      articleCount: state?.count ?? 0,
      bytes: state?.bytes ?? 0,
      lastSuccessAt: state?.lastSuccessAt,
      error: state?.error,
      failingSince: state?.failingSince,
      nextAttemptAt: state?.error ? state.nextAttemptAt : undefined,
      problems: state?.problems ?? NO_PROBLEMS,
    };
  });
}
