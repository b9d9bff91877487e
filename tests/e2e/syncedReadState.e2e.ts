import { describe, expect, it } from 'vitest';
import { shardKey, shardOf } from '@/lib/store/readStateShards';
import { feedIdFor } from '@/lib/store/settings';
import { emptySyncedState, postHash, withSeenUpTo } from '@/lib/store/syncedReadState';
import { feedDocument } from './support/feedServer';
import { browsers, useE2E } from './support/fixture';

// Read state that follows the reader: what another browser writes to storage.sync moves this browser's badge and
// the popup's read marks, and what the reader reads here goes out to storage.sync, as hashes and times only. The
// other browser is played by what it writes to storage.sync (built with the extension's own rules, as it would
// write it), in whatever order sync delivers it against this browser's own checks of the feed.

const e2e = useE2E();

const POSTS = [
  { id: 'laptop-1', title: 'Read on the laptop', hoursAgo: 1 },
  { id: 'new-2', title: 'Still new here', hoursAgo: 2 },
  { id: 'old-3', title: 'Caught up on the laptop', hoursAgo: 5 },
];

describe.each(browsers)('%s', (browser) => {
  it('takes read state from another browser, and sends its own out as hashes', async () => {
    const ext = await e2e.launch(browser);
    await e2e.follow(ext, '/read-elsewhere.json', POSTS);
    expect(await ext.waitForBadge('3')).toBe('3');
    const settings = await ext.readStorage<{ feeds: { id: string }[] }>('local', 'settings');
    const feedId = settings!.feeds[0]!.id;
    const key = shardKey(shardOf(feedId));

    // What the reader's laptop writes: everything published up to 3 hours ago read, and one newer post read.
    const now = Math.floor(Date.now() / 1000);
    const caughtUpTo = now - 3 * 3600;
    const readOne = `${postHash('laptop-1')}.${(now - 3600).toString(36)}.${now.toString(36)}.1`;
    await ext.seedStorage('sync', { [key]: { [feedId]: { s: caughtUpTo, r: caughtUpTo, t: now, e: [readOne] } } });

    // Only the post nobody has read is still new; the popup shows the other two read.
    expect(await ext.waitForBadge('1')).toBe('1');
    const popup = await ext.openPopup();
    await expect.poll(() => popup.titles()).toEqual(POSTS.map((post) => post.title));
    const unreadMark = (title: string) => popup.article(title).getByRole('img', { name: 'Unread' }).count();
    await expect.poll(() => unreadMark('Still new here')).toBe(1);
    expect(await unreadMark('Read on the laptop')).toBe(0);
    expect(await unreadMark('Caught up on the laptop')).toBe(0);

    // Read here: it goes out to the other browsers, batched, as a hash of the post's id and times.
    await popup.article('Still new here').getByRole('button', { name: 'Mark read' }).click();
    await expect
      .poll(async () => {
        const shard = await ext.readStorage<Record<string, { e: string[] }>>('sync', key);
        return shard?.[feedId]?.e ?? [];
      })
      .toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${postHash('new-2')}\\..*\\.1$`))]));
    const synced = JSON.stringify(await ext.readStorage('sync', key));
    expect(synced).not.toMatch(/new-2|Still new|127\.0\.0\.1|posts\//);
  });

  it('joins after another browser has read: what that one showed is not new here once this one fetches', async () => {
    const ext = await e2e.launch(browser);
    const path = '/joined-late.json';
    const url = e2e.server.url(path);
    const feedId = feedIdFor(url);
    const items = dated([
      { id: 'shown-1', title: 'Shown on the desktop', hoursAgo: 1 },
      { id: 'shown-2', title: 'Also shown there', hoursAgo: 2 },
      { id: 'shown-3', title: 'And this one', hoursAgo: 3 },
    ]);
    // The desktop opened its popup: all three seen there. Sync has delivered that before this browser has the feed.
    await ext.seedStorage('sync', { [shardKey(shardOf(feedId))]: { [feedId]: seenElsewhere(items) } });
    await e2e.follow(ext, path, items);
    expect(await ext.waitForBadge('', 15_000)).toBe('');
  });

  it('was closed while another browser read a new post: it is not new here once this one checks the feed', async () => {
    const ext = await e2e.launch(browser);
    const path = '/closed-laptop.json';
    const feedId = feedIdFor(e2e.server.url(path));
    const first = dated([
      { id: 'both-1', title: 'Seen in both', hoursAgo: 3 },
      { id: 'both-2', title: 'Seen in both too', hoursAgo: 4 },
    ]);
    await e2e.follow(ext, path, first);
    expect(await ext.waitForBadge('2')).toBe('2');
    const popup = await ext.openPopup();
    await expect.poll(() => popup.titles()).toEqual(first.map((post) => post.title));
    expect(await ext.waitForBadge('')).toBe('');
    await popup.close();

    // This browser is closed. A new post comes out; the desktop checks it and shows it, and writes so to sync.
    await ext.restart();
    const all = [...dated([{ id: 'while-closed', title: 'Read on the desktop meanwhile', hoursAgo: 0.5 }]), ...first];
    await ext.seedStorage('sync', { [shardKey(shardOf(feedId))]: { [feedId]: seenElsewhere(all) } });
    // Sync has delivered; then this browser checks its feeds.
    e2e.server.json(path, feedDocument(e2e.server.origin, all));
    const options = await ext.openOptions();
    await options.getByRole('button', { name: 'Refresh all feeds now' }).click();
    await expect
      .poll(
        () =>
          ext
            .readStorage<{ feeds: Record<string, { seq: number }> }>('local', 'storeIndex')
            .then((index) => index?.feeds[feedId]?.seq),
        { timeout: 20_000 },
      )
      .toBe(3);
    expect(await ext.waitForBadge('', 5_000)).toBe('');
  });
});

/** Posts with their dates fixed now, so that what the other browser wrote names the very same times. */
function dated(items: { id: string; title: string; hoursAgo: number }[]) {
  const now = Date.now();
  return items.map(({ hoursAgo, ...item }) => ({
    ...item,
    hoursAgo,
    date_published: new Date(now - hoursAgo * 3600e3).toISOString(),
  }));
}

/** What another browser writes once its popup has shown these posts (the newest first). */
function seenElsewhere(items: { id: string; date_published: string }[]) {
  const posts = items.map((item) => ({ id: item.id, published: Date.parse(item.date_published) }));
  return withSeenUpTo(emptySyncedState(), Math.max(...posts.map((post) => post.published)), posts);
}
