import { describe, expect, it } from 'vitest';
import { formatExact, formatRelative } from './dates';

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
