import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArticleSchema } from './article';
import { EARLIEST_DATE, FUTURE_TOLERANCE_MS, LATEST_DATE, parseDate, trustedDate } from './dates';

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

  it('reads the zone names feeds write that Date.parse does not know, and a date without a zone as UTC in any zone', () => {
    expect(parseDate('Fri, 18 Oct 2024 02:22:00 CEST')).toBe(Date.UTC(2024, 9, 18, 0, 22));
    expect(parseDate('Fri, 18 Oct 2024 01:22:00 BST')).toBe(Date.UTC(2024, 9, 18, 0, 22));
    expect(parseDate('Fri, 18 Oct 2024 09:22:00 JST')).toBe(Date.UTC(2024, 9, 18, 0, 22));
    expect(parseDate('Fri, 18 Oct 2024 00:22:00 XYZ')).toBeUndefined();
    const zone = process.env.TZ;
    try {
      for (const tz of ['America/New_York', 'Asia/Kolkata', 'UTC']) {
        process.env.TZ = tz;
        expect(parseDate('2024/10/18 00:22:00'), tz).toBe(Date.UTC(2024, 9, 18, 0, 22));
        expect(parseDate('Oct 18, 2024'), tz).toBe(Date.UTC(2024, 9, 18));
        expect(parseDate('Fri, 18 Oct 2024 00:22:00'), tz).toBe(Date.UTC(2024, 9, 18, 0, 22));
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('agrees with Date.parse on every RFC 3339 date-time, valid or not, whichever of its paths reads it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.option(fc.stringMatching(/^\d{1,9}$/)),
        fc.option(
          fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })),
        ),
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

  it('agrees with the slow way on every RFC 822 date as RSS writes it, valid or not, in and out of its shortcut', () => {
    // The shortcut reads one exact shape by arithmetic; anything else, and anything out of range, goes the slow way
    // (Date.parse with the zone rules around it). Both ways must give the same time: UTC in any reader's zone.
    const days = ['Mon, ', 'Sun, ', 'Tue,', ''];
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'nov', 'Sept'];
    const zone = fc.oneof(
      fc.constantFrom('GMT', 'UT', 'UTC', 'Z', 'EST', 'CEST', 'gmt', ''),
      fc
        .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }))
        .map(([sign, hours, minutes]) => `${sign}${two(hours)}${two(minutes)}`),
    );
    const slowWay = (text: string) => parseDate(` ${text}`); // a leading space is outside the shortcut's shape
    const zoneBefore = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      fc.assert(
        fc.property(
          fc.constantFrom(...days),
          fc.integer({ min: 0, max: 32 }),
          fc.boolean(),
          fc.constantFrom(...months),
          fc.integer({ min: 95, max: 2200 }),
          fc.integer({ min: 0, max: 25 }),
          fc.integer({ min: 0, max: 61 }),
          fc.option(fc.integer({ min: 0, max: 61 })),
          zone,
          (weekday, day, padDay, month, year, hour, minute, second, zoneName) => {
            const text =
              `${weekday}${padDay ? two(day) : day} ${month} ${year} ${two(hour)}:${two(minute)}` +
              `${second === null ? '' : `:${two(second)}`} ${zoneName}`.trimEnd();
            expect(parseDate(text), text).toBe(slowWay(text));
          },
        ),
        { numRuns: 10000 },
      );
    } finally {
      if (zoneBefore === undefined) delete process.env.TZ;
      else process.env.TZ = zoneBefore;
    }
    expect(parseDate('Wed, 25 Nov 2026 08:30:00 +0100')).toBe(Date.UTC(2026, 10, 25, 7, 30));
    expect(parseDate('5 Nov 2026 08:30 -0930')).toBe(Date.UTC(2026, 10, 5, 18, 0));
  });
});

describe('trustedDate', () => {
  const FETCHED = Date.parse('2026-11-25T12:00:00Z');

  it('keeps dates from after the epoch up to a day after the fetch; anything else is undated', () => {
    expect(trustedDate(Date.parse('2026-11-25T20:00:00-05:00'), FETCHED)).toBe(Date.parse('2026-11-26T01:00:00Z'));
    expect(trustedDate(FETCHED + FUTURE_TOLERANCE_MS, FETCHED)).toBe(FETCHED + FUTURE_TOLERANCE_MS);
    expect(trustedDate(FETCHED + FUTURE_TOLERANCE_MS + 1, FETCHED)).toBeUndefined();
    expect(trustedDate(parseDate('9999-12-31T00:00:00Z'), FETCHED)).toBeUndefined();
    expect(trustedDate(parseDate('Thu, 01 Jan 1970 00:00:00 GMT'), FETCHED)).toBeUndefined();
    expect(trustedDate(parseDate('1969-12-31T19:00:00-05:00'), FETCHED)).toBeUndefined();
    expect(trustedDate(parseDate('1997-04-01T00:00:00Z'), FETCHED)).toBe(Date.UTC(1997, 3, 1));
    expect(trustedDate(undefined, FETCHED)).toBeUndefined();
  });

  it('never yields a date past the schema’s bound, whatever the clock says', () => {
    const farFuture = Date.UTC(2150, 0, 1);
    expect(trustedDate(farFuture - 1000, farFuture)).toBeUndefined();
    expect(trustedDate(LATEST_DATE, farFuture)).toBe(LATEST_DATE);
  });
});

describe('ArticleSchema dates', () => {
  const article = { id: 'a', title: 't', summary: '', tags: [], authors: [] };

  it('rejects a stored date no Date can show (1e300, NaN, Infinity, fractions) and accepts every date the parser yields', () => {
    for (const bad of [1e300, -1, Number.NaN, Number.POSITIVE_INFINITY, 1.5, LATEST_DATE + 1]) {
      expect(ArticleSchema.safeParse({ ...article, publishedAt: bad }).success, String(bad)).toBe(false);
      expect(ArticleSchema.safeParse({ ...article, modifiedAt: bad }).success, String(bad)).toBe(false);
    }
    fc.assert(
      fc.property(
        fc.integer({ min: EARLIEST_DATE + 1, max: LATEST_DATE }),
        fc.integer({ min: 0, max: LATEST_DATE }),
        (time, fetchedAt) => {
          const trusted = trustedDate(time, fetchedAt);
          if (trusted !== undefined) {
            expect(ArticleSchema.safeParse({ ...article, publishedAt: trusted }).success).toBe(true);
            expect(() => new Intl.DateTimeFormat('en', { dateStyle: 'full' }).format(trusted)).not.toThrow();
          }
        },
      ),
    );
  });
});
