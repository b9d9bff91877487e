import { describe, expect, it } from 'vitest';
import { countUnseen, markerOf, withSyncedState } from './marks';
import { parseShard } from './readStateShards';
import { parseMarks } from './storedMarks';
import { floorOf, joinStates, postHash, withSeenUpTo } from './syncedReadState';

// Marks as the version before the seen list stored them (`marks:<feed>` in storage.local, and a shard in
// storage.sync from a browser not yet updated): a synced state of watermarks and explicit marks only, no seen list
// and no floor. The new fields are optional and a state without a floor reads it as `s`, so no step rewrites the
// stored value: these tests hold that what was seen and read stays so after the update, post by post.

const T0 = Date.parse('2026-11-20T12:00:00Z');
const MINUTE = 60e3;
const sec = (ms: number) => Math.floor(ms / 1000);
/** Ten posts a minute apart, arrived in order (p0 first); p9 arrived after the synced watermarks last moved. */
const POSTS = Array.from({ length: 10 }, (_, n) => ({ id: `p${n}`, publishedAt: T0 + n * MINUTE, seq: n + 1 }));

/** Exactly what the previous version wrote, as JSON. */
const STORED_BEFORE = {
  seenSeq: 2,
  readSeq: 1,
  seen: [],
  read: ['p1'],
  unread: [],
  synced: {
    s: sec(T0 + 9 * MINUTE),
    r: sec(T0 + 5 * MINUTE),
    t: sec(T0 + 20 * MINUTE),
    // p3 marked unread after the "mark all read", p7 read one by one.
    e: [
      `${postHash('p3')}.${sec(T0 + 3 * MINUTE).toString(36)}.${sec(T0 + 30 * MINUTE).toString(36)}.0`,
      `${postHash('p7')}.${sec(T0 + 7 * MINUTE).toString(36)}.${sec(T0 + 25 * MINUTE).toString(36)}.1`,
    ].sort(),
  },
  syncedUpTo: { seen: 8, read: 8 },
};

describe('read marks stored by the version before the seen list', () => {
  it('keep their meaning: every post seen and read as before', () => {
    const marks = parseMarks(JSON.parse(JSON.stringify(STORED_BEFORE)), 'marks:test');
    expect(marks).toEqual(STORED_BEFORE); // read as stored, nothing set aside
    const marker = markerOf(marks);
    const seen = POSTS.map((post) => marker.isSeen(post));
    const read = POSTS.map((post) => marker.isRead(post));
    // Seen: everything up to arrival 8 under the watermark; p8 (arrived 9th) and p9 (10th) arrived after it moved.
    expect(seen).toEqual([true, true, true, true, true, true, true, true, false, false]);
    // Read: up to p5 by the watermark, but p3 marked unread later; p7 read one by one.
    expect(read).toEqual([true, true, true, false, true, true, false, true, false, false]);
    expect(countUnseen(marks, POSTS)).toBe(2);
  });

  it('keep their meaning when the reader goes on: a new look lists its posts, the old watermark still judges', () => {
    const marks = parseMarks(JSON.parse(JSON.stringify(STORED_BEFORE)), 'marks:test');
    // Another browser shows p10, published after the old watermark; this one fetches it afterwards.
    const p10 = { id: 'p10', publishedAt: T0 + 10 * MINUTE, seq: 11 };
    const looked = withSeenUpTo(marks.synced!, p10.publishedAt, [{ id: p10.id, published: p10.publishedAt }]);
    expect(floorOf(looked)).toBe(STORED_BEFORE.synced.s); // the old watermark: below it, judged as before
    const marker = markerOf(withSyncedState(marks, looked, 10));
    expect([...POSTS, p10].map((post) => marker.isSeen(post))).toEqual([
      ...Array.from({ length: 8 }, () => true),
      false, // p8 and p9: under the old watermark, but arrived after it moved, as before
      false,
      true, // p10: shown elsewhere, listed
    ]);
  });

  it('from a browser not yet updated, in storage.sync, join as a state whose floor is its watermark', () => {
    const { shard, dropped } = parseShard({ 'feed-a': STORED_BEFORE.synced });
    expect(dropped).toEqual([]);
    expect(shard['feed-a']).toEqual(STORED_BEFORE.synced);
    // This browser's newer state (its list above the old watermark) joined with it: the old peer's watermark
    // still covers what it covered, the list covers the rest.
    const mine = withSeenUpTo({ s: 0, r: 0, t: 0, e: [] }, T0 + 12 * MINUTE, [
      { id: 'p12', published: T0 + 12 * MINUTE },
    ]);
    const joined = joinStates(mine, shard['feed-a']!);
    expect(floorOf(joined)).toBe(STORED_BEFORE.synced.s);
    expect(joined.v).toEqual([`${postHash('p12')}.${sec(T0 + 12 * MINUTE).toString(36)}.s`]);
  });
});
