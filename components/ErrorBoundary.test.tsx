// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Article } from '@/lib/feed/article';
import type { DigestEntry } from '@/lib/digest/digest';
import { articleList } from '@/tests/unit/articleList';
import { PageBoundary, SectionBoundary } from './ErrorBoundary';

afterEach(cleanup);

const NOW = Date.UTC(2026, 10, 25, 12);
const entry = (id: string, extra: Partial<Article> = {}): DigestEntry => ({
  key: `f ${id}`,
  feedId: 'f',
  feedTitle: 'Desk',
  read: false,
  seen: true,
  isNew: false,
  article: { id, title: `Post ${id}`, summary: '', tags: [], authors: [], publishedAt: NOW - 3600e3, seq: 1, ...extra },
});
const list = (entries: DigestEntry[]) => articleList(entries, NOW);

describe('one bad record', () => {
  it('costs its own card, not the list: a date beyond any calendar shows no date, a broken record a note', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    // `tags: null` stands for any record no schema foresaw: rendering it throws.
    render(
      list([
        entry('a'),
        entry('huge-date', { publishedAt: 1e300 }),
        entry('broken', { tags: null as unknown as string[] }),
        entry('b'),
      ]),
    );
    expect(
      screen.getAllByTestId('article').map((card) => card.querySelector('.card__title-text')!.textContent),
    ).toEqual(['Post a', 'Post huge-date', 'Post b']);
    expect(screen.getAllByTestId('article')[1]!.querySelector('time')).toBeNull();
    expect(screen.getAllByTestId('article')[0]!.querySelector('time')!.textContent).toBe('1 hour ago');
    expect(screen.getByTestId('article-unshowable').textContent).toMatch(/This post could not be shown/);
    expect(logged).toHaveBeenCalled();
  });

  it('in a section leaves the rest of the page; at worst the page says so and offers a reload', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const Throws = (): never => {
      throw new Error('bad record');
    };
    render(
      <PageBoundary>
        <h1>Options</h1>
        <SectionBoundary what="the feed list">
          <Throws />
        </SectionBoundary>
        <p>Import and export</p>
      </PageBoundary>,
    );
    expect(screen.getByRole('heading').textContent).toBe('Options');
    expect(screen.getByRole('alert').textContent).toMatch(/This part of the page could not be shown/);
    expect(screen.getByText('Import and export')).toBeTruthy();
    cleanup();
    render(
      <PageBoundary>
        <Throws />
      </PageBoundary>,
    );
    expect(screen.getByRole('alert').textContent).toMatch(/Something went wrong showing this page/);
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
  });
});
