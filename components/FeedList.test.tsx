// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { FeedHealth } from '@/lib/digest/digest';
import { FeedList } from './FeedList';

// The options page redraws its list on every fetch of an import's feeds: each row must be drawn again only when what
// it shows changed (its own feed, its place, the minute), or 200 rows are laid out again for every feed fetched.

/** The feeds' post counts, in the order their rows said them: each row says it once per drawing. */
const drawn = vi.hoisted(() => [] as number[]);
vi.mock('@/lib/i18n/counted', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/i18n/counted')>();
  return {
    ...real,
    keptPostsText: (...args: Parameters<typeof real.keptPostsText>) => {
      drawn.push(args[0]);
      return real.keptPostsText(...args);
    },
  };
});

const MINUTE = 60_000;
const NOW = Date.parse('2026-11-20T12:00:00Z');

/** As feedHealth gives them: one empty list for every feed without problems. */
const NO_PROBLEMS: FeedHealth['problems'] = [];
const health = (i: number, articleCount = 3): FeedHealth => ({
  feedId: `f${i}`,
  title: `Feed ${i}`,
  url: `https://blog.test/${i}.json`,
  demo: false,
  paused: false,
  articleCount,
  bytes: 1000,
  problems: NO_PROBLEMS,
});

/** The list as the options page draws it: new objects and new handlers on every render, as App gives them. */
function list(feeds: FeedHealth[], now: number, onRefresh = vi.fn()) {
  return (
    <FeedList
      feeds={feeds}
      total={feeds.length}
      onShowAll={() => {}}
      now={now}
      onRemove={() => {}}
      onRefresh={onRefresh}
      onRename={() => {}}
      onMove={() => {}}
      onPause={() => {}}
      onInterval={() => {}}
      onTrim={() => {}}
      onAllow={() => {}}
      defaultMinutes={60}
      describeMinutes={describeMinutes}
    />
  );
}
const describeMinutes = (minutes: number) => `${minutes} min`;

beforeEach(() => {
  drawn.length = 0;
});
afterEach(cleanup);

it('draws a row again only when its own feed changes, and every row when the minute turns', () => {
  const { rerender } = render(list([health(0), health(1), health(2)], NOW));
  expect(drawn).toEqual([3, 3, 3]);

  // A fetch changed feed 1: equal values in new objects for the others, new handlers for all.
  drawn.length = 0;
  rerender(list([health(0), health(1, 4), health(2)], NOW + 1000));
  expect(drawn).toEqual([4]);
  expect(screen.getByText(/^Keeps 4 posts/)).toBeTruthy();

  // Nothing changed but the second: no row is drawn.
  drawn.length = 0;
  rerender(list([health(0), health(1, 4), health(2)], NOW + 2000));
  expect(drawn).toEqual([]);

  // "Updated 3 minutes ago" counts in minutes: a new minute draws every row.
  rerender(list([health(0), health(1, 4), health(2)], NOW + MINUTE));
  expect(drawn).toEqual([3, 4, 3]);
});

it('a row not drawn again still calls the page’s latest handler', () => {
  const first = vi.fn();
  const latest = vi.fn();
  const { rerender } = render(list([health(0)], NOW, first));
  rerender(list([health(0)], NOW, latest));
  fireEvent.click(screen.getByRole('button', { name: 'Refresh Feed 0' }));
  expect(first).not.toHaveBeenCalled();
  expect(latest).toHaveBeenCalledWith('f0');
});
