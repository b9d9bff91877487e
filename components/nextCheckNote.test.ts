import { describe, expect, it } from 'vitest';
import { feedHealth } from '@/tests/unit/feedHealth';
import type { ScheduleEntry } from '@/lib/sync/lastChecked';
import { isGone, movedText, nextCheckText } from './nextCheckNote';

const NOW = Date.UTC(2026, 10, 25, 12);
const HOUR = 3600e3;
const entry = (extra: Partial<ScheduleEntry>): ScheduleEntry => ({
  at: NOW - HOUR,
  next: NOW + 2 * HOUR,
  why: 'interval',
  ...extra,
});

describe('the next check, and why then', () => {
  it('names the time and the reason', () => {
    expect(nextCheckText(feedHealth(), entry({}), NOW, 'en')).toBe('Next check in 2 hours: your interval.');
    expect(nextCheckText(feedHealth(), entry({ why: 'feedAsks', askedMs: HOUR }), NOW, 'en')).toBe(
      'Next check in 2 hours: the feed asks for at most one check every 60 minutes.',
    );
    expect(nextCheckText(feedHealth(), entry({ why: 'feedAsks', askedMs: 3 * HOUR }), NOW, 'en')).toMatch(
      /every 3 hours\.$/,
    );
    expect(nextCheckText(feedHealth(), entry({ why: 'noValidators' }), NOW, 'en')).toMatch(
      /cannot tell us when it is unchanged, so at most hourly\.$/,
    );
    expect(nextCheckText(feedHealth(), entry({ why: 'backoff' }), NOW, 'en')).toMatch(/: waiting after an error\.$/);
    expect(nextCheckText(feedHealth(), entry({ why: 'serverAsked' }), NOW, 'en')).toMatch(
      /: the server asked us to wait\.$/,
    );
    expect(nextCheckText(feedHealth(), entry({ why: 'spread' }), NOW, 'en')).toMatch(
      /: spread out after the browser started\.$/,
    );
    expect(nextCheckText(feedHealth(), entry({ why: 'skip' }), NOW, 'en')).toMatch(/not to be checked at this hour/);
    expect(nextCheckText(feedHealth({ paused: true }), entry({}), NOW, 'en')).toBe('');
    expect(nextCheckText(feedHealth(), undefined, NOW, 'en')).toBe('');
  });

  it('says where a feed moved, and that a first redirect is being watched', () => {
    const moved = feedHealth({ url: 'https://new.test/feed.json' });
    expect(movedText(moved, entry({ movedFrom: 'https://desk.test/feed.json' }))).toBe(
      'Moved to https://new.test/feed.json (was https://desk.test/feed.json).',
    );
    expect(movedText(feedHealth(), entry({ redirectedTo: 'https://new.test/feed.json' }))).toMatch(
      /^Redirected to https:\/\/new\.test\/feed\.json: /,
    );
    expect(movedText(feedHealth(), entry({}))).toBe('');
  });

  it('knows a feed its publisher removed', () => {
    const error = { kind: 'http' as const, status: 410, message: 'gone', at: NOW };
    expect(isGone(feedHealth({ paused: true, error }))).toBe(true);
    expect(isGone(feedHealth({ paused: false, error }))).toBe(false);
    expect(isGone(feedHealth({ paused: true, error: { ...error, status: 404 } }))).toBe(false);
  });
});
