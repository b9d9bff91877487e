// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, renderHook, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DigestPage } from '@/components/digest/DigestPage';
import { useDigestModel } from '@/components/digest/useDigestModel';
import type { DigestEntry } from '@/lib/digest/digest';
import type { Article } from '@/lib/feed/article';
import { createMessageListener } from '@/lib/messages';
import { articleKey, emptyMarks } from '@/lib/store/marks';
import { watchPointerPress } from '@/lib/popup/pointerPress';
import { popupPrefsItem } from '@/lib/store/popupPrefs';
import { readIndex } from '@/lib/store/storeIndex';
import { createRouter } from '@/lib/router/router';
import { commitFeed } from '@/lib/sync/commit';
import { item, fetchedFeed } from '@/tests/unit/feeds';
import { readMarks, seedStore, setSettings } from '@/tests/unit/store';

// The popup's React tree (the digest page) on WXT's fake browser, with the real background message handlers answering.

const HOUR = 3600e3;
const article = (
  id: string,
  title: string,
  hoursAgo: number,
  tags: string[],
  extra: Partial<Article> = {},
): Article => ({
  id,
  title,
  summary: `Summary of ${title}`,
  url: `https://blog.test/posts/${id}`,
  sourceUrl: `https://www.reuters.com/${id}/`,
  sourceDomain: 'reuters.com',
  tags,
  authors: ['A. Writer'],
  publishedAt: Date.now() - hoursAgo * HOUR,
  ...extra,
});
const ARTICLES = [
  article('p1', 'Frontier labs publish evals', 1, ['Evals', 'Policy']),
  article('p2', 'Chip export rules tighten', 2, ['Policy']),
  article('p3', 'Interpretability notes', 3, ['Research']),
];

/** One feed with ARTICLES, all seen before (no "New" markers) unless `seen` is false; `read` read. */
async function seed(read: string[] = [], seen = true) {
  await setSettings({
    feeds: [{ id: 'f', url: 'https://blog.test/feed.json', title: 'Test Desk', addedAt: 0 }],
    pollMinutes: 60,
    notifications: { enabled: false, quietHours: null },
  });
  await seedStore(
    { f: { articles: ARTICLES, lastSuccessAt: Date.now() - 60e3 } },
    { f: { ...emptyMarks(), seenSeq: seen ? ARTICLES.length : 0, read } },
  );
}

const titles = () =>
  screen.queryAllByTestId('article').map((card) => card.querySelector('.card__title-text')!.textContent);
const settle = () => act(() => new Promise((r) => setTimeout(r, 30)));
async function eventually(check: () => unknown) {
  for (let i = 0; ; i++) {
    try {
      return await check();
    } catch (error) {
      if (i > 50) throw error;
      await settle();
    }
  }
}

beforeEach(() => {
  fakeBrowser.runtime.onMessage.addListener(createMessageListener(createRouter()));
  // The fake's sendMessage drops the listener's answer and the sender: deliver messages as the browser does.
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(
    async (message: unknown) =>
      (
        await fakeBrowser.runtime.onMessage.trigger(
          message,
          { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') },
          () => {},
        )
      )[0],
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('popup', () => {
  it('lists cached posts newest first with their feed, tags, source domain and unread markers', async () => {
    await seed(['p2']);
    render(<DigestPage />);
    await eventually(() =>
      expect(titles()).toEqual(['Frontier labs publish evals', 'Chip export rules tighten', 'Interpretability notes']),
    );
    const first = screen.getAllByTestId('article')[0]!;
    expect(first.textContent).toMatch(/Test Desk/);
    expect(
      within(first)
        .getByRole('link', { name: /Source: reuters\.com/ })
        .getAttribute('href'),
    ).toBe('https://www.reuters.com/p1/');
    expect(within(first).getByRole('img', { name: 'Unread' })).toBeTruthy();
    expect(within(screen.getAllByTestId('article')[1]!).queryByRole('img', { name: 'Unread' })).toBeNull();
  });

  it('shows unseen posts as New and marks them seen (the badge clears), and shows a post that arrives while it is open', async () => {
    await seed([], false);
    render(<DigestPage />);
    await eventually(() => expect(titles()).toHaveLength(3));
    expect(screen.getAllByText('New')).toHaveLength(3);
    await eventually(async () => expect((await readIndex()).feeds.f?.unseen).toBe(0));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    // A sync commits a new post to the feed while the popup is open: it appears at the top, New, and is seen too.
    await commitFeed('f', fetchedFeed([item('p0', Date.now(), { title: 'Just in' })]), Date.now(), { pollMs: HOUR });
    await eventually(() => expect(titles()[0]).toBe('Just in'));
    expect(screen.getAllByText('New')).toHaveLength(4);
    await eventually(async () => expect((await readMarks('f')).seenSeq).toBe(4));
    expect((await readIndex()).feeds.f?.unseen).toBe(0);
  });

  it('lists a post that arrives while it is open as New from the first render that lists it', async () => {
    // Not a render later: the render that listed it unmarked built the whole list again to mark it, for every batch
    // of a sync's commits, and drew the list twice.
    await seed();
    const renders: DigestEntry[][] = [];
    const model = renderHook(() => {
      const current = useDigestModel();
      if (current.list.kind === 'posts') renders.push(current.list.entries);
      return current;
    });
    await eventually(() => expect(model.result.current.list.kind).toBe('posts'));
    await commitFeed('f', fetchedFeed([item('p0', Date.now(), { title: 'Just in' })]), Date.now(), { pollMs: HOUR });
    await eventually(() => expect(renders.at(-1)?.[0]?.article.title).toBe('Just in'));
    const listings = renders.flatMap((entries) => entries.filter((entry) => entry.article.title === 'Just in'));
    expect(listings.map((entry) => entry.isNew)).not.toContain(false);
    expect(
      renders
        .at(-1)!
        .filter((entry) => entry.isNew)
        .map((entry) => entry.article.title),
    ).toEqual(['Just in']);
  });

  it('filters by tag and remembers it, searches, and shows unread only', async () => {
    await seed(['p2']);
    render(<DigestPage />);
    await eventually(() => expect(titles()).toHaveLength(3));
    const tagBar = screen.getAllByRole('list', { name: 'Filter by tag' })[0]!;
    fireEvent.click(within(tagBar).getByRole('button', { name: 'Policy' }));
    await eventually(() => expect(titles()).toEqual(['Frontier labs publish evals', 'Chip export rules tighten']));
    await eventually(async () => expect((await popupPrefsItem.get()).tag).toBe('Policy'));

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search posts' }), { target: { value: 'chip' } });
    await eventually(() => expect(titles()).toEqual(['Chip export rules tighten']));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search posts' }), {
      target: { value: 'nothing like this' },
    });
    await eventually(() => expect(screen.getByText('No posts match.')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await eventually(() => expect(titles()).toHaveLength(3));

    fireEvent.click(screen.getByLabelText('Unread only'));
    await eventually(() => expect(titles()).toEqual(['Frontier labs publish evals', 'Interpretability notes']));
  });

  it('marks a post read and unread through the background', async () => {
    await seed();
    render(<DigestPage />);
    await eventually(() => expect(titles()).toHaveLength(3));
    fireEvent.click(within(screen.getAllByTestId('article')[0]!).getByRole('button', { name: 'Mark read' }));
    await eventually(async () => expect((await readMarks('f')).read).toEqual(['p1']));
    await eventually(() =>
      expect(within(screen.getAllByTestId('article')[0]!).getByRole('button', { name: 'Mark unread' })).toBeTruthy(),
    );
  });

  it('takes a list key pressed before the list has handed over to the virtualiser (the first frame)', async () => {
    await seed();
    // No frame is ever painted: the plain first screen stays until a key asks for the list.
    vi.stubGlobal('requestAnimationFrame', () => 0);
    render(<DigestPage />);
    await eventually(() => expect(titles()).toHaveLength(3));
    expect(document.querySelector('.list')?.getAttribute('style') ?? '').not.toContain('height');
    fireEvent.keyDown(document.body, { key: 'j' });
    await eventually(() => expect((document.activeElement as HTMLElement).dataset.key).toBe(articleKey('f', 'p1')));
  });

  it('does not swap the first rows for the virtualiser’s between the press and the release of a click on one', async () => {
    watchPointerPress();
    await seed();
    // The frame is painted when the test says: the virtualiser then takes over.
    let paint = () => {};
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
      paint = () => callback(0);
      return 1;
    });
    render(<DigestPage />);
    await eventually(() => expect(titles()).toHaveLength(3));
    const markRead = within(screen.getAllByTestId('article')[0]!).getByRole('button', { name: 'Mark read' });
    fireEvent.pointerDown(markRead);
    act(() => paint());
    await settle();
    await settle();
    // Swapped now, the release would land on another element, and the click never happen.
    expect(markRead.isConnected).toBe(true);
    fireEvent.pointerUp(markRead);
    fireEvent.click(markRead);
    await eventually(() =>
      expect(within(screen.getAllByTestId('article')[0]!).getByRole('button', { name: 'Mark unread' })).toBeTruthy(),
    );
    await eventually(async () => expect((await readMarks('f')).read).toContain('p1'));
    // Then the virtualiser takes over.
    await eventually(() => expect(markRead.isConnected).toBe(false));
  });

  it('moves with j/k, opens the post with Enter (marking it read), focuses search with / and clears it with Esc', async () => {
    await seed();
    render(<DigestPage />);
    await eventually(() => expect(titles()).toHaveLength(3));
    fireEvent.keyDown(document.body, { key: 'j' });
    await eventually(() => expect((document.activeElement as HTMLElement).dataset.key).toBe(articleKey('f', 'p1')));
    fireEvent.keyDown(document.activeElement!, { key: 'j' });
    await eventually(() => expect((document.activeElement as HTMLElement).dataset.key).toBe(articleKey('f', 'p2')));
    fireEvent.keyDown(document.activeElement!, { key: 'k' });
    await eventually(() => expect((document.activeElement as HTMLElement).dataset.key).toBe(articleKey('f', 'p1')));

    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    await eventually(async () =>
      expect((await fakeBrowser.tabs.query({})).map((tab) => tab.url)).toContain('https://blog.test/posts/p1'),
    );
    await eventually(async () => expect((await readMarks('f')).read).toContain('p1'));

    fireEvent.keyDown(document.activeElement!, { key: 's' });
    await eventually(async () =>
      expect((await fakeBrowser.tabs.query({})).map((tab) => tab.url)).toContain('https://www.reuters.com/p1/'),
    );

    fireEvent.keyDown(document.activeElement!, { key: '/' });
    const search = screen.getByRole('searchbox', { name: 'Search posts' });
    expect(document.activeElement).toBe(search);
    // Typing a letter in the search field is text, not a shortcut.
    fireEvent.keyDown(search, { key: 'j' });
    expect(document.activeElement).toBe(search);
    fireEvent.change(search, { target: { value: 'interp' } });
    await eventually(() => expect(titles()).toEqual(['Interpretability notes']));
    fireEvent.keyDown(search, { key: 'Escape' });
    await eventually(() => expect(titles()).toHaveLength(3));
  });
});
