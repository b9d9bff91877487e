import { describe, expect, it } from 'vitest';
import { fetchedFeed, HOUR, item } from '@/tests/unit/feeds';
import { nextFeedState, sameData } from './feedState';

const NOW = Date.parse('2026-11-20T12:00:00Z');

describe('sameData', () => {
  it('compares JSON-like data field by field, whatever the order of keys; an undefined field is an absent one', () => {
    expect(sameData({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameData({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameData([], [])).toBe(true);
  });

  it('tells apart a changed value, a field more or less, an order of items and a kind of value', () => {
    expect(sameData({ a: 1, b: [1, { c: 'x' }] }, { a: 1, b: [1, { c: 'y' }] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameData({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameData({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(sameData([1, 2], [2, 1])).toBe(false);
    expect(sameData([1, 2], [1, 2, 3])).toBe(false);
    expect(sameData({ 0: 'a' }, ['a'])).toBe(false);
    expect(sameData(null, {})).toBe(false);
    expect(sameData('1', 1)).toBe(false);
  });
});

describe('a poll compared with what is stored', () => {
  const posts = (count: number, extra: (n: number) => Record<string, unknown> = () => ({})) =>
    Array.from({ length: count }, (_, n) => item(`p${n}`, NOW - n * HOUR, extra(n)));

  it('writes nothing when the feed lists the same posts again, and the posts alone when one changed', () => {
    const first = nextFeedState(undefined, fetchedFeed(posts(5)), NOW);
    expect(first.change).toBe('posts');
    const again = nextFeedState(first.view, fetchedFeed(posts(5)), NOW + HOUR);
    expect(again.change).toBe('none');
    // A post's tags added: the same post (its arrival number kept), changed.
    const retagged = nextFeedState(first.view, fetchedFeed(posts(5, (n) => (n === 3 ? { tags: ['x'] } : {}))), NOW);
    expect(retagged.change).toBe('posts');
    expect(retagged.added).toEqual([]);
    expect(retagged.view.articles.map((post) => [post.id, post.seq])).toEqual(
      first.view.articles.map((post) => [post.id, post.seq]),
    );
    expect(retagged.view.articles[3]!.tags).toEqual(['x']);
  });

  it('says how many bytes the posts take as stored, poll after poll', () => {
    let view = nextFeedState(undefined, fetchedFeed(posts(20)), NOW).view;
    expect(view.bytes).toBe(JSON.stringify(view.articles).length);
    // New posts arrive, one changes, the older ones are the same stored objects: measured once, counted each time.
    for (let poll = 1; poll <= 3; poll++) {
      const fresh = [
        ...Array.from({ length: poll }, (_, n) => item(`new${poll}-${n}`, NOW + poll * HOUR + n)),
        ...posts(20, (n) => (n === poll ? { title: `Changed at poll ${poll} — «ü»` } : {})),
      ];
      view = nextFeedState(view, fetchedFeed(fresh), NOW + poll * HOUR).view;
      expect(view.bytes).toBe(JSON.stringify(view.articles).length);
    }
    expect(view.count).toBe(26);
  });
});
