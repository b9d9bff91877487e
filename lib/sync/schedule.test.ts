import { describe, expect, it } from 'vitest';
import {
  dueTime,
  feedAskedMs,
  HOUR_MS,
  JITTER,
  LATE_MS,
  MAX_FEED_FLOOR_MS,
  MINUTE_MS,
  nextCheck,
  nextOpenHour,
  SPREAD_MAX_MS,
  spreadDelay,
} from './schedule';

const NOW = Date.UTC(2026, 10, 25, 12, 0); // a Wednesday, 12:00 UTC
const base = { now: NOW, intervalMs: HOUR_MS, random: 0.5, hasValidators: true };

describe('the next check', () => {
  it('is the reader’s interval, moved by at most ±10% at random', () => {
    expect(nextCheck(base)).toEqual({ at: NOW + HOUR_MS, why: 'interval' });
    for (let i = 0; i <= 100; i++) {
      const { at } = nextCheck({ ...base, random: i / 101 });
      expect(at).toBeGreaterThanOrEqual(NOW + HOUR_MS * (1 - JITTER));
      expect(at).toBeLessThan(NOW + HOUR_MS * (1 + JITTER));
    }
    expect(nextCheck({ ...base, random: 0 }).at).toBe(NOW + 0.9 * HOUR_MS);
    expect(nextCheck({ ...base, random: 0.999999 }).at).toBeCloseTo(NOW + 1.1 * HOUR_MS, -2);
  });

  it('waits as long as the response says it stays fresh (max-age, Expires), even for a faster reader', () => {
    const fast = { ...base, intervalMs: 15 * MINUTE_MS };
    expect(nextCheck({ ...fast, freshForMs: 2 * HOUR_MS, random: 0 })).toEqual({
      at: NOW + 2 * HOUR_MS,
      why: 'feedAsks',
      askedMs: 2 * HOUR_MS,
    });
    // The floor's jitter only adds.
    const { at } = nextCheck({ ...fast, freshForMs: 2 * HOUR_MS, random: 0.99 });
    expect(at).toBeGreaterThan(NOW + 2 * HOUR_MS);
    expect(at).toBeLessThanOrEqual(NOW + 2.2 * HOUR_MS);
    // A reader's longer interval still applies.
    expect(nextCheck({ ...base, intervalMs: 6 * HOUR_MS, freshForMs: HOUR_MS })).toMatchObject({ why: 'interval' });
    // A shorter freshness than the interval changes nothing.
    expect(nextCheck({ ...base, freshForMs: 10 * MINUTE_MS })).toEqual({ at: NOW + HOUR_MS, why: 'interval' });
  });

  it('honours RSS <ttl> and sy:updatePeriod/Frequency, the longest of them, capped at a day', () => {
    expect(feedAskedMs(undefined, { ttlMinutes: 120 })).toBe(2 * HOUR_MS);
    expect(feedAskedMs(30 * MINUTE_MS, { ttlMinutes: 60, updateEveryMinutes: 720 })).toBe(12 * HOUR_MS);
    expect(feedAskedMs(undefined, { updateEveryMinutes: 7 * 1440 })).toBe(MAX_FEED_FLOOR_MS);
    expect(feedAskedMs(400 * 24 * HOUR_MS, undefined)).toBe(MAX_FEED_FLOOR_MS);
    expect(feedAskedMs(undefined, {})).toBeUndefined();
    expect(nextCheck({ ...base, random: 0, refresh: { ttlMinutes: 180 } })).toEqual({
      at: NOW + 3 * HOUR_MS,
      why: 'feedAsks',
      askedMs: 3 * HOUR_MS,
    });
    expect(nextCheck({ ...base, random: 0, refresh: { updateEveryMinutes: 30 * 1440 } }).at).toBe(
      NOW + MAX_FEED_FLOOR_MS,
    );
  });

  it('checks a feed without validators at most hourly, whatever the interval', () => {
    const fast = { ...base, intervalMs: 5 * MINUTE_MS, hasValidators: false, random: 0 };
    expect(nextCheck(fast)).toEqual({ at: NOW + HOUR_MS, why: 'noValidators' });
    expect(nextCheck({ ...fast, hasValidators: true }).at).toBe(NOW + 4.5 * MINUTE_MS);
    expect(nextCheck({ ...fast, intervalMs: 3 * HOUR_MS }).why).toBe('interval');
  });

  it('skips the hours and days (UTC) the feed asks to be skipped, spread over the hour after', () => {
    expect(nextOpenHour(NOW + HOUR_MS, { skipHours: [13, 14] })).toBe(Date.UTC(2026, 10, 25, 15));
    expect(nextOpenHour(NOW + HOUR_MS, { skipHours: [23] })).toBe(NOW + HOUR_MS);
    // Thursday and Friday skipped: Thursday 00:30 moves to Saturday 00:00.
    expect(nextOpenHour(Date.UTC(2026, 10, 26, 0, 30), { skipDays: [4, 5] })).toBe(Date.UTC(2026, 10, 28));
    const skipped = nextCheck({ ...base, random: 0.5, refresh: { skipHours: [13, 14] } });
    expect(skipped).toEqual({ at: Date.UTC(2026, 10, 25, 15, 30), why: 'skip' });
    // Never past a day from the check.
    const week = nextCheck({ ...base, refresh: { skipDays: [0, 1, 2, 3, 4, 5] } });
    expect(week.at).toBeLessThanOrEqual(NOW + MAX_FEED_FLOOR_MS);
  });

  it('after an error, waits out the backoff or the server’s wait, and says which', () => {
    expect(nextCheck({ ...base, retryAt: NOW + 4 * HOUR_MS })).toEqual({ at: NOW + 4 * HOUR_MS, why: 'backoff' });
    expect(nextCheck({ ...base, retryAt: NOW + 4 * HOUR_MS, serverAsked: true }).why).toBe('serverAsked');
  });
});

describe('a pass after a restart', () => {
  const feed = { intervalMs: HOUR_MS, phase: 0.3, feedId: 'feed-1' };
  it('keeps a stored time that is ahead or only a little late', () => {
    const next = { at: NOW + 10 * MINUTE_MS, why: 'feedAsks' as const };
    expect(dueTime({ ...feed, next, now: NOW })).toBe(next);
    const late = { at: NOW - LATE_MS + 1, why: 'interval' as const };
    expect(dueTime({ ...feed, next: late, now: NOW })).toBe(late);
  });

  it('without a stored time: the last check plus the interval; never checked: now', () => {
    expect(dueTime({ ...feed, lastCheckAt: NOW - 20 * MINUTE_MS, now: NOW })).toEqual({
      at: NOW + 40 * MINUTE_MS,
      why: 'interval',
    });
    expect(dueTime({ ...feed, now: NOW })).toEqual({ at: NOW, why: 'interval' });
  });

  it('spreads a time missed while the browser was off over the next stretch, by the install’s phase and the feed', () => {
    const missed = { at: NOW - 8 * HOUR_MS, why: 'interval' as const };
    const due = dueTime({ ...feed, next: missed, now: NOW });
    expect(due.why).toBe('spread');
    expect(due.at).toBe(NOW + spreadDelay(0.3, 'feed-1', HOUR_MS));
    // Installs with other phases land elsewhere, all within the stretch.
    const places = Array.from({ length: 100 }, (_, i) => spreadDelay(i / 100, 'feed-1', HOUR_MS));
    expect(Math.min(...places)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...places)).toBeLessThan(SPREAD_MAX_MS);
    expect(new Set(places.map((p) => Math.floor(p / MINUTE_MS))).size).toBeGreaterThan(50);
    // A short interval spreads over that interval.
    expect(spreadDelay(0.99, 'x', 10 * MINUTE_MS)).toBeLessThan(10 * MINUTE_MS);
  });
});
