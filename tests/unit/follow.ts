import { createPageHandlers } from '@/lib/router/router';
import { shardKey, shardOf } from '@/lib/store/readStateShards';
import { feedIdFor } from '@/lib/store/settings';
import { fakeFetch, HOUR, item, jsonFeed } from './feeds';
import { mirrorSettingsNow } from './store';

/**
 * Follows `url` as the options page does (its addFeed request), with `routes` as the network and `now` as the clock.
 * Returns the fake server and the page handlers, to go on with.
 */
export async function followFeed(routes: Parameters<typeof fakeFetch>[0], url: string, now: number) {
  const server = fakeFetch(routes);
  const handlers = createPageHandlers({ fetchImpl: server.impl, now: () => now });
  const added = await handlers.addFeed({ type: 'addFeed', url });
  // Its settings' batch for storage.sync, written now rather than by a timer in the middle of the test.
  await mirrorSettingsNow();
  return { server, handlers, added };
}

/**
 * One feed of `count` posts a minute apart, the newest an hour before `now`, as the read-state tests follow it: its
 * address, id and synced shard key, its posts, the same posts as another browser that holds them all names them,
 * and `follow()`, which follows it from a fake network at `now`.
 */
export function oneSyncedFeed(count: number, now: number) {
  const url = 'https://blog.test/feed.json';
  const feedId = feedIdFor(url);
  const posts = Array.from({ length: count }, (_, n) => item(`p${n}`, now - HOUR - n * 60e3));
  return {
    url,
    feedId,
    shardKey: shardKey(shardOf(feedId)),
    posts,
    syncedPosts: posts.map((post) => ({ id: post.id as string, published: Date.parse(post.date_published as string) })),
    follow: async () => (await followFeed({ [url]: { body: jsonFeed(posts) } }, url, now)).handlers,
  };
}
