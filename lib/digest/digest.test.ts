import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNewestFirst, type Article } from '../feed/article';
import { emptyView, type FeedCache, type StoredArticle } from '../store/feedStore';
import { articleKey, emptyMarks, type FeedMarks } from '../store/marks';
import type { FeedConfig } from '../store/settings';
import { emptySyncedState, withSeenUpTo } from '../store/syncedReadState';
import { compileRules, type CompiledRules } from '../rules/match';
import type { Rule } from '../rules/rule';
import {
  buildDigest,
  filterDigest,
  mutedEntries,
  preparePostKeys,
  tagCounts,
  unreadCount,
  unseenKeys,
  type DigestEntry,
} from './digest';

const HOUR = 3600e3;
const feed = (id: string, title?: string): FeedConfig => ({
  id,
  url: `https://${id}.test/feed.json`,
  title,
  addedAt: 0,
});
const article = (id: string, hoursAgo: number, extra: Partial<Article> = {}): Article => ({
  id,
  title: `Post ${id}`,
  summary: `Summary of ${id}`,
  url: `https://blog.test/posts/${id}`,
  tags: [],
  authors: [],
  publishedAt: Date.UTC(2026, 10, 25) - hoursAgo * HOUR,
  ...extra,
});
/** Feeds as stored: each post numbered by arrival (oldest first). */
const cacheOf = (entries: Record<string, Article[]>): FeedCache =>
  Object.fromEntries(
    Object.entries(entries).map(([id, articles]) => [
      id,
      {
        ...emptyView(),
        seq: articles.length,
        count: articles.length,
        articles: articles.map((post, i) => ({ ...post, seq: articles.length - i })),
      },
    ]),
  );
const readIds = (...ids: string[]): FeedMarks => ({ ...emptyMarks(), read: ids });

describe('buildDigest', () => {
  it('merges every feed newest first, with the feed name on each entry and its read state', () => {
    const feeds = [feed('alpha', 'Alpha Desk'), feed('beta', 'Beta Desk')];
    const cache = cacheOf({ alpha: [article('a1', 5), article('a2', 1)], beta: [article('b1', 3)] });
    const digest = buildDigest(feeds, cache, { beta: readIds('b1') }, new Set([articleKey('alpha', 'a2')]));
    expect(digest.map((e) => [e.article.id, e.feedTitle, e.read, e.isNew])).toEqual([
      ['a2', 'Alpha Desk', false, true],
      ['b1', 'Beta Desk', true, false],
      ['a1', 'Alpha Desk', false, false],
    ]);
  });

  it('shows a post listed by two feeds once, even when the URLs differ only by tracking parameters or www.', () => {
    const feeds = [feed('alpha'), feed('beta')];
    const cache = cacheOf({
      alpha: [article('x', 2, { url: 'https://blog.test/posts/x' })],
      beta: [article('other-id', 2, { url: 'https://www.blog.test/posts/x/?utm_source=feed' })],
    });
    expect(buildDigest(feeds, cache, {})).toHaveLength(1);
  });

  it('keeps telling the same post apart after a re-read, and never joins posts without an address', () => {
    const feeds = [feed('alpha'), feed('beta')];
    const posts = () =>
      cacheOf({
        alpha: [article('x', 2, { url: 'https://blog.test/posts/x?utm_medium=rss' }), article('n1', 3, { url: '' })],
        beta: [article('y', 2, { url: 'https://blog.test/posts/x' }), article('n2', 3, { url: '' })],
      });
    const first = posts();
    preparePostKeys('alpha', first.alpha!.articles);
    expect(buildDigest(feeds, first, {}).map((e) => e.article.id)).toEqual(['x', 'n1', 'n2']);
    // The same posts as new objects, as a page reads them again after a commit: the keys remembered by URL agree.
    expect(buildDigest(feeds, posts(), {}).map((e) => e.article.id)).toEqual(['x', 'n1', 'n2']);
  });

  it('skips feeds that are configured but not yet fetched, and feeds that are cached but no longer followed', () => {
    const cache = cacheOf({ gone: [article('g', 1)] });
    expect(buildDigest([feed('alpha')], cache, {})).toEqual([]);
  });
});

describe('buildDigest, newest first', () => {
  const post = fc.record({
    id: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'),
    // Few hours, so that posts tie in date; some posts undated, some dated by their modification only.
    hoursAgo: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    modifiedOnly: fc.boolean(),
    url: fc.constantFrom('https://news.test/a', 'https://www.news.test/a/', 'https://news.test/b', undefined),
  });
  const toArticle = (p: { id: string; hoursAgo?: number; modifiedOnly: boolean; url?: string }) => {
    const at = p.hoursAgo === undefined ? undefined : Date.UTC(2026, 10, 25) - p.hoursAgo * HOUR;
    return article(p.id, 0, { url: p.url, publishedAt: p.modifiedOnly ? undefined : at, modifiedAt: at });
  };
  /** Newest first, as a stable sort of the feeds' posts one feed after another gives them. */
  const newestFirst = (feeds: FeedConfig[], cache: FeedCache, digest: ReturnType<typeof buildDigest>) => {
    const place = (entry: (typeof digest)[number]) =>
      feeds.findIndex((f) => f.id === entry.feedId) * 1000 +
      cache[entry.feedId]!.articles.findIndex((a) => a.id === entry.article.id);
    return [...digest].sort((a, b) => compareNewestFirst(a.article, b.article) || place(a) - place(b));
  };

  it('lists the feeds’ posts in the order a stable sort by date gives, feeds stored newest first or not', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ posts: fc.uniqueArray(post, { maxLength: 8, selector: (p) => p.id }), sorted: fc.boolean() }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (feedsPosts) => {
          const feeds = feedsPosts.map((_, f) => feed(`f${f}`));
          const cache = cacheOf(
            Object.fromEntries(
              feedsPosts.map(({ posts, sorted }, f) => {
                const articles = posts.map(toArticle);
                return [`f${f}`, sorted ? articles.sort(compareNewestFirst) : articles];
              }),
            ),
          );
          const digest = buildDigest(feeds, cache, {});
          expect(digest.map((e) => e.key)).toEqual(newestFirst(feeds, cache, digest).map((e) => e.key));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('filterDigest and tagCounts', () => {
  const cache = cacheOf({
    alpha: [
      article('a', 1, { title: 'Frontier model evals', tags: ['Evals', 'Policy'] }),
      article('b', 2, { title: 'Chip export rules', tags: ['policy'], sourceDomain: 'reuters.com' }),
      article('c', 3, { title: 'Interpretability notes', tags: ['Research'] }),
    ],
  });
  const digest = buildDigest([feed('alpha', 'Alpha Desk')], cache, { alpha: readIds('a') });

  it('filters by tag case-insensitively, by every word of the query, and by unread', () => {
    expect(filterDigest(digest, { tag: 'POLICY' }).map((e) => e.article.id)).toEqual(['a', 'b']);
    expect(filterDigest(digest, { query: 'reuters chip' }).map((e) => e.article.id)).toEqual(['b']);
    expect(filterDigest(digest, { query: 'alpha desk' }).map((e) => e.article.id)).toEqual(['a', 'b', 'c']);
    expect(filterDigest(digest, { tag: 'policy', unreadOnly: true }).map((e) => e.article.id)).toEqual(['b']);
    expect(filterDigest(digest, { query: 'nothing-matches' })).toEqual([]);
  });

  it('files a post under its category terms too (an Atom term apart from the label shown), in any case', () => {
    const cache = cacheOf({
      f: [article('t', 1, { tags: ['Machine learning'], tagTerms: ['cs.LG'] }), article('u', 2, { tags: ['Policy'] })],
    });
    const entries = buildDigest([feed('f')], cache, {});
    expect(filterDigest(entries, { tag: 'CS.lg' }).map((e) => e.article.id)).toEqual(['t']);
    expect(filterDigest(entries, { query: 'cs.lg' }).map((e) => e.article.id)).toEqual(['t']);
    expect(tagCounts(entries).map((c) => c.tag)).toEqual(['Machine learning', 'Policy']);
  });

  it('counts tags across the digest, most used first', () => {
    expect(tagCounts(digest)[0]).toEqual({ tag: expect.stringMatching(/^policy$/i), count: 2 });
  });
});

describe('tagCounts, feed by feed', () => {
  /** What tagCounts is: every listed post's tags counted, spelled as the first listed post spells them. */
  const recount = (entries: ReturnType<typeof buildDigest>) => {
    const counts = new Map<string, { tag: string; count: number }>();
    for (const entry of entries)
      for (const tag of entry.article.tags) {
        const current = counts.get(tag.toLowerCase());
        if (current) current.count++;
        else counts.set(tag.toLowerCase(), { tag, count: 1 });
      }
    return [...counts.values()].sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
  };
  // Few hours, tags and URLs, so that posts tie in date, share tags in several spellings, and repeat across feeds.
  const post = fc.record({
    id: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6'),
    hoursAgo: fc.integer({ min: 0, max: 3 }),
    tags: fc.uniqueArray(fc.constantFrom('Policy', 'policy', 'POLICY', 'Evals', 'evals', 'Chips'), {
      maxLength: 3,
      selector: (tag) => tag.toLowerCase(),
    }),
    url: fc.constantFrom('https://news.test/a', 'https://news.test/b', 'https://www.news.test/a/', undefined),
  });
  const feedPosts = fc.uniqueArray(post, { maxLength: 6, selector: (p) => p.id });
  const cacheFrom = (feeds: { id: string; hoursAgo: number; tags: string[]; url?: string }[][]) =>
    cacheOf(
      Object.fromEntries(
        feeds.map((posts, f) => [`f${f}`, posts.map((p) => article(p.id, p.hoursAgo, { tags: p.tags, url: p.url }))]),
      ),
    );

  it('equals a recount of the listed posts, before and after one feed changes (duplicates across feeds, ties in date)', () => {
    fc.assert(
      fc.property(
        fc.array(feedPosts, { minLength: 1, maxLength: 4 }),
        feedPosts,
        fc.nat(),
        (feedsPosts, changedPosts, which) => {
          const feeds = feedsPosts.map((_, f) => feed(`f${f}`));
          const cache = cacheFrom(feedsPosts);
          const before = buildDigest(feeds, cache, {});
          expect(tagCounts(before)).toEqual(recount(before));
          // One feed changes (a sync): a new view for it, the others' views as they were.
          const changed = `f${which % feeds.length}`;
          const after = buildDigest(feeds, { ...cache, [changed]: cacheFrom([changedPosts]).f0! }, {});
          expect(tagCounts(after)).toEqual(recount(after));
          // A list that is not a digest (a filtered one) is counted as it is.
          const some = after.filter((_, i) => i % 2 === 0);
          expect(tagCounts(some)).toEqual(recount(some));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('unreadCount, feed by feed', () => {
  it('equals the unread posts listed, before and after one feed or its marks change (duplicates across feeds)', () => {
    const post = fc.record({
      id: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5'),
      hoursAgo: fc.integer({ min: 0, max: 3 }),
      url: fc.constantFrom('https://news.test/a', 'https://www.news.test/a/', 'https://news.test/b', undefined),
    });
    const feedPosts = fc.uniqueArray(post, { maxLength: 5, selector: (p) => p.id });
    const viewOf = (posts: { id: string; hoursAgo: number; url?: string }[]) =>
      cacheOf({ f: posts.map((p) => article(p.id, p.hoursAgo, { url: p.url })) }).f!;
    const unread = (digest: DigestEntry[]) => digest.filter((entry) => !entry.read).length;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(feedPosts, fc.nat({ max: 6 })), { minLength: 1, maxLength: 4 }),
        feedPosts,
        fc.nat(),
        fc.nat({ max: 6 }),
        (feedsPosts, changedPosts, which, readSeq) => {
          const feeds = feedsPosts.map((_, f) => feed(`f${f}`));
          const cache = Object.fromEntries(feedsPosts.map(([posts], f) => [`f${f}`, viewOf(posts)]));
          const marks = Object.fromEntries(
            feedsPosts.map(([, seq], f) => [`f${f}`, { ...emptyMarks(), readSeq: seq }]),
          );
          const before = buildDigest(feeds, cache, marks);
          expect(unreadCount(before)).toBe(unread(before));
          const changed = `f${which % feeds.length}`;
          const after = buildDigest(feeds, { ...cache, [changed]: viewOf(changedPosts) }, marks);
          expect(unreadCount(after)).toBe(unread(after));
          // The reader reads up to another arrival in that feed: its marks change, its posts do not.
          const marked = buildDigest(feeds, cache, { ...marks, [changed]: { ...emptyMarks(), readSeq } });
          expect(unreadCount(marked)).toBe(unread(marked));
          expect(unreadCount(marked.slice(1))).toBe(unread(marked.slice(1)));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('what a page asks again whenever a feed changes', () => {
  it('gives the digest itself when no filter is on, and a filtered copy otherwise', () => {
    const digest = buildDigest([feed('f')], cacheOf({ f: [article('a', 1), article('b', 2)] }), {});
    expect(filterDigest(digest, { query: '  ' })).toBe(digest);
    expect(filterDigest(digest, { unreadOnly: true })).not.toBe(digest);
  });

  it('lists the unseen posts as the marks now say, feed by feed', () => {
    const feeds = [feed('f'), feed('g')];
    const cache = cacheOf({ f: [article('a', 1), article('b', 2)], g: [article('c', 3)] });
    expect(unseenKeys(feeds, cache, {})).toEqual([articleKey('f', 'a'), articleKey('f', 'b'), articleKey('g', 'c')]);
    // The reader saw f's posts up to its newest arrival: only g's post is left.
    const seen = { f: { ...emptyMarks(), seenSeq: 2 } };
    expect(unseenKeys(feeds, cache, seen)).toEqual([articleKey('g', 'c')]);
    expect(unseenKeys(feeds, cache, {})).toHaveLength(3);
  });
});

describe('a page that rebuilds its digest change after change', () => {
  // A rebuild keeps what it can (each feed's entries while its view and marks stay, each post's listing while the
  // post object lives, each entry whose flags stay): whatever the changes, it must list what a page building the
  // same values from scratch lists. Fresh copies share no object with the page, so they reuse nothing.
  const post = fc.record({
    id: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6'),
    hoursAgo: fc.integer({ min: 0, max: 4 }),
    url: fc.constantFrom('https://news.test/a', 'https://www.news.test/a/', 'https://news.test/b', undefined),
    title: fc.constantFrom('Chip rules', 'Evals', 'Crypto news'),
  });
  const change = fc.oneof(
    // A sync commits a post to a feed: a new view, keeping the post objects of the pages it did not re-read.
    fc.record({ kind: fc.constant('arrive' as const), feed: fc.nat({ max: 2 }), post, reread: fc.boolean() }),
    // The feed's marks change: seen or read up to an arrival, posts read or unread one by one, or a peer's seen list.
    fc.record({
      kind: fc.constant('marks' as const),
      feed: fc.nat({ max: 2 }),
      seenSeq: fc.nat({ max: 8 }),
      readSeq: fc.nat({ max: 8 }),
      read: fc.subarray(['p1', 'p2', 'p3']),
      unread: fc.subarray(['p4', 'p5']),
      syncedSeen: fc.subarray(['p1', 'p3', 'p5', 'p6']),
    }),
    fc.record({ kind: fc.constant('rename' as const), feed: fc.nat({ max: 2 }), name: fc.constantFrom('A', 'B') }),
    fc.record({ kind: fc.constant('rules' as const), mute: fc.constantFrom(undefined, 'crypto', 'evals') }),
    fc.record({ kind: fc.constant('shown' as const), feed: fc.nat({ max: 2 }), id: fc.constantFrom('p1', 'p4') }),
  );
  type Post = { id: string; hoursAgo: number; url?: string; title: string };
  const stored = (p: Post, seq: number) => ({ ...article(p.id, p.hoursAgo, { url: p.url, title: p.title }), seq });
  /** What a reader sees of a digest, and what is counted from it. */
  const seenOf = (
    feeds: FeedConfig[],
    cache: FeedCache,
    marks: Record<string, FeedMarks>,
    newKeys: Set<string>,
    rules: CompiledRules,
  ) => {
    const digest = buildDigest(feeds, cache, marks, newKeys, rules);
    const row = (e: DigestEntry) => [e.key, e.feedTitle, e.article.title, e.read, e.seen, e.isNew, e.hiddenBy?.text];
    return {
      list: digest.map(row),
      muted: mutedEntries(digest).map(row),
      tags: tagCounts(digest),
      unread: unreadCount(digest),
      unseen: unseenKeys(feeds, cache, marks, rules),
    };
  };

  it('lists what a build from scratch lists, after any sequence of arrivals, marks, renames, rules and views', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 14 }), (changes) => {
        let feeds = [feed('f0'), feed('f1'), feed('f2')];
        const posts: StoredArticle[][] = [[], [], []];
        let cache: FeedCache = {};
        let marks: Record<string, FeedMarks> = {};
        let rules = compileRules(undefined);
        let ruleList: Rule[] | undefined;
        const newKeys = new Set<string>();
        for (const step of changes) {
          if (step.kind === 'arrive') {
            const list = posts[step.feed]!.filter((p) => p.id !== step.post.id);
            const seq = Math.max(0, ...posts[step.feed]!.map((p) => p.seq)) + 1;
            // Re-read: every post a new object, as a page re-reads a changed archive page; else only the new one.
            const kept = step.reread ? list.map((p) => ({ ...p })) : list;
            posts[step.feed] = [stored(step.post, seq), ...kept].sort(compareNewestFirst);
            cache = { ...cache, [`f${step.feed}`]: { ...emptyView(), seq, count: seq, articles: posts[step.feed]! } };
          } else if (step.kind === 'marks') {
            const feedPosts = posts[step.feed]!;
            const synced = withSeenUpTo(
              emptySyncedState(),
              undefined,
              feedPosts
                .filter((p) => step.syncedSeen.includes(p.id))
                .map((p) => ({ id: p.id, published: p.publishedAt })),
            );
            const next = {
              ...emptyMarks(),
              seenSeq: step.seenSeq,
              readSeq: step.readSeq,
              read: step.read,
              unread: step.unread,
              synced,
            };
            marks = { ...marks, [`f${step.feed}`]: next };
          } else if (step.kind === 'rename') {
            feeds = feeds.map((f, i) => (i === step.feed ? { ...f, name: step.name } : f));
          } else if (step.kind === 'rules') {
            ruleList = step.mute ? [{ kind: 'mute', text: step.mute }] : undefined;
            rules = compileRules(ruleList);
          } else {
            newKeys.add(articleKey(`f${step.feed}`, step.id));
          }
          const page = seenOf(feeds, cache, marks, newKeys, rules);
          const fresh = structuredClone({ feeds, cache, marks, ruleList });
          const scratch = seenOf(fresh.feeds, fresh.cache, fresh.marks, new Set(newKeys), compileRules(fresh.ruleList));
          expect(page).toEqual(scratch);
        }
      }),
      { numRuns: 400 },
    );
  });
});
