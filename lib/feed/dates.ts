// A post's date as the feed wrote it → epoch milliseconds, or undefined when it is not a date we can trust.

const DAY_MS = 24 * 3600e3;

/**
 * The range every stored date falls in (`ArticleSchema` checks it): from the Unix epoch to the year 2100. Wider than
 * what the parser yields (see `trustedDate`), so that a date parsed on any day stays valid in the cache afterwards,
 * and narrow enough that no value in it makes `Date` or `Intl` throw (a cached `1e300` does not validate).
 */
export const EARLIEST_DATE = 0;
export const LATEST_DATE = Date.UTC(2100, 0, 1);

/**
 * How far ahead of the fetch a post may be dated: a day covers servers and writers in any time zone and clocks that
 * are a little off. A post dated later than that has a wrong date (typos like 2062 for 2026, placeholders like
 * 9999-12-31); see `trustedDate` for what becomes of it.
 */
export const FUTURE_TOLERANCE_MS = DAY_MS;

/**
 * `time` if it is a date we can show: after the Unix epoch (0 and the dates just before it are what broken
 * generators write for "no date") and at most a day after `fetchedAt`. Anything else is treated as undated, not as
 * the fetch time: the parser has no memory, so "the fetch time" would move forward on every fetch and keep the post
 * on top, new, forever, while "undated" is the same on every fetch and never shows a false date. The post still
 * arrives as new and keeps its `modifiedAt` if that one is sound.
 */
export function trustedDate(time: number | undefined, fetchedAt: number): number | undefined {
  if (time === undefined || !(time > EARLIEST_DATE)) return undefined;
  return time <= Math.min(fetchedAt + FUTURE_TOLERANCE_MS, LATEST_DATE) ? time : undefined;
}

/** RFC 3339 as feeds write it (`2026-11-25T08:30:00Z`, `…00.123+01:00`): the shape nearly every JSON Feed and Atom date has. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/i;

/** An RFC 3339 date-time by arithmetic (Date.parse is the slowest step of a big feed); undefined when out of range. */
function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]),
    month = Number(m[2]),
    day = Number(m[3]);
  const hour = Number(m[4]),
    minute = Number(m[5]),
    second = Number(m[6]);
  // Date.UTC reads years 0–99 as 1900–1999: leave those (and anything out of range) to Date.parse.
  if (
    year < 100 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) * 60e3;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Time-zone names feeds write that Date.parse does not know (it knows GMT, UT, UTC, Z and the North American
 * EST…PDT), as offsets. Where a name is ambiguous (IST), the most common meaning in feeds is taken.
 */
const ZONE_OFFSETS: Record<string, string> = {
  WET: '+0000',
  BST: '+0100',
  WEST: '+0100',
  CET: '+0100',
  MET: '+0100',
  CEST: '+0200',
  MEST: '+0200',
  EET: '+0200',
  EEST: '+0300',
  MSK: '+0300',
  IST: '+0530',
  ICT: '+0700',
  WIB: '+0700',
  HKT: '+0800',
  SGT: '+0800',
  AWST: '+0800',
  JST: '+0900',
  KST: '+0900',
  ACST: '+0930',
  AEST: '+1000',
  ACDT: '+1030',
  AEDT: '+1100',
  NZST: '+1200',
  NZDT: '+1300',
  AKST: '-0900',
  AKDT: '-0800',
  HST: '-1000',
  AST: '-0400',
  ADT: '-0300',
  NST: '-0330',
  NDT: '-0230',
};
const TRAILING_ZONE_NAME = /\b([A-Z]{2,5})$/;
/** A date that says its zone: an offset, or a zone name Date.parse reads. */
const HAS_ZONE = /(?:\b(?:GMT|UTC?|Z|[ECMP][SD]T)|[+-]\d{1,2}(?::?\d{2})?)$/i;

/**
 * Dates: RFC 3339 and RFC 822 as Date.parse reads them, with the zone names it does not know. A date without a zone
 * is read as UTC (Date.parse would read it in the reader's zone, so the same post would sort differently per reader).
 */
export function parseDate(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const fast = parseRfc3339(raw);
  if (fast !== undefined) return fast;
  let text = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(text)) {
    text = text.length === 10 ? `${text}T00:00:00Z` : `${text.replace(' ', 'T')}Z`;
  } else if (!HAS_ZONE.test(text)) {
    const zone = TRAILING_ZONE_NAME.exec(text)?.[1];
    const offset = zone ? ZONE_OFFSETS[zone] : undefined;
    text = offset ? `${text.slice(0, -zone!.length)}${offset}` : /\d$/.test(text) ? `${text} GMT` : text;
  }
  const time = Date.parse(text);
  return Number.isFinite(time) ? time : undefined;
}
