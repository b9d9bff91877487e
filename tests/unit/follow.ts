import { createPageHandlers } from '@/lib/router/router';
import { fakeFetch } from './feeds';
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
