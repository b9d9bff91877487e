// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useCheckedCount } from '@/components/useCheckedCount';
import { App } from '@/entrypoints/options/App';
import { defaultSettings } from '@/lib/store/settings';
import { INDEX_KEY } from '@/lib/store/storeIndex';
import { seedStore, setSettings } from '@/tests/unit/store';
import { writeLocal } from '@/lib/store/localChanges';

// A big import (issue #27: 2,000 feeds) leaves the options page responsive: it reads and draws the records of the
// feeds its list shows (the first 200) until the reader asks for all, and counts the import's progress from the
// store's index, not from every feed's record.

const WAIT = { timeout: 30_000 };
const g = globalThis as unknown as Record<string, unknown>;
const COUNT = 210;
const feeds = Array.from({ length: COUNT }, (_, i) => ({
  id: `f${i}`,
  url: `https://feeds.test/${i}.json`,
  title: `Feed ${i}`,
  addedAt: i,
}));

const post = (i: number) => ({
  id: `p${i}`,
  title: `Post ${i}`,
  summary: '',
  tags: [],
  authors: [],
  publishedAt: 1e12 + i,
});

beforeEach(async () => {
  g.browser = fakeBrowser;
  await setSettings({ ...defaultSettings(), feeds });
  // Every feed fetched once: a record each (and an index entry each).
  await seedStore(Object.fromEntries(feeds.map((feed, i) => [feed.id, { articles: [post(i)] }])));
});
afterEach(() => {
  cleanup();
  delete g.browser;
});

/** The feed records (`feed:<id>`) the page asked storage for, by feed id. */
function recordReads(get: { mock: { calls: unknown[][] } }): Set<string> {
  const ids = new Set<string>();
  for (const [keys] of get.mock.calls)
    for (const key of [keys].flat()) if (typeof key === 'string' && key.startsWith('feed:')) ids.add(key.slice(5));
  return ids;
}

describe('the options page with more feeds than its list draws', () => {
  it('reads and draws the first 200 feeds only, and the rest when the reader asks for all', async () => {
    const get = vi.spyOn(browser.storage.local, 'get');
    render(<App />);
    const list = await waitFor(() => {
      const found = document.querySelector<HTMLElement>('ul[aria-label="Followed feeds"]');
      expect(found).not.toBeNull();
      return found!;
    }, WAIT);
    await waitFor(() => expect(list.querySelectorAll(':scope > li')).toHaveLength(200), WAIT);
    // Drawn from their records: each row says how many posts its feed keeps.
    await waitFor(
      () => expect(list.querySelectorAll(':scope > li')[199]!.textContent).toMatch(/Feed 199.*1 post/),
      WAIT,
    );
    expect(list.textContent).not.toContain('Feed 200');
    const read = recordReads(get);
    expect(read.has('f0') && read.has('f199')).toBe(true);
    expect([...read].filter((id) => Number(id.slice(1)) >= 200)).toEqual([]);

    fireEvent.click(screen.getAllByText(`Show all ${COUNT} feeds`)[0]!);
    await waitFor(() => expect(list.querySelectorAll(':scope > li')).toHaveLength(COUNT), WAIT);
    // The newly shown feeds' records are read now.
    await waitFor(() => expect(list.querySelectorAll(':scope > li')[COUNT - 1]!.textContent).toMatch(/1 post/), WAIT);
    expect(recordReads(get).has(`f${COUNT - 1}`)).toBe(true);
  }, 60_000);
});

describe('the rules’ feed choice with more feeds than the lists draw', () => {
  it('offers the first 200 feeds and a choice that lists the rest, keeping the feed already chosen', async () => {
    render(<App />);
    const select = await waitFor(() => {
      const found = document.querySelector<HTMLSelectElement>('#rule-feed');
      expect(found).not.toBeNull();
      return found!;
    }, WAIT);
    const labels = () => [...select.options].map((option) => option.textContent);
    // "All feeds", 200 feeds, and the choice that shows all.
    expect(labels()).toHaveLength(202);
    expect(labels().at(-1)).toBe(`Show all ${COUNT} feeds`);
    expect(labels()).not.toContain('Feed 200');
    fireEvent.change(select, { target: { value: 'f5' } });
    expect(select.value).toBe('f5');

    select.options[select.options.length - 1]!.selected = true;
    fireEvent.change(select);
    await waitFor(() => expect(labels()).toHaveLength(COUNT + 1), WAIT);
    expect(labels().at(-1)).toBe(`Feed ${COUNT - 1}`);
    expect(select.value).toBe('f5');
  }, 60_000);
});

describe('useCheckedCount (an import’s progress)', () => {
  it('counts the feeds with an entry in the store’s index, kept current as entries arrive', async () => {
    const ids = ['f0', 'f1', 'new1', 'new2'];
    const { result } = renderHook(() => useCheckedCount(ids, true));
    await waitFor(() => expect(result.current).toBe(2));
    const stored = (await browser.storage.local.get(INDEX_KEY))[INDEX_KEY] as { feeds: Record<string, unknown> };
    await act(() =>
      writeLocal({
        [INDEX_KEY]: { ...stored, feeds: { ...stored.feeds, new1: { unseen: 0, seq: 0 } } },
      }),
    );
    await waitFor(() => expect(result.current).toBe(3));
    // A malformed index counts nothing rather than throwing.
    await act(() => writeLocal({ [INDEX_KEY]: 'not an index' }));
    await waitFor(() => expect(result.current).toBe(0));
  });

  it('reads nothing until an import asks for it', async () => {
    const get = vi.spyOn(browser.storage.local, 'get');
    const { result } = renderHook(() => useCheckedCount(['f0'], false));
    expect(result.current).toBeUndefined();
    expect(get).not.toHaveBeenCalled();
  });
});
