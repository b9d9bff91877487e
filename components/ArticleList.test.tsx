// @vitest-environment happy-dom
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DigestEntry } from '@/lib/digest/digest';
import { articleList, withCardLayout } from '@/tests/unit/articleList';

afterEach(cleanup);

const NOW = Date.UTC(2026, 10, 25, 12);

/** `count` entries whose keys count how often they are read. */
function countedEntries(count: number) {
  const reads = { count: 0 };
  const entries = Array.from({ length: count }, (_, i): DigestEntry => {
    const entry: DigestEntry = {
      key: '',
      feedId: 'f',
      feedTitle: 'Desk',
      read: false,
      seen: true,
      isNew: false,
      article: { id: `${i}`, title: `Post ${i}`, summary: '', tags: [], authors: [], publishedAt: NOW - i, seq: i },
    };
    return Object.defineProperty(entry, 'key', {
      get: () => (reads.count++, `f ${i}`),
      enumerable: true,
    });
  });
  return { entries, reads };
}

describe('the virtualised list', () => {
  it('re-renders at the cost of what it shows, not of every post: a focus move reads no key of the rows out of view', () => {
    withCardLayout();
    const { entries, reads } = countedEntries(5000);
    const { container } = render(articleList(entries, NOW));
    const cards = container.querySelectorAll('article');
    expect(cards.length).toBeGreaterThan(1);
    expect(cards.length).toBeLessThan(50);

    // A card taking the focus re-renders the list (its roving tab stop moves), with the same posts.
    reads.count = 0;
    act(() => (cards[1] as HTMLElement).focus());
    expect(container.querySelector('article[tabindex="0"]')).toBe(container.querySelectorAll('article')[1]);
    expect(reads.count).toBeLessThan(200);
  });
});
