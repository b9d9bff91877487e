import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDate } from './dates';

const two = (n: number) => String(n).padStart(2, '0');

describe('parseDate', () => {
  it('reads RFC 3339, RFC 822 and zone-less ISO dates', () => {
    expect(parseDate('2024-10-18T00:22:00Z')).toBe(Date.UTC(2024, 9, 18, 0, 22));
    expect(parseDate('2024-10-18T02:22:00.5+02:00')).toBe(Date.UTC(2024, 9, 18, 0, 22, 0, 500));
    expect(parseDate('Fri, 18 Oct 2024 00:22:00 GMT')).toBe(Date.UTC(2024, 9, 18, 0, 22));
    expect(parseDate('2024-10-18 00:22')).toBe(Date.UTC(2024, 9, 18, 0, 22));
    expect(parseDate('2024-10-18')).toBe(Date.UTC(2024, 9, 18));
    expect(parseDate('2024-13-01T00:00:00Z')).toBeUndefined();
    expect(parseDate('yesterday')).toBeUndefined();
    expect(parseDate(undefined)).toBeUndefined();
  });

  it('agrees with Date.parse on every RFC 3339 date-time, valid or not (its fast path does the arithmetic itself)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.option(fc.stringMatching(/^\d{1,9}$/)),
        fc.option(fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))),
        (year, month, day, hour, minute, second, fraction, offset) => {
          const zone = offset ? `${offset[0]}${two(offset[1])}:${two(offset[2])}` : 'Z';
          const text = `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}${fraction ? `.${fraction}` : ''}${zone}`;
          const expected = Date.parse(text);
          expect(parseDate(text)).toBe(Number.isFinite(expected) ? expected : undefined);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
