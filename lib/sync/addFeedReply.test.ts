import { describe, expect, it } from 'vitest';
import { fakeFetch, item, jsonFeed } from '@/tests/unit/feeds';
import { readFeedCache } from '@/tests/unit/store';
import { feedIdFor } from '../store/settings';
import { createHandlers } from './actions';
import { MAX_ARTICLES_PER_FEED } from './feedState';

describe('adding a feed', () => {
  it('says how many posts are kept, not how many a huge feed lists', async () => {
    const url = 'https://huge.test/feed.json';
    const now = Date.parse('2026-11-20T12:00:00Z');
    const items = Array.from({ length: MAX_ARTICLES_PER_FEED + 250 }, (_, i) => item(`p${i}`, now - i * 60e3));
    const handlers = createHandlers({
      fetchImpl: fakeFetch({ [url]: { body: jsonFeed(items) } }).impl,
      now: () => now,
    });
    const added = await handlers.addFeed({ type: 'addFeed', url });
    expect(added).toMatchObject({ ok: true, feed: { articleCount: MAX_ARTICLES_PER_FEED } });
    expect((await readFeedCache())[feedIdFor(url)]!.articles).toHaveLength(MAX_ARTICLES_PER_FEED);
  });
});
