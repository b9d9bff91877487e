// @vitest-environment happy-dom
import { renderHook, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import type { FeedView } from '@/lib/store/feedStore';
import { defaultSettings } from '@/lib/store/settings';
import { plainPost as post, seedStore, setSettings } from '@/tests/unit/store';
import { UPDATE_BATCH_MS, useFeedStore, type PrepareFeed } from './useFeedStore';

// What a page takes from a sync's commits: each touched feed prepared (the page's own work per feed) before the
// render that shows it, a few feeds a task.

const IDS = ['one', 'two', 'three'];

beforeEach(async () => {
  await setSettings({
    ...defaultSettings(),
    feeds: IDS.map((id) => ({ id, url: `https://${id}.test/f.json`, addedAt: 0 })),
  });
  await seedStore(Object.fromEntries(IDS.map((id) => [id, { articles: [post(`${id}-a`, 1e12)] }])));
});

/** The store as a page holds it, with every call to `prepare` logged. */
async function watchedStore(prepare: PrepareFeed) {
  const store = renderHook(() => useFeedStore(IDS, { archive: false, prepare }));
  await waitFor(() => expect(store.result.current?.cache.three).toBeDefined());
  return store;
}

describe('a batch of changes', () => {
  it('reaches the page after each feed it touched was prepared with the view the page is given, and only those', async () => {
    const prepared: { feedId: string; view: FeedView }[] = [];
    const store = await watchedStore((feedId, view) => void prepared.push({ feedId, view }));
    const before = store.result.current!.cache;
    expect(prepared).toEqual([]);

    await seedStore({ one: { articles: [post('one-b', 2e12), post('one-a', 1e12)] } });
    await seedStore({ three: { articles: [post('three-b', 2e12), post('three-a', 1e12)] } });
    await waitFor(() => expect(store.result.current!.cache.three).not.toBe(before.three));
    const after = store.result.current!.cache;
    expect(after.one).not.toBe(before.one);
    expect(after.two).toBe(before.two);
    const last = (feedId: string) => prepared.filter((p) => p.feedId === feedId).at(-1)?.view;
    expect(last('one')).toBe(after.one);
    expect(last('three')).toBe(after.three);
    expect(last('two')).toBeUndefined();
  });

  it('takes a change that comes while it is prepared into the same preparation, before the page is given it', async () => {
    const prepared = new Set<FeedView>();
    const rendered: (FeedView | undefined)[] = [];
    let changed = false;
    const store = renderHook(() => {
      const current = useFeedStore(IDS, {
        archive: false,
        prepare: (feedId, view) => {
          prepared.add(view);
          if (feedId === 'one' && !changed) {
            changed = true;
            // Lands while this preparation waits between two slices.
            void seedStore({ two: { articles: [post('two-b', 2e12), post('two-a', 1e12)] } });
          }
          for (const start = performance.now(); performance.now() - start < 10;);
        },
      });
      rendered.push(current?.cache.two);
      return current;
    });
    await waitFor(() => expect(store.result.current?.cache.two).toBeDefined());
    const before = store.result.current!.cache.two;
    await seedStore({ one: { articles: [post('one-b', 2e12), post('one-a', 1e12)] } });
    await waitFor(() => expect(store.result.current!.cache.two).not.toBe(before));
    const shownLater = rendered.filter((view) => view && view !== before);
    expect(shownLater.length).toBeGreaterThan(0);
    expect(shownLater.filter((view) => !prepared.has(view!))).toEqual([]);
  });

  it('reaches the page even when preparing a feed fails (the render works that feed out itself)', async () => {
    const store = await watchedStore(() => {
      throw new Error('a bug in the page');
    });
    const before = store.result.current!.cache.one;
    await seedStore({ one: { articles: [post('one-b', 2e12), post('one-a', 1e12)] } });
    await waitFor(() => expect(store.result.current!.cache.one).not.toBe(before));
    expect(store.result.current!.cache.one?.articles.map((a) => a.id)).toEqual(['one-b', 'one-a']);
  });

  it('is prepared a few feeds a task: a task queued meanwhile runs between two feeds that take long', async () => {
    const log: string[] = [];
    let queued = false;
    await watchedStore((feedId) => {
      if (!queued) {
        queued = true;
        setTimeout(() => log.push('another task'));
      }
      log.push(feedId);
      // Longer than a slice (8 ms) each.
      for (const start = performance.now(); performance.now() - start < 10;);
    });
    for (const id of IDS) await seedStore({ [id]: { articles: [post(`${id}-b`, 2e12), post(`${id}-a`, 1e12)] } });
    await waitFor(() => expect(log.filter((entry) => entry !== 'another task')).toHaveLength(3));
    expect(log.indexOf('another task')).toBe(1);
  });
});

describe('the first read', () => {
  it('is not written over by its own older answer when a change lands before it answers', async () => {
    // The page's first read is taken, then the feed changes, then the read answers: with the values from before the
    // change (a write that lands between two of its several reads, lib/store/readKeys.ts, is such a case).
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const read = browser.storage.local.get.bind(browser.storage.local);
    const get = vi.spyOn(browser.storage.local, 'get').mockImplementationOnce((async (keys: string[]) => {
      const values = await read(keys);
      await answered;
      return values;
    }) as typeof browser.storage.local.get);
    const store = renderHook(() => useFeedStore(IDS, { archive: false }));
    await waitFor(() => expect(get).toHaveBeenCalled());
    await seedStore({ one: { articles: [post('one-b', 2e12), post('one-a', 1e12)] } });
    answer();

    await waitFor(() => expect(store.result.current?.cache.three).toBeDefined());
    await new Promise((resolve) => setTimeout(resolve, UPDATE_BATCH_MS * 2));
    expect(store.result.current!.cache.one!.articles.map((article) => article.id)).toEqual(['one-b', 'one-a']);
  });
});

describe('a change of the feed list', () => {
  it('keeps a change whose read was still out when the list changed (a feed added while a sync commits)', async () => {
    const store = renderHook(({ ids }) => useFeedStore(ids, { archive: false }), {
      initialProps: { ids: ['one', 'two'] },
    });
    await waitFor(() => expect(store.result.current?.cache.two).toBeDefined());
    // The watch's read of feed:one, after the write's notice, is held until the list has changed.
    const read = browser.storage.local.get.bind(browser.storage.local);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = true;
    vi.spyOn(browser.storage.local, 'get').mockImplementation((async (keys: string | string[]) => {
      if (holding && [keys].flat().includes('feed:one')) {
        holding = false;
        await held;
      }
      return read(keys);
    }) as unknown as typeof browser.storage.local.get);
    await seedStore({ one: { articles: [post('one-b', 2e12), post('one-a', 1e12)] } });
    await waitFor(() => expect(holding).toBe(false));

    store.rerender({ ids: ['one', 'two', 'three'] });
    await waitFor(() => expect(store.result.current?.cache.three).toBeDefined());
    release();
    await new Promise((resolve) => setTimeout(resolve, UPDATE_BATCH_MS * 2));
    expect(store.result.current!.cache.one!.articles.map((article) => article.id)).toEqual(['one-b', 'one-a']);
  });
});
