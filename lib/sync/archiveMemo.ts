import type { FeedMeta, StoredArticle } from '../store/feedStore';

/**
 * The archives the background last read or wrote, kept for the worker's life so that a commit merges a feed's
 * fresh posts without reading and validating its whole archive again. The background is the one writer of every
 * archive, and each entry is checked against the feed's record (read on every commit anyway): an archive whose
 * record has moved on is read again. Bounded by the archives' stored size: a reader with more to keep than the
 * budget has the first feeds remembered and the rest read each time, never an endless evict-and-reread.
 */
export const ARCHIVE_MEMO_BUDGET_BYTES = 8 * 1024 * 1024;

type Entry = { stamp: string; posts: StoredArticle[]; bytes: number };
const entries = new Map<string, Entry>();
let used = 0;

/** What changes whenever a feed's archive is written: its arrivals, size, pages and last change. */
function stampOf(meta: FeedMeta): string {
  return `${meta.seq}|${meta.count}|${meta.bytes}|${meta.lastChangeAt ?? ''}|${meta.pages?.join(',') ?? '*'}`;
}

/** The archive remembered for this feed, if its record (as just read) is the one it was remembered with. */
export function recallArchive(feedId: string, meta: FeedMeta): StoredArticle[] | undefined {
  const entry = entries.get(feedId);
  return entry && entry.stamp === stampOf(meta) ? entry.posts : undefined;
}

/** Remembers a feed's archive as stored with this record's meta (replacing what was remembered), budget allowing. */
export function rememberArchive(feedId: string, meta: FeedMeta, posts: StoredArticle[]): void {
  forgetArchive(feedId);
  if (used + meta.bytes > ARCHIVE_MEMO_BUDGET_BYTES) return;
  entries.set(feedId, { stamp: stampOf(meta), posts, bytes: meta.bytes });
  used += meta.bytes;
}

export function forgetArchive(feedId: string): void {
  const entry = entries.get(feedId);
  if (!entry) return;
  used -= entry.bytes;
  entries.delete(feedId);
}

/** For tests: a worker that starts afresh. */
export function forgetAllArchives(): void {
  entries.clear();
  used = 0;
}
