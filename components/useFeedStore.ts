import { startTransition, useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { afterPaint } from '@/lib/popup/afterPaint';
import { earlyValueUsable, takeEarlyRead } from '@/lib/popup/earlyRead';
import { preparePostKeys } from '@/lib/digest/digest';
import { compareNewestFirst } from '@/lib/feed/article';
import {
  feedKeyOf,
  marksKey,
  pageKey,
  pagesOf,
  parsePosts,
  parseRecord,
  recordKey,
  type FeedCache,
  type FeedView,
  type Parsed,
  type StoredArticle,
} from '@/lib/store/feedStore';
import { type FeedMarks, type Marks } from '@/lib/store/marks';
import { parseMarks } from '@/lib/store/storedMarks';
import { readKeys } from '@/lib/store/readKeys';
import { watchLocalKeys, type LocalValues } from '@/lib/store/localChanges';

export type FeedStore = {
  cache: FeedCache;
  marks: Marks;
  /** Stored records that failed validation and were left out (the rest is shown). */
  dropped: number;
  /** Whether every feed's whole archive is loaded (else each feed holds its newest posts only). */
  complete: boolean;
};

/** Archive pages per storage read when a page loads the archives (see below): about 500 posts, a short task. */
const PAGES_PER_READ = 10;

/** How long a page gathers the store's changes before it shows them (short enough to feel immediate). */
export const UPDATE_BATCH_MS = 150;

/**
 * One feed as the page holds it: its record's view, and once the archive is loaded (`pages`), the archive page by
 * page, so that a commit's change to one page replaces that page alone.
 */
type FeedSlot = { view?: FeedView; recordDropped: number; pages?: Map<number, Parsed<StoredArticle[]>> };

/**
 * What a page works out from one feed's view and marks (`FeedStoreOptions.prepare`): called for each feed a batch of
 * changes touched, before the batch is shown.
 */
export type PrepareFeed = (feedId: string, view: FeedView, marks: FeedMarks | undefined) => void;

export type FeedStoreOptions = {
  /** Load each feed's whole archive once the first screen has painted. */
  archive: boolean;
  /**
   * Called for each feed a batch of changes (or the archive's load) touched, a few feeds a task, before the page is
   * given the batch: the page's own work per feed, done in short tasks rather than in the render that shows them.
   */
  prepare?: PrepareFeed;
};

/** The longest a task preparing feeds runs before it lets the page answer a key or paint (see `prepare`). */
const PREPARE_SLICE_MS = 8;

/**
 * The followed feeds' posts and marks for a page, kept current feed by feed: a change to one feed's keys re-reads
 * and re-validates that feed only, so a sync that commits forty feeds costs the page forty small updates, not forty
 * reloads of the archive.
 *
 * First the records (each feed's newest posts) and marks in one read; with `archive`, once that has painted, the
 * whole archive (thousands of posts would hold up the first frame). `undefined` until the first read.
 */
export function useFeedStore(feedIds: string[] | undefined, options: FeedStoreOptions): FeedStore | undefined {
  const slots = useRef(new Map<string, FeedSlot>());
  const marks = useRef<Marks>({});
  // The latest render's: what a page prepares depends on its settings, which change without the feed list.
  const prepare = useRef(options.prepare);
  prepare.current = options.prepare;
  // Whether the first state came from the popup's early read: the effect then skips the first read.
  const fromEarly = useRef(false);
  // Keys the last watch was told of and had not read when the feed list changed and it stopped: the next first read
  // takes them, or the changes they announced would be lost with the reads that were to bring them.
  const unread = useRef<string[]>([]);
  const [store, setStore] = useState<FeedStore | undefined>(() => {
    const raw = feedIds && earlyFeeds(feedIds);
    if (!feedIds || !raw) return undefined;
    for (const id of feedIds) takeRecordInto(slots.current, id, raw[recordKey(id)]);
    for (const id of feedIds) marks.current[id] = parseMarks(raw[marksKey(id)], marksKey(id));
    fromEarly.current = true;
    return storeOf(slots.current, marks.current, feedIds, options.archive);
  });
  const key = feedIds?.join('\n');

  useEffect(() => {
    if (!feedIds) return;
    let live = true;
    const ids = new Set(feedIds);
    const publish = () => {
      if (live) setStore(storeOf(slots.current, marks.current, feedIds, options.archive));
    };
    // What arrives later (a sync's commits, the archive) renders as a transition: React renders it in slices it can
    // interrupt, so a keystroke is answered while ten thousand posts are listed, not after. The feeds it touched are
    // prepared first, a few a task: React cannot interrupt one component's render, and the page's work on forty
    // changed feeds in that render made the popup's longest task while a sync committed.
    const touched = new Set<string>();
    // One preparation at a time: it takes every feed touched until none is left, those that change while it runs
    // too, and publishes once. A second one started beside it would publish the store while feeds that changed
    // after the first began are not prepared yet, and the render would make them all in one task.
    let preparing: Promise<void> | undefined;
    const publishLater = () =>
      (preparing ??= prepareTouched().then(() => {
        preparing = undefined;
        if (live) startTransition(publish);
      }));
    const prepareTouched = async () => {
      let sliceStart = performance.now();
      for (let id = firstOf(touched); id !== undefined && live; id = firstOf(touched)) {
        touched.delete(id);
        const view = slots.current.get(id)?.view;
        try {
          if (view) prepare.current?.(id, view, marks.current[id]);
        } catch {
          // Only a warm-up: the render works the feed out again, and an error there reaches the page's boundary.
        }
        if (performance.now() - sliceStart < PREPARE_SLICE_MS) continue;
        await new Promise((resolve) => setTimeout(resolve));
        sliceStart = performance.now();
      }
    };
    const takeRecord = (id: string, raw: unknown) => takeRecordInto(slots.current, id, raw);
    // Archives being loaded (below): a page that changes meanwhile is taken into the load.
    let loading: Map<string, Map<number, Parsed<StoredArticle[]>>> | undefined;
    const takePage = (id: string, page: number, raw: unknown) => {
      const slot = slots.current.get(id);
      const pending = loading?.get(id);
      if (slot && !slot.pages && pending) {
        if (raw === undefined) pending.delete(page);
        else pending.set(page, parsePosts(raw, pageKey(id, page)));
        return;
      }
      if (!slot?.view || !slot.pages) return;
      if (raw === undefined) slot.pages.delete(page);
      else slot.pages.set(page, parsePosts(raw, pageKey(id, page)));
      slot.view = { ...slot.view, articles: archiveOf(slot.pages) };
    };

    // Keys a change has brought since the first read (below) began: that read's answer is not newer than the
    // change's, and must not be written over it. Its several reads (lib/store/readKeys.ts) are each a moment of their
    // own, and a write that lands between two of them reaches the page before the read's last part does.
    const changedSinceRead = new Set<string>();
    // Only the feeds now followed, and only the keys this page shows; other keys are not ours to read.
    const shown = (key: string) => {
      const owner = feedKeyOf(key);
      return (
        !!owner &&
        ids.has(owner.feedId) &&
        (owner.kind === 'feed' || owner.kind === 'marks' || (owner.kind === 'posts' && options.archive))
      );
    };
    const onChanged = (values: LocalValues) => {
      const order = Object.keys(values).sort((a, b) => (a.startsWith('feed:') ? -1 : b.startsWith('feed:') ? 1 : 0));
      for (const changed of order) {
        const owner = feedKeyOf(changed)!;
        changedSinceRead.add(changed);
        const value = values[changed];
        if (owner.kind === 'feed') takeRecord(owner.feedId, value);
        else if (owner.kind === 'posts') takePage(owner.feedId, owner.page, value);
        else marks.current[owner.feedId] = parseMarks(value, changed);
        touched.add(owner.feedId);
      }
      if (touched.size) publishSoon();
    };
    // A sync commits feed after feed, each a storage event: the page takes them in batches, at most one rebuild
    // per UPDATE_BATCH_MS, so forty commits cost the page a few renders rather than forty.
    let scheduled: ReturnType<typeof setTimeout> | undefined;
    const publishSoon = () => {
      scheduled ??= setTimeout(() => {
        scheduled = undefined;
        void publishLater();
      }, UPDATE_BATCH_MS);
    };
    const unwatch = watchLocalKeys(shown, onChanged);

    // Rendered from the early read already, unless one of the feed's keys changed before the listener above was on
    // (a record drawn from the early read anyway, see EarlyRead.drawn, is read again).
    const early = takeEarlyRead();
    const changedRecord = (id: string) => fromEarly.current && !!early?.changed.has(`local:${recordKey(id)}`);
    // A set: during an import, hundreds of keys may be carried, looked up once per followed feed below.
    const carried = new Set(unread.current.filter(shown));
    unread.current = [];
    const carriedPages = [...carried].filter((key) => key.startsWith('posts:'));
    const missing = feedIds.filter((id) => !slots.current.has(id) || changedRecord(id) || carried.has(recordKey(id)));
    for (const id of [...slots.current.keys()]) if (!ids.has(id)) slots.current.delete(id);
    // Every feed's marks are read anyway.
    const keys = [...missing.map(recordKey), ...feedIds.map(marksKey), ...carriedPages];
    const current = fromEarly.current && !keys.some((k) => early?.changed.has(`local:${k}`));
    fromEarly.current = false;
    void (current ? Promise.resolve(undefined) : firstRead(keys)).then(async (raw) => {
      if (!live) return;
      if (raw) {
        for (const id of missing) if (!changedSinceRead.has(recordKey(id))) takeRecord(id, raw[recordKey(id)]);
        for (const id of feedIds)
          if (!changedSinceRead.has(marksKey(id))) marks.current[id] = parseMarks(raw[marksKey(id)], marksKey(id));
        for (const key of carriedPages) {
          const owner = feedKeyOf(key);
          if (owner?.kind === 'posts' && !changedSinceRead.has(key)) takePage(owner.feedId, owner.page, raw[key]);
        }
        publish();
      }
      if (!options.archive) return;
      await afterPaint();
      const wanted = feedIds.filter((id) => {
        const slot = slots.current.get(id);
        return slot?.view && !slot.pages && slot.view.count > slot.view.articles.length;
      });
      if (!live || !wanted.length) return;
      // A few pages per read, each read answered in a task of its own: ten thousand posts arrive and are validated
      // in slices the page can answer a keystroke between, then show at once.
      loading = new Map(wanted.map((id) => [id, new Map()]));
      const pages = wanted.flatMap((id) => pagesOf(slots.current.get(id)!.view!).map((page) => ({ id, page })));
      for (let start = 0; start < pages.length; start += PAGES_PER_READ) {
        const slice = pages.slice(start, start + PAGES_PER_READ);
        const stored = await browser.storage.local.get(slice.map(({ id, page }) => pageKey(id, page)));
        if (!live) return;
        for (const { id, page } of slice) {
          const value = stored[pageKey(id, page)];
          if (value === undefined || loading.get(id)!.has(page)) continue;
          const parsed = parsePosts(value, pageKey(id, page));
          loading.get(id)!.set(page, parsed);
          preparePostKeys(id, parsed.value);
        }
      }
      const loaded = loading;
      loading = undefined;
      for (const [id, pagesOfFeed] of loaded) {
        const slot = slots.current.get(id);
        // A feed removed meanwhile has no slot; changes that came during the load are in its pages already.
        if (!slot?.view || slot.pages) continue;
        slot.pages = pagesOfFeed;
        // No page stored at all: the record's head copy is what there is.
        if (pagesOfFeed.size) slot.view = { ...slot.view, articles: archiveOf(pagesOfFeed) };
        touched.add(id);
      }
      await publishLater();
    });
    return () => {
      live = false;
      clearTimeout(scheduled);
      unread.current = unwatch();
    };
    // The feed list, as a string: a new array with the same feeds is not a change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, options.archive]);

  return store;
}

function takeRecordInto(slots: Map<string, FeedSlot>, id: string, raw: unknown) {
  const previous = slots.get(id);
  const parsed = parseRecord(raw, id);
  if (!parsed) return void slots.delete(id);
  // A loaded archive stays (its pages change on their own keys); the record brings the feed's new health. A page
  // the record no longer lists was emptied: its removal follows as a change of its own.
  const pages = previous?.pages;
  const articles = pages?.size ? archiveOf(pages) : parsed.value.articles;
  slots.set(id, { view: { ...parsed.value, articles }, recordDropped: parsed.dropped, pages });
}

/** A set's first member (in the order added), undefined when it is empty. */
const firstOf = <T>(set: Set<T>): T | undefined => set.values().next().value;

/** The posts of a loaded archive, newest first. */
function archiveOf(pages: Map<number, Parsed<StoredArticle[]>>): StoredArticle[] {
  const posts: StoredArticle[] = [];
  for (const page of pages.values()) posts.push(...page.value);
  return posts.sort(compareNewestFirst);
}

function storeOf(slots: Map<string, FeedSlot>, marks: Marks, feedIds: string[], archive: boolean): FeedStore {
  const cache: FeedCache = {};
  let dropped = 0;
  let complete = true;
  for (const id of feedIds) {
    const slot = slots.get(id);
    if (!slot?.view) continue;
    cache[id] = slot.view;
    dropped += slot.recordDropped;
    for (const page of slot.pages?.values() ?? []) dropped += page.dropped;
    if (!slot.pages && slot.view.count > slot.view.articles.length) complete = false;
  }
  return { cache, marks: { ...marks }, dropped, complete: complete || !archive };
}

/** The feeds' records and marks from the popup's early read, when it has answered with all of them, none changed. */
function earlyFeeds(feedIds: string[]): Record<string, unknown> | undefined {
  const early = takeEarlyRead();
  const found = early?.feedsValue;
  if (!early || !found || early.used) return undefined;
  const keys = feedIds.flatMap((id) => [recordKey(id), marksKey(id)]);
  if (!keys.every((key) => found.keys.has(key) && earlyValueUsable(early, `local:${key}`))) return undefined;
  early.used = true;
  return found.raw;
}

/**
 * Reads these keys, taking from the popup's early read (lib/popup/earlyRead.ts) every key it holds that has not
 * changed since: the first read of a page's life only, as the early values are raw and of that moment. Only the rest
 * is read again: while an import's feeds are fetched some feed changes every moment, and reading all 2,000 feeds
 * again for it doubled the popup's opening.
 */
async function firstRead(keys: string[]): Promise<Record<string, unknown>> {
  const early = takeEarlyRead();
  if (!early || early.used) return readKeys(browser.storage.local, keys);
  early.used = true;
  early.releaseFeeds();
  const found = await early.feeds.catch(() => undefined);
  if (!found) return readKeys(browser.storage.local, keys);
  const stale = new Set(keys.filter((key) => !found.keys.has(key) || early.changed.has(`local:${key}`)));
  if (!stale.size) return found.raw;
  const fresh = await readKeys(browser.storage.local, [...stale]);
  const raw: Record<string, unknown> = {};
  for (const key of keys) {
    const value = stale.has(key) ? fresh[key] : found.raw[key];
    if (value !== undefined) raw[key] = value;
  }
  return raw;
}
