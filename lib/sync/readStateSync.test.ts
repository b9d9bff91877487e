import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { HOUR } from '@/tests/unit/feeds';
import { oneSyncedFeed } from '@/tests/unit/follow';
import { readStates } from '@/tests/unit/store';
import { articleKey } from '../store/marks';
import { parseShard, SHARD_BUDGET_BYTES, SYNC_LIMITS, syncBytes } from '../store/readStateShards';
import { emptySyncedState, syncedMarkerOf, withAllReadUpTo } from '../store/syncedReadState';
import { forgetAllArchives } from './archiveMemo';
import {
  catchUpReadState,
  flushReadState,
  FLUSH_DELAY_MS,
  forgetReadStateTimers,
  MIN_FLUSH_GAP_MS,
  receiveReadState,
  RETRY_MS,
} from './readStateSync';
const NOW = Date.parse('2026-11-20T12:00:00Z');
const { feedId: FEED_ID, shardKey: KEY, posts: POSTS, syncedPosts: SYNCED_POSTS, follow } = oneSyncedFeed(200, NOW);
const badge = () => browser.action.getBadgeText({});
async function syncedShard() {
  return parseShard((await browser.storage.sync.get(KEY))[KEY]).shard;
}
afterEach(() => {
  vi.useRealTimers();
});
describe('the read state, synced', () => {
  it('sends 200 posts marked read one by one in a few batched writes, far under the write limits', async () => {
    const handlers = await follow();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(NOW);
    const set = vi.spyOn(browser.storage.sync, 'set');
    // A reader going through the list: one post every 300 ms, a minute in all.
    for (const post of POSTS) {
      await handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, post.id as string)], read: true });
      await vi.advanceTimersByTimeAsync(300);
    }
    await vi.advanceTimersByTimeAsync(FLUSH_DELAY_MS + MIN_FLUSH_GAP_MS);
    expect(set.mock.calls.length).toBeGreaterThan(0);
    // A write at most every 10 s: 7 in this minute and the flush after it.
    expect(set.mock.calls.length).toBeLessThanOrEqual(8);
    expect(set.mock.calls.length).toBeLessThan(SYNC_LIMITS.writesPerMinute);
    // Every one of them is in what the other browsers receive, and the item is within its budget.
    const shard = await syncedShard();
    const marker = syncedMarkerOf(shard[FEED_ID]!);
    const read = POSTS.filter((post) =>
      marker.readVerdict(post.id as string, Date.parse(post.date_published as string), true),
    );
    expect(read.length).toBe(200);
    expect(syncBytes(KEY, shard)).toBeLessThanOrEqual(SHARD_BUDGET_BYTES);
  });
  it('loses nothing when sync refuses a write: the waiting shards go out with the next try', async () => {
    const handlers = await follow();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(NOW);
    const refuse = vi
      .spyOn(browser.storage.sync, 'set')
      .mockRejectedValueOnce(new Error('MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded'));
    await handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'p3')], read: true });
    await vi.advanceTimersByTimeAsync(FLUSH_DELAY_MS);
    expect(refuse).toHaveBeenCalledTimes(1);
    expect(await syncedShard()).toEqual({});
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    expect(refuse).toHaveBeenCalledTimes(2);
    const marker = syncedMarkerOf((await syncedShard())[FEED_ID]!);
    expect(marker.readVerdict('p3', undefined, true)).toBe(true);
  });
  it('takes a "mark all read" from another browser: the badge clears and every post shows read', async () => {
    await follow();
    expect(await badge()).not.toBe('');
    const elsewhere = withAllReadUpTo(emptySyncedState(), NOW, NOW + HOUR, SYNCED_POSTS);
    await receiveReadState({ [KEY]: { [FEED_ID]: elsewhere } });
    expect(await badge()).toBe('');
    expect(Object.values(await readStates()).every((state) => state === 'read')).toBe(true);
  });
  it('writes nothing back for its own echo, and writes back what it knows that the other browser did not', async () => {
    const handlers = await follow();
    await handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'p1')], read: true });
    await flushReadState();
    const set = vi.spyOn(browser.storage.sync, 'set');
    const written = await syncedShard();
    await receiveReadState({ [KEY]: written });
    expect(await flushReadState()).toBe(true);
    expect(set).not.toHaveBeenCalled();
    // Another browser's write that has not seen p1 yet: the join goes back out with p1 in it.
    await receiveReadState({ [KEY]: { [FEED_ID]: withAllReadUpTo(emptySyncedState(), NOW - 150 * 60e3, NOW) } });
    forgetReadStateTimers(); // as if MIN_FLUSH_GAP_MS had passed
    await flushReadState();
    const marker = syncedMarkerOf((await syncedShard())[FEED_ID]!);
    expect(marker.readVerdict('p1', NOW - HOUR - 60e3, true)).toBe(true);
  });
  it('reads no post at start-up when sync holds nothing new', async () => {
    const handlers = await follow();
    await handlers.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, 'p1')], read: true });
    await flushReadState();
    forgetAllArchives(); // a worker that has just started
    const get = vi.spyOn(browser.storage.local, 'get');
    await catchUpReadState();
    const keys = get.mock.calls.flatMap(([keys]) => (Array.isArray(keys) ? keys : [keys]));
    expect(keys.filter((key) => String(key).startsWith('posts:'))).toEqual([]);
  });
  it('drops a malformed feed in a shard alone, and keeps the rest', async () => {
    await follow();
    const good = withAllReadUpTo(emptySyncedState(), NOW, NOW, SYNCED_POSTS);
    await receiveReadState({ [KEY]: { [FEED_ID]: good, 'feed-other': { s: 'soon', r: 1 } } });
    expect(await badge()).toBe('');
  });
});
