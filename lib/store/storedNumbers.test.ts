import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeFetch, HOUR, item, jsonFeed } from '@/tests/unit/feeds';
import { seedStore, setSettings } from '@/tests/unit/store';
import type { Article } from '../feed/article';
import { createPageHandlers } from '../router/router';
import { defaultSettings } from './settings';
import { feedKeyOf, PAGES_LOOKED_FOR, pagesOf, readFeed, recordKey } from './feedStore';
import { migrateStore } from './migrate';

// Numbers read from storage become page numbers, and page numbers lists of keys. A damaged record with arrival
// number 9e15 and no page list threw an uncaught RangeError ("Invalid array length") in the popup, made Refresh
// fail, and Remove took the feed off the list but left its five keys behind; a v2 feed state carrying `seq` was
// migrated with it. Every such number is range-checked now, and a damaged record never stops a Remove.

const NOW = Date.now();
const URL_A = 'https://alpha.test/feed.json';
const post = (id: string, at: number): Article => ({
  id,
  title: `Post ${id}`,
  summary: '',
  url: `https://alpha.test/${id}`,
  tags: [],
  publishedAt: at,
  authors: [],
});

/** The feed `alpha` with 60 posts (two archive pages), then its record damaged as the hostile pass left it. */
async function seedDamagedFeed() {
  await setSettings({ ...defaultSettings(), feeds: [{ id: 'alpha', url: URL_A, addedAt: 0 }] });
  await seedStore({ alpha: { articles: Array.from({ length: 60 }, (_, i) => post(`p${i}`, NOW - i * HOUR)) } });
  const record = (await browser.storage.local.get(recordKey('alpha')))[recordKey('alpha')] as Record<string, unknown>;
  const { pages: _pages, ...rest } = record;
  await browser.storage.local.set({ [recordKey('alpha')]: { ...rest, seq: 9e15 } });
}

const keysOf = async (feedId: string) =>
  Object.keys(await browser.storage.local.get(null)).filter((key) => feedKeyOf(key)?.feedId === feedId);

describe('numbers from storage', () => {
  it('a page list is never longer than a bound, whatever arrival number a record holds', () => {
    for (const seq of [9e15, Number.MAX_SAFE_INTEGER, 1e300, Infinity, NaN, -1]) {
      expect(() => pagesOf({ seq })).not.toThrow();
      expect(pagesOf({ seq }).length).toBeLessThanOrEqual(PAGES_LOOKED_FOR);
    }
    expect(pagesOf({ seq: 120 })).toEqual([0, 1, 2]);
  });

  it('a record with arrival number 9e15 and no page list: read, refreshed and shown, its posts kept', async () => {
    await seedDamagedFeed();
    const read = await readFeed('alpha');
    expect(read?.value.articles.length).toBeGreaterThanOrEqual(8);

    const server = fakeFetch({ [URL_A]: { body: jsonFeed([item('fresh', NOW)]) } });
    const handlers = createPageHandlers({ fetchImpl: server.impl });
    expect(await handlers.syncNow({ type: 'syncNow' })).toMatchObject({ ok: true, failed: 0 });
    const after = await readFeed('alpha');
    expect(after?.value.articles.map((a) => a.id)).toContain('fresh');
  });

  it.each([
    ['where the browser lists its keys', true],
    ['where it cannot (the record’s numbers are all there is)', false],
  ])('a feed with a damaged record is removed with all its keys, %s', async (_, canList) => {
    await seedDamagedFeed();
    if (canList)
      vi.spyOn(browser.storage.local, 'getKeys').mockImplementation(async () =>
        Object.keys(await browser.storage.local.get(null)),
      );
    expect((await keysOf('alpha')).length).toBe(5); // record, two pages, sources, marks
    const handlers = createPageHandlers({ fetchImpl: fakeFetch({}).impl });
    expect(await handlers.removeFeed({ type: 'removeFeed', feedId: 'alpha' })).toEqual({ ok: true });
    expect(await keysOf('alpha')).toEqual([]);
  });

  it('a v2 feed state carrying `seq` (or pages and counts) is numbered afresh by the migration', async () => {
    await setSettings({ ...defaultSettings(), feeds: [{ id: 'alpha', url: URL_A, addedAt: 0 }] });
    await browser.storage.local.set({
      feedCache: {
        alpha: {
          articles: [post('a2', NOW - HOUR), post('a1', NOW - 2 * HOUR)],
          problems: [],
          validators: {},
          seq: 9e15,
          count: 1e9,
          bytes: 1,
        },
      },
      feedCache$: { v: 2 },
    });
    await migrateStore();
    const read = await readFeed('alpha');
    expect(read?.value).toMatchObject({ seq: 2, count: 2, pages: [0] });
    expect(read?.value.articles.map((a) => [a.id, a.seq])).toEqual([
      ['a2', 2],
      ['a1', 1],
    ]);
  });
});
