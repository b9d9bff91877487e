import { browser } from 'wxt/browser';
import { setLocalValues } from '../store/feedWrites';
import type { ReadState } from '../io/backup';
import { marksKey, readFeed } from '../store/feedStore';
import { articleKey, markerOf, splitArticleKey, union } from '../store/marks';
import { parseMarks } from '../store/storedMarks';
import { serialized } from '../store/serialize';
import { rebuildIndexEntries } from './commit';

// Read marks in and out of a backup file. Both read whole feeds: they run when the reader asks, never on a poll.

/** This browser's marks as a backup's read state (post keys, plus each feed's `before` cutoff). */
export async function exportReadState(feedIds: string[]): Promise<ReadState> {
  const state: Required<ReadState> = { seen: [], read: [], before: {}, unread: [] };
  const raw = await browser.storage.local.get(feedIds.map(marksKey));
  for (const feedId of feedIds) {
    const marks = parseMarks(raw[marksKey(feedId)], marksKey(feedId));
    const feed = await readFeed(feedId);
    if (marks.before !== undefined) state.before[feedId] = marks.before;
    const marker = markerOf({ ...marks, before: undefined });
    const covered = markerOf({ ...marks, seenSeq: 0, readSeq: 0, seen: [], read: [], unread: [], synced: undefined });
    for (const post of feed?.value.articles ?? []) {
      const key = articleKey(feedId, post.id);
      const byCutoff = covered.isSeen(post);
      if (marker.isSeen(post) && !byCutoff) state.seen.push(key);
      if (marker.isRead(post) && !byCutoff) state.read.push(key);
      if (byCutoff && marks.unread.includes(post.id)) state.unread.push(key);
    }
  }
  return state;
}

/** A backup's read marks join this browser's: a post read in either is read. The index is recounted for those feeds. */
export async function mergeBackupMarks(state: ReadState): Promise<void> {
  const byFeed = new Map<string, { seen: string[]; read: string[]; unread: string[] }>();
  const add = (list: 'seen' | 'read' | 'unread', keys: string[] = []) => {
    for (const key of keys) {
      const parts = splitArticleKey(key);
      if (!parts) continue;
      const entry = byFeed.get(parts.feedId) ?? { seen: [], read: [], unread: [] };
      entry[list].push(parts.articleId);
      byFeed.set(parts.feedId, entry);
    }
  };
  add('seen', state.seen);
  add('read', state.read);
  add('unread', state.unread);
  for (const feedId of Object.keys(state.before ?? {}))
    if (!byFeed.has(feedId)) byFeed.set(feedId, { seen: [], read: [], unread: [] });
  await serialized(async () => {
    const feedIds = [...byFeed.keys()];
    const raw = await browser.storage.local.get(feedIds.map(marksKey));
    const values: Record<string, unknown> = {};
    for (const [feedId, lists] of byFeed) {
      const marks = parseMarks(raw[marksKey(feedId)], marksKey(feedId));
      const read = union(marks.read, lists.read);
      values[marksKey(feedId)] = {
        ...marks,
        before: marks.before ?? state.before?.[feedId],
        seen: union(marks.seen, lists.seen),
        read,
        unread: union(marks.unread, lists.unread).filter((id) => !read.includes(id)),
      };
    }
    if (feedIds.length) await setLocalValues(values);
    await rebuildIndexEntries(feedIds);
  });
}
