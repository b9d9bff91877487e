import { describe, expect, it } from 'vitest';
import {
  fitShard,
  joinShards,
  parseShard,
  SHARD_COUNT,
  shardKey,
  shardNumberOf,
  shardOf,
  SYNC_LIMITS,
  syncBytes,
  type Shard,
} from './readStateShards';
import { SYNC_ITEM_LIMIT_BYTES } from './settings';
import { emptySyncedState, syncedMarkerOf, withAllReadUpTo, withExplicitMarks, withSeenUpTo } from './syncedReadState';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3600e3;

/** A heavy reader's feed: 5,000 posts an hour apart, all read up to post 4,000, then 400 read and 30 unread one by one. */
function heavyFeed(feed: number) {
  const posts = Array.from({ length: 5000 }, (_, n) => ({
    id: `https://site${feed}.test/posts/${n}`,
    published: T0 + n * HOUR,
  }));
  let state = withAllReadUpTo(emptySyncedState(), posts[3999]!.published, T0 + 6000 * HOUR, posts.slice(0, 4000));
  state = withSeenUpTo(state, posts[4999]!.published, posts.slice(4000));
  const pick = (from: number, count: number, step: number) =>
    Array.from({ length: count }, (_, n) => posts[from + ((n * step) % (5000 - from))]!);
  state = withExplicitMarks(state, pick(4000, 400, 7), true, T0 + 6001 * HOUR);
  state = withExplicitMarks(state, pick(0, 30, 131), false, T0 + 6002 * HOUR);
  return { posts, state };
}

describe('the synced read state in storage.sync', () => {
  it('stays under every limit at 200 feeds × 5,000 posts, and every post read stays read', () => {
    const shards: Shard[] = Array.from({ length: SHARD_COUNT }, () => ({}));
    const feeds = Array.from({ length: 200 }, (_, n) => ({ id: `feed-${(n * 7919).toString(36)}`, ...heavyFeed(n) }));
    for (const feed of feeds) shards[shardOf(feed.id)]![feed.id] = feed.state;
    const fitted = shards.map((shard, n) => fitShard(shard, shardKey(n)));

    const bytes = fitted.map((shard, n) => syncBytes(shardKey(n), shard));
    for (const size of bytes) expect(size).toBeLessThanOrEqual(SYNC_LIMITS.itemBytes);
    // Beside the settings' item at its largest.
    const total = bytes.reduce((sum, size) => sum + size, 0) + SYNC_ITEM_LIMIT_BYTES;
    expect(total).toBeLessThanOrEqual(SYNC_LIMITS.totalBytes);
    expect(SHARD_COUNT + 1).toBeLessThanOrEqual(SYNC_LIMITS.items);
    // Nothing dropped: every feed is there, and what was read is still read (folding only adds read posts).
    for (const feed of feeds) expect(fitted[shardOf(feed.id)]![feed.id]).toBeDefined();
    for (const feed of feeds.filter((_, n) => n % 10 === 0)) {
      const synced = fitted[shardOf(feed.id)]![feed.id]!;
      const before = syncedMarkerOf(feed.state);
      const after = syncedMarkerOf(synced);
      for (const post of feed.posts) {
        if (before.readVerdict(post.id, post.published, true)) {
          expect(after.readVerdict(post.id, post.published, true)).toBe(true);
        }
      }
    }
  }, 60_000);

  it('reads a shard feed by feed, and names only its own keys', () => {
    const good = withSeenUpTo(emptySyncedState(), T0);
    const parsed = parseShard({ 'feed-a': good, 'feed-b': { s: -1 }, '<script>': good });
    expect(parsed.shard).toEqual({ 'feed-a': good });
    expect(parsed.dropped.map((bad) => bad.feedId)).toEqual(['feed-b', '<script>']);
    expect(parseShard('junk').shard).toEqual({});
    expect(shardNumberOf(shardKey(3))).toBe(3);
    expect(shardNumberOf('settings')).toBeUndefined();
    expect(shardNumberOf(shardKey(SHARD_COUNT))).toBeUndefined();
    expect(joinShards({ 'feed-a': good }, {})).toEqual({ 'feed-a': good });
  });
});
