import { describe, expect, it } from 'vitest';
import type { FeedHealth } from '@/lib/digest/digest';
import { feedHealth } from '@/tests/unit/feedHealth';
import { failingAside, problemNote } from './feedHealthNote';

const NOW = Date.UTC(2026, 10, 25, 12);
const HOUR = 3600e3;
/** A feed failing for two hours: its last success three hours ago, the next try in four. */
const failing = (extra: Partial<FeedHealth>): FeedHealth =>
  feedHealth({
    lastSuccessAt: NOW - 3 * HOUR,
    error: { kind: 'http', message: 'The server answered 500.', at: NOW - HOUR },
    failingSince: NOW - 2 * HOUR,
    nextAttemptAt: NOW + 4 * HOUR,
    ...extra,
  });

describe('the note on a failing feed', () => {
  it('says since when, what is still shown and when it is tried next, in each page’s form', () => {
    const feed = failing({});
    expect(problemNote(feed, NOW, 'en')).toBe(
      'Failing since 2 hours ago. Showing the last 12 posts we got 3 hours ago. Next try in 4 hours.',
    );
    expect(failingAside(feed, NOW, 'en')).toBe(' (failing since 2 hours ago; next try in 4 hours)');
  });

  it('leaves out a next try that is already due', () => {
    const feed = failing({ nextAttemptAt: NOW - 1 });
    expect(problemNote(feed, NOW, 'en')).toBe(
      'Failing since 2 hours ago. Showing the last 12 posts we got 3 hours ago.',
    );
    expect(failingAside(feed, NOW, 'en')).toBe(' (failing since 2 hours ago)');
  });

  it('on the first failure, the popup lets the error speak for its time; the options page still says it', () => {
    const feed = failing({ failingSince: NOW - HOUR });
    expect(problemNote(feed, NOW, 'en')).toBe('Showing the last 12 posts we got 3 hours ago. Next try in 4 hours.');
    expect(failingAside(feed, NOW, 'en')).toBe(' (failing since 1 hour ago; next try in 4 hours)');
  });

  it('says how many posts are kept, and nothing about failing for a feed that is not failing', () => {
    expect(problemNote(failing({ articleCount: 0 }), NOW, 'en')).toMatch(/No posts from this feed yet\./);
    expect(problemNote(failing({ articleCount: 1, lastSuccessAt: undefined }), NOW, 'en')).toMatch(
      /Showing the last post we got\./,
    );
    expect(failingAside(failing({ error: undefined, failingSince: undefined }), NOW, 'en')).toBe('');
  });
});
