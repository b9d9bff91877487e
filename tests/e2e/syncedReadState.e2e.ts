import { describe, expect, it } from 'vitest';
import { shardKey, shardOf } from '@/lib/store/readStateShards';
import { postHash } from '@/lib/store/syncedReadState';
import { browsers, useE2E } from './support/fixture';

// Read state that follows the reader: what another browser writes to storage.sync moves this browser's badge and
// the popup's read marks, and what the reader reads here goes out to storage.sync, as hashes and times only.

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
});
