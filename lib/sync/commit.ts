import { browser } from 'wxt/browser';
import { setLocalValues } from '../store/feedWrites';
import type { FetchOutcome } from '../net/fetchFeed';
import {
  feedValues,
  marksKey,
  metaOf,
  parseRecord,
  postsSize,
  readArchive,
  recordKey,
  recordOf,
  removeFeedKeys,
  writeFeed,
  type FeedMeta,
  type FeedView,
  type FeedWrite,
  type StoredArticle,
} from '../store/feedStore';
import {
  countUnseen,
  emptyMarks,
  markerOf,
  prunedMarks,
  sameMarks,
  withFirstSyncCutoff,
  type FeedMarks,
} from '../store/marks';
import { parseMarks } from '../store/storedMarks';
import { serialized, stepsQueued } from '../store/serialize';
import { forgetArchive, recallArchive, rememberArchive } from './archiveMemo';
import { followedFeedIds, LOCAL_SETTINGS_KEY, rulesOf, settingsItem, stillFollowed } from '../store/settings';
import { compileRules, isHidden } from '../rules/match';
import { entryOf, INDEX_KEY, PENDING_LIMIT, parseIndex, type IndexEntry, type StoreIndex } from '../store/storeIndex';
import { nextFeedState, sameData } from './feedState';
import { noteChecked } from './lastChecked';
import { readKeys } from '../store/readKeys';
import { writeLocal, removeLocal } from '../store/localChanges';

// Over 200 lines on purpose: the one serialized write step per feed (posts, marks, index, pruning for space);
// keeping it in one file keeps the index visibly in step with every write.

/** On a feed's first sync, posts older than this count as already seen, so nobody starts with a badge of hundreds. */
export const NEW_POST_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** Posts per feed that pruning for space never removes: each feed keeps its recent history. */
export const PRUNE_KEEP_PER_FEED = 50;

/**
 * One feed as a write step sees it: its posts, its marks and the store index, read together; `followed`, whether
 * the settings still hold the feed (undefined: no local settings to tell).
 */
export type FeedSnapshot = {
  view: FeedView | undefined;
  marks: FeedMarks;
  index: StoreIndex;
  followed: boolean | undefined;
  /** Whether the reader's rules hide a post of this feed (lib/rules): hidden posts are not counted or announced. */
  hides: (post: StoredArticle) => boolean;
  /** Whether an alert rule matches a post of this feed: announced even with the feed's notifications off. */
  alerts: (post: StoredArticle) => boolean;
};

/**
 * Reads one feed's record, marks and archive, and the index. The archive comes from the worker's memory when the
 * record says it is the one last written or read (see ./archiveMemo.ts). Call inside `serialized`.
 */
export async function readSnapshot(feedId: string): Promise<FeedSnapshot> {
  return (await readSnapshots([feedId]))[0]!;
}

/** Several feeds' snapshots, read together (their archives from memory, or read together). */
async function readSnapshots(feedIds: string[]): Promise<FeedSnapshot[]> {
  const raw = await readKeys(browser.storage.local, [
    ...feedIds.flatMap((feedId) => [recordKey(feedId), marksKey(feedId)]),
    INDEX_KEY,
    LOCAL_SETTINGS_KEY,
  ]);
  const index = parseIndex(raw[INDEX_KEY]);
  // The settings are validated once for the whole batch, not once per feed.
  const followed = followedFeedIds(raw[LOCAL_SETTINGS_KEY]);
  const rules = compileRules(rulesOf(raw[LOCAL_SETTINGS_KEY]));
  return Promise.all(
    feedIds.map(async (feedId) => {
      const record = parseRecord(raw[recordKey(feedId)], feedId)?.value;
      const snapshot = {
        marks: parseMarks(raw[marksKey(feedId)], marksKey(feedId)),
        index,
        followed: followed?.has(feedId),
        hides: rules.none ? showsAll : (post: StoredArticle) => isHidden(rules, post, feedId),
        alerts: rules.none ? showsAll : (post: StoredArticle) => !!rules.verdict(post, feedId).alertBy,
      };
      return { view: record && (await withArchive(feedId, record)), ...snapshot };
    }),
  );
}

/** A feed's record with its archive: from the worker's memory when it is the one last written or read. */
async function withArchive(feedId: string, record: FeedView): Promise<FeedView> {
  const remembered = recallArchive(feedId, record);
  if (remembered) return { ...record, articles: remembered };
  const posts = await readArchive(feedId, record);
  if (posts.found) rememberArchive(feedId, record, posts.value);
  // The record's head is a copy of the newest posts: when the archive is missing, the head is what there is.
  return { ...record, articles: posts.found ? posts.value : record.articles };
}

const showsAll = () => false;

/**
 * The index entry of a feed, recounted from its posts and marks (proportional to that one feed); `hides`: the
 * snapshot's rules, so posts they hide leave the unseen count (the badge).
 */
export function indexEntry(view: FeedView, marks: FeedMarks, hides: FeedSnapshot['hides'] = showsAll): IndexEntry {
  const checkedAt = Math.max(view.lastSuccessAt ?? 0, view.error?.at ?? 0);
  const newest = newestPublished(view.articles);
  return {
    unseen: countUnseen(marks, view.articles, hides),
    seq: view.seq,
    ...(newest !== undefined && { newest }),
    ...(checkedAt > 0 && { checkedAt }),
    ...(view.error && view.nextAttemptAt !== undefined && { retryAt: view.nextAttemptAt }),
  };
}

/** The newest published (else modified) time among posts; undefined when none has a date. */
export function newestPublished(posts: Pick<StoredArticle, 'publishedAt' | 'modifiedAt'>[]): number | undefined {
  let newest: number | undefined;
  for (const post of posts) {
    const time = post.publishedAt ?? post.modifiedAt;
    if (time !== undefined && (newest === undefined || time > newest)) newest = time;
  }
  return newest;
}

function withEntry(
  index: StoreIndex,
  feedId: string,
  view: FeedView,
  marks: FeedMarks,
  hides: FeedSnapshot['hides'],
): StoreIndex | undefined {
  const entry = indexEntry(view, marks, hides);
  if (sameData(entryOf(index, feedId), entry)) return undefined;
  return { ...index, feeds: { ...index.feeds, [feedId]: entry } };
}

/**
 * Writes one step's values in one storage call (atomic in the browser). When storage is full, the feed's oldest
 * posts beyond PRUNE_KEEP_PER_FEED are halved and the whole step (posts, marks, index) rebuilt and tried again.
 */
async function writeFeedStep(
  feedId: string,
  postsChanged: boolean,
  posts: StoredArticle[],
  step: CommitStep,
): Promise<FeedView> {
  let current = step(posts);
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFeed(current.write);
      if (postsChanged) rememberArchive(feedId, current.write.meta, current.view.articles);
      return current.view;
    } catch (error) {
      const kept = current.view.articles;
      if (
        !postsChanged ||
        !/quota/i.test(String((error as Error)?.message ?? error)) ||
        kept.length <= PRUNE_KEEP_PER_FEED ||
        attempt >= 6
      )
        throw error;
      console.warn('AI Safety Brief: storage is full; pruned the oldest posts of a feed.');
      current = step(kept.slice(0, Math.max(PRUNE_KEEP_PER_FEED, Math.floor(kept.length / 2))));
    }
  }
}

export type CommitOptions = {
  pollMs: number;
  /** Queue the posts that arrive for a notification (scheduled syncs, with notifications on). */
  announce?: boolean;
  /** The feed's first commit, before it joins the feed list (see `addFeed`); otherwise a feed no longer followed is left alone. */
  adding?: boolean;
};

/** One fetch outcome waiting for its write step. */
type PendingCommit = {
  feedId: string;
  outcome: FetchOutcome;
  now: number;
  options: CommitOptions;
  /** Its own step's place among every serialized step (`stepsQueued`). */
  place: number;
  resolve(view: FeedView): void;
  reject(error: unknown): void;
};

/** What one commit writes, for a given list of posts (fewer when storage is full), and the index after it. */
type CommitStep = (posts: StoredArticle[]) => { write: FeedWrite; view: FeedView; index: StoreIndex };

/** One feed's commit worked out against a snapshot: nothing to write (`step` undefined), or what to write. */
type PlannedCommit = { view: FeedView; postsChanged: boolean; step?: CommitStep };

const pendingCommits: PendingCommit[] = [];

/**
 * Feeds committed in one storage write at most. In a refresh pass results arrive while a commit runs, and each
 * write is a round trip to the browser's storage; a few feeds a write take most of that cost away, while a write
 * stays small (each feed's changed pages, its record and marks, and the index once).
 */
const COMMITS_PER_WRITE = 8;

/**
 * Folds one fetch outcome into the store: writes the feed's own keys only when something changed, keeps its marks
 * and the index entry in step, all in one serialized step. Outcomes that arrive while an earlier step runs are
 * committed together, in one read and one write (group commit). Returns the feed after the step.
 */
export function commitFeed(
  feedId: string,
  outcome: FetchOutcome,
  now: number,
  options: CommitOptions,
): Promise<FeedView> {
  return new Promise((resolve, reject) => {
    const place = stepsQueued() + 1;
    pendingCommits.push({ feedId, outcome, now, options, place, resolve, reject });
    void serialized(() => commitPending(place));
  });
}

/**
 * The outcomes step `place` commits: its own, if no earlier step took it, and those right after it whose steps
 * follow its own with no other step between (a trim, a mark-all-read, a feed's removal), one per feed, up to
 * COMMITS_PER_WRITE. A batch never moves an outcome ahead of a step queued before it.
 */
function takeBatch(place: number): PendingCommit[] {
  const batch: PendingCommit[] = [];
  const feeds = new Set<string>();
  for (let next = pendingCommits[0]; next && batch.length < COMMITS_PER_WRITE; next = pendingCommits[0]) {
    const expected = (batch.at(-1)?.place ?? place - 1) + 1;
    if (next.place !== expected || feeds.has(next.feedId)) break;
    feeds.add(next.feedId);
    batch.push(pendingCommits.shift()!);
  }
  return batch;
}

async function commitPending(place: number): Promise<void> {
  const batch = takeBatch(place);
  if (!batch.length) return;
  if (batch.length === 1) return settle(batch[0]!, commitOne(batch[0]!));
  let snapshots: FeedSnapshot[];
  try {
    snapshots = await readSnapshots(batch.map((commit) => commit.feedId));
  } catch {
    return oneByOne(batch);
  }
  // Each feed's step sees the index as the feeds before it in the batch leave it.
  let index = snapshots[0]!.index;
  const planned: { commit: PendingCommit; plan: PlannedCommit; write?: FeedWrite; view: FeedView }[] = [];
  for (const [i, commit] of batch.entries()) {
    try {
      const plan = await planCommit(commit, { ...snapshots[i]!, index });
      const first = plan.step?.(plan.view.articles);
      if (first) index = first.index;
      planned.push({ commit, plan, write: first?.write, view: first?.view ?? plan.view });
    } catch (error) {
      commit.reject(error);
    }
  }
  const write = mergedWrite(planned.flatMap((entry) => entry.write ?? []));
  try {
    if (Object.keys(write.values).length) await setLocalValues(write.values);
  } catch {
    // Storage full, most likely. Nothing of the batch was written (one call): one feed at a time, from a fresh
    // read, each pruned for space as it needs.
    return oneByOne(planned.map((entry) => entry.commit));
  }
  for (const { commit, plan, write: own, view } of planned) {
    if (own && plan.postsChanged) rememberArchive(commit.feedId, own.meta, view.articles);
    commit.resolve(view);
  }
  // Pages the new records no longer list. Written already: a page left behind is only unused space.
  if (write.remove.length)
    await removeLocal(write.remove).catch((error: unknown) => {
      console.warn('AI Safety Brief: could not remove pages no feed lists any more.', error);
    });
}

async function oneByOne(batch: PendingCommit[]): Promise<void> {
  for (const commit of batch) await settle(commit, commitOne(commit));
}

async function settle(commit: PendingCommit, result: Promise<FeedView>): Promise<void> {
  try {
    commit.resolve(await result);
  } catch (error) {
    commit.reject(error);
  }
}

/** One feed's commit on its own: its snapshot, its plan, its write (pruned for space if storage is full). */
async function commitOne(commit: PendingCommit): Promise<FeedView> {
  const plan = await planCommit(commit, await readSnapshot(commit.feedId));
  if (!plan.step) return plan.view;
  return writeFeedStep(commit.feedId, plan.postsChanged, plan.view.articles, plan.step);
}

/** Several feeds' writes as one: their keys are their own, and the index is the last one's (it carries all). */
function mergedWrite(writes: FeedWrite[]): Pick<FeedWrite, 'values' | 'remove'> {
  const values: Record<string, unknown> = {};
  for (const write of writes) Object.assign(values, write.values);
  return { values, remove: writes.flatMap((write) => write.remove) };
}

/** What committing this outcome writes, against this snapshot; no I/O but the rare settings read. */
async function planCommit(commit: PendingCommit, snapshot: FeedSnapshot): Promise<PlannedCommit> {
  const { feedId, outcome, now, options } = commit;
  const { view: previous, marks: previousMarks, index, followed, hides, alerts } = snapshot;
  const { view, change, added } = nextFeedState(previous, outcome, now, { pollMs: options.pollMs });
  // The reader may have removed the feed while it was being fetched.
  if (!options.adding && !(followed ?? (await stillFollowed(feedId)))) return { view, postsChanged: false };
  noteChecked(feedId, now);
  if (change === 'none') return { view, postsChanged: false };

  const firstGoodSync = view.lastSuccessAt !== undefined && previous?.lastSuccessAt === undefined;
  const cutoffMarks = firstGoodSync ? withFirstSyncCutoff(previousMarks, now - NEW_POST_WINDOW_MS) : previousMarks;
  const meta = metaOf(view);
  // Everything the step writes, for a given list of posts: a write that fills the disk is tried again with
  // fewer posts, and the marks, the index entry and the announcements must follow the posts actually kept.
  const step: CommitStep = (posts) => {
    const kept = {
      ...meta,
      count: posts.length,
      // nextFeedState measured the merged list already; only a list pruned for space is measured again.
      bytes: posts === view.articles ? meta.bytes : postsSize(posts),
      articles: posts,
    };
    const ids = new Set(posts.map((post) => post.id));
    const marks = posts.length < (previous?.articles.length ?? 0) ? prunedMarks(cutoffMarks, ids) : cutoffMarks;
    let nextIndex = withEntry(index, feedId, kept, marks, hides) ?? index;
    if (options.announce && !firstGoodSync && added.length) {
      const marker = markerOf(marks);
      // A post the rules hide is never announced.
      const fresh = added.filter((post) => ids.has(post.id) && !marker.isSeen(post) && !hides(post));
      if (fresh.length) {
        const pending = [
          ...nextIndex.pending,
          ...fresh.map((post) => ({
            feedId,
            id: post.id,
            seq: post.seq,
            publishedAt: post.publishedAt,
            modifiedAt: post.modifiedAt,
            title: post.title,
            url: post.url,
            ...(alerts(post) && { alert: true as const }),
          })),
        ];
        nextIndex = { ...nextIndex, pending: pending.slice(-PENDING_LIMIT) };
      }
    }
    const write: FeedWrite =
      change === 'posts'
        ? feedValues(feedId, metaOf(kept), posts, previous?.articles)
        : metaWrite(feedId, { ...metaOf(kept), pages: previous?.pages }, posts);
    if (!sameMarks(marks, previousMarks)) write.values[marksKey(feedId)] = marks;
    if (nextIndex !== index) write.values[INDEX_KEY] = nextIndex;
    return { write, view: kept, index: nextIndex };
  };
  return { view, postsChanged: change === 'posts', step };
}

/** A write of the feed's record alone (its posts did not change). */
function metaWrite(feedId: string, meta: FeedMeta, posts: StoredArticle[]): FeedWrite {
  return { values: { [recordKey(feedId)]: recordOf(meta, posts) }, remove: [], meta };
}

/** Keeps only a feed's newest `keep` posts (the reader trims an archive in the options page). */
export function trimFeed(feedId: string, keep: number): Promise<number> {
  return serialized(async () => {
    const { view, marks, index, hides } = await readSnapshot(feedId);
    if (!view || view.articles.length <= keep) return 0;
    const posts = view.articles.slice(0, keep);
    const meta: FeedMeta = { ...metaOf(view), count: posts.length, bytes: postsSize(posts) };
    const nextMarks = prunedMarks(marks, new Set(posts.map((post) => post.id)));
    const nextIndex = withEntry(index, feedId, { ...meta, articles: posts }, nextMarks, hides);
    const write = feedValues(feedId, meta, posts, view.articles);
    await writeFeed({
      ...write,
      values: { ...write.values, [marksKey(feedId)]: nextMarks, ...(nextIndex && { [INDEX_KEY]: nextIndex }) },
    });
    rememberArchive(feedId, write.meta, posts);
    return view.articles.length - posts.length;
  });
}

/** Drops removed feeds' posts, marks and index entries. Call inside `serialized`. */
export async function forgetFeeds(feedIds: string[]): Promise<void> {
  if (!feedIds.length) return;
  for (const feedId of feedIds) forgetArchive(feedId);
  await removeFeedKeys(feedIds);
  const index = parseIndex((await browser.storage.local.get(INDEX_KEY))[INDEX_KEY]);
  const gone = new Set(feedIds);
  const feeds = Object.fromEntries(Object.entries(index.feeds).filter(([id]) => !gone.has(id)));
  await writeLocal({
    [INDEX_KEY]: { feeds, pending: index.pending.filter((post) => !gone.has(post.feedId)) },
  });
}

/**
 * Recounts the index entries of these feeds from their posts and marks (after a migration, or when an entry is
 * missing). Proportional to the feeds named. Call inside `serialized`.
 */
export async function rebuildIndexEntries(feedIds: string[]): Promise<void> {
  if (!feedIds.length) return;
  let index = parseIndex((await browser.storage.local.get(INDEX_KEY))[INDEX_KEY]);
  for (const feedId of feedIds) {
    const { view, marks, hides } = await readSnapshot(feedId);
    if (view) index = withEntry(index, feedId, view, marks, hides) ?? index;
  }
  await writeLocal({ [INDEX_KEY]: index });
}

/** The followed feeds that have a stored record but no index entry (the index was lost or damaged). */
export async function feedsMissingFromIndex(): Promise<string[]> {
  const settings = await settingsItem.get();
  const index = parseIndex((await browser.storage.local.get(INDEX_KEY))[INDEX_KEY]);
  const missing = settings.feeds.filter((feed) => !entryOf(index, feed.id)).map((feed) => feed.id);
  if (!missing.length) return [];
  const records = await browser.storage.local.get(missing.map(recordKey));
  return missing.filter((id) => records[recordKey(id)] !== undefined);
}

export { emptyMarks };
