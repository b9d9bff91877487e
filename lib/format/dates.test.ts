import { describe, expect, it } from 'vitest';
import { describeTime, formatExact, formatRelative } from './dates';

const NOW = Date.UTC(2026, 10, 25, 12, 0);

describe('formatRelative', () => {
  it('says how long ago, in the largest unit that fits, in the reader’s language', () => {
    expect(formatRelative(NOW - 3 * 3600e3, NOW, 'en')).toBe('3 hours ago');
    expect(formatRelative(NOW - 26 * 3600e3, NOW, 'en')).toBe('yesterday');
    expect(formatRelative(NOW - 20e3, NOW, 'en')).toBe('this minute');
    expect(formatRelative(NOW - 3 * 3600e3, NOW, 'de')).toBe('vor 3 Stunden');
    expect(formatRelative(NOW - 26 * 3600e3, NOW, 'de')).toBe('gestern');
    // Formatters are kept per locale: asking in German did not change English.
    expect(formatRelative(NOW - 2 * 7 * 24 * 3600e3, NOW, 'en')).toBe('2 weeks ago');
  });
});

describe('formatExact', () => {
  it('gives the full date and time per locale', () => {
    const time = Date.UTC(2024, 9, 18, 0, 22);
    expect(formatExact(time, 'en')).toMatch(/October 1[78], 2024/);
    expect(formatExact(time, 'de')).toMatch(/1[78]\. Oktober 2024/);
    expect(formatExact(time, 'en')).not.toBe(formatExact(time, 'de'));
  });
});

describe('a time that cannot be shown', () => {
  it('is shown as no date, never thrown on', () => {
    for (const bad of [1e300, -1e300, Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1]) {
      expect(() => formatRelative(bad, NOW, 'en')).not.toThrow();
      expect(formatRelative(bad, NOW, 'en'), String(bad)).toBe('');
      expect(formatExact(bad, 'en')).toBe('');
      expect(describeTime(bad, NOW, 'en')).toBeUndefined();
    }
    expect(formatRelative(NOW, Number.NaN, 'en')).toBe('');
    expect(describeTime(undefined, NOW)).toBeUndefined();
    expect(describeTime(NOW - 3600e3, NOW, 'en')).toEqual({
      relative: '1 hour ago',
      exact: expect.stringMatching(/November 25, 2026/),
      iso: '2026-11-25T11:00:00.000Z',
    });
  });
});
