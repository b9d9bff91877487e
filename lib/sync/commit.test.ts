import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { HOUR, item, fetchedFeed } from '@/tests/unit/feeds';
import { setSettings } from '@/tests/unit/store';
import type { FetchOutcome } from '../net/fetchFeed';
import { FIRST_SCREEN_CARDS } from '../popup/firstScreen';
import { HEAD_POSTS, recordKey } from '../store/feedStore';
import { defaultSettings } from '../store/settings';
import { forgetAllArchives } from './archiveMemo';
import { commitFeed, trimFeed } from './commit';
import { serialized } from '../store/serialize';

// The feed record's head: a copy of the feed's newest posts, all the popup reads for its first paint. Every feed's
// record is read and validated at every opening, so a head left at the archive's length would make each opening
// as slow as reading every post of every feed.

const NOW = Date.parse('2026-11-20T12:00:00Z');
const FEED = 'desk';

const fetched = (count: number, at = NOW): FetchOutcome =>
  fetchedFeed(
    Array.from({ length: count }, (_, n) => item(`p${n}`, at - n * HOUR)),
    'https://blog.test/desk.json',
  );

type StoredRecord = { head: { id: string }[]; error?: unknown };
const storedRecord = async () => (await browser.storage.local.get(recordKey(FEED)))[recordKey(FEED)] as StoredRecord;
/** The ids in the stored record's head, in order. */
const headIds = async () => (await storedRecord()).head.map((post) => post.id);

const newest = (count: number) => Array.from({ length: count }, (_, n) => `p${n}`);

describe('the feed record’s head copy', () => {
  it("holds the popup's whole first screen: one feed's first screen is drawn from its record alone", () => {
    // The first screen is composed from the records (lib/popup/composeFirstScreen.ts); fewer head posts than cards
    // would leave a one-feed first screen short until the archive is read.
    expect(HEAD_POSTS).toBeGreaterThanOrEqual(FIRST_SCREEN_CARDS);
  });

  it(`holds the newest ${HEAD_POSTS} posts, newest first, after every kind of write`, async () => {
    await setSettings({ ...defaultSettings(), feeds: [{ id: FEED, url: 'https://blog.test/desk.json', addedAt: 0 }] });
    const options = { pollMs: HOUR };

    // New posts: fewer than the bound, then more.
    await commitFeed(FEED, fetched(5), NOW, options);
    expect(await headIds()).toEqual(newest(5));
    await commitFeed(FEED, fetched(40), NOW, options);
    expect(await headIds()).toEqual(newest(HEAD_POSTS));

    // The record alone (a failed fetch changes the feed's health, not its posts).
    const failed: FetchOutcome = { ok: false, error: { kind: 'http', status: 500, message: 'HTTP 500' } };
    await commitFeed(FEED, failed, NOW + HOUR, options);
    expect((await storedRecord()).error).toMatchObject({ message: 'HTTP 500' });
    expect(await headIds()).toEqual(newest(HEAD_POSTS));

    // The reader trims the archive, to more than the head and to fewer.
    expect(await trimFeed(FEED, 20)).toBe(20);
    expect(await headIds()).toEqual(newest(HEAD_POSTS));
    expect(await trimFeed(FEED, 3)).toBe(17);
    expect(await headIds()).toEqual(newest(3));
  });
});

describe('outcomes that arrive together', () => {
  const feeds = ['a', 'b', 'c', 'd', 'e'];
  const settings = {
    ...defaultSettings(),
    feeds: feeds.map((id) => ({ id, url: `https://${id}.test/feed.json`, addedAt: 0 })),
  };
  const outcomeOf = (feed: string, count: number): FetchOutcome => {
    const items = Array.from({ length: count }, (_, n) => item(`${feed}${n}`, NOW - n * HOUR));
    return fetchedFeed(items, `https://${feed}.test/feed.json`);
  };
  const options = { pollMs: HOUR, announce: true };

  it('are written in one storage call, and leave the store exactly as one commit after another would', async () => {
    await setSettings(settings);
    await Promise.all(feeds.map((feed, i) => commitFeed(feed, outcomeOf(feed, 3 + i), NOW, options)));
    const one = await browser.storage.local.get(null);
    // A second round, each feed gaining a post: the announcements and the index must carry every feed's.
    const set = vi.spyOn(browser.storage.local, 'set');
    const views = await Promise.all(
      feeds.map((feed, i) => commitFeed(feed, outcomeOf(feed, 4 + i), NOW + HOUR, options)),
    );
    expect(
      set.mock.calls.filter(([values]) => Object.keys(values).some((key) => key.startsWith('feed:'))),
    ).toHaveLength(1);
    expect(views.map((view) => view.count)).toEqual([4, 5, 6, 7, 8]);
    const together = await browser.storage.local.get(null);
    set.mockRestore();

    fakeBrowser.reset();
    forgetAllArchives(); // as a worker that starts afresh: nothing remembered from the batch
    await setSettings(settings);
    for (const [i, feed] of feeds.entries()) await commitFeed(feed, outcomeOf(feed, 3 + i), NOW, options);
    expect(await browser.storage.local.get(null)).toEqual(one);
    for (const [i, feed] of feeds.entries()) await commitFeed(feed, outcomeOf(feed, 4 + i), NOW + HOUR, options);
    expect(await browser.storage.local.get(null)).toEqual(together);
  });

  it('are written one feed at a time when their write together is refused, and none is lost', async () => {
    await setSettings(settings);
    const set = browser.storage.local.set.bind(browser.storage.local);
    const spy = vi.spyOn(browser.storage.local, 'set').mockImplementation(async (values: Record<string, unknown>) => {
      const records = Object.keys(values).filter((key) => key.startsWith('feed:'));
      if (records.length > 1) throw new Error('QUOTA_BYTES quota exceeded');
      return set(values);
    });
    const views = await Promise.all(feeds.map((feed) => commitFeed(feed, outcomeOf(feed, 3), NOW, options)));
    expect(views.map((view) => view.count)).toEqual([3, 3, 3, 3, 3]);
    spy.mockRestore();
    const stored = await browser.storage.local.get(null);
    for (const feed of feeds) expect(stored[recordKey(feed)]).toMatchObject({ count: 3 });
    expect(Object.keys((stored.storeIndex as { feeds: object }).feeds).sort()).toEqual(feeds);
  });

  it('never commit ahead of a step queued before them', async () => {
    await setSettings(settings);
    const order: string[] = [];
    const set = browser.storage.local.set.bind(browser.storage.local);
    vi.spyOn(browser.storage.local, 'set').mockImplementation(async (values: Record<string, unknown>) => {
      order.push(...Object.keys(values).filter((key) => key.startsWith('feed:') || key === 'marker'));
      return set(values);
    });
    // a and b, then another step (a trim, a mark-all-read), then c and d: a batch may join a with b and c with d,
    // never a with c.
    const first = [commitFeed('a', outcomeOf('a', 2), NOW, options), commitFeed('b', outcomeOf('b', 2), NOW, options)];
    const other = serialized(() => browser.storage.local.set({ marker: 1 }));
    const then = [commitFeed('c', outcomeOf('c', 2), NOW, options), commitFeed('d', outcomeOf('d', 2), NOW, options)];
    await Promise.all([...first, other, ...then]);
    expect(order).toEqual(['feed:a', 'feed:b', 'marker', 'feed:c', 'feed:d']);
  });
});

describe('a 304 answer', () => {
  it('keeps the validators it names (RFC 9110 §15.4.5), and writes nothing when they are the ones stored', async () => {
    await setSettings({ ...defaultSettings(), feeds: [{ id: FEED, url: 'https://blog.test/desk.json', addedAt: 0 }] });
    const options = { pollMs: HOUR };
    await commitFeed(FEED, { ...fetched(3), validators: { etag: '"v1"' } } as FetchOutcome, NOW, options);
    const validators = async () =>
      ((await browser.storage.local.get(recordKey(FEED)))[recordKey(FEED)] as { validators: unknown }).validators;
    expect(await validators()).toEqual({ etag: '"v1"' });

    // The server rotated its ETag and added a date: the next check must send these, not the old one.
    const rotated = { etag: '"v2"', lastModified: 'Fri, 20 Nov 2026 12:00:00 GMT' };
    await commitFeed(FEED, { ok: true, notModified: true, validators: rotated }, NOW + HOUR, options);
    expect(await validators()).toEqual(rotated);

    // The same validators again, or none at all: the feed's keys get no write.
    const set = vi.spyOn(browser.storage.local, 'set');
    await commitFeed(FEED, { ok: true, notModified: true, validators: { etag: '"v2"' } }, NOW + 2 * HOUR, options);
    await commitFeed(FEED, { ok: true, notModified: true }, NOW + 3 * HOUR, options);
    expect(set.mock.calls.flatMap((call) => Object.keys(call[0]))).not.toContain(recordKey(FEED));
    expect(await validators()).toEqual(rotated);
  });
});
