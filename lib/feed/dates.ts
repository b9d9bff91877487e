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

/**
 * The date-time format ECMAScript defines (`2026-11-25T08:30:00Z`, `…00.123+01:00`), which every engine's Date.parse
 * reads to the same value: one native call, where reading it in JavaScript took three times as long in a cold parse
 * (a service worker that wakes up to poll runs the parser before the engine has compiled it). Most JSON Feed dates have
 * this shape. An out-of-range value (`02-30`, `24:00`) gets what Date.parse gives it, as it did before this path.
 */
const ES_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?(?:Z|[+-]\d\d:\d\d)$/;

/**
 * An RFC 3339 date-time in the shapes the ECMAScript format leaves out (`t` and `z` in lower case, a fraction of other
 * than three digits: `…00.123456+00:00`), by arithmetic, so that every engine reads them alike. Read character by
 * character, not with a regular expression, whose match (an array and eleven strings per date) was most of a cold
 * parse's garbage. Undefined when the text has another shape or is out of range (Date.parse then has its say).
 */
function parseRfc3339(text: string): number | undefined {
  const n = text.length;
  const separated =
    text.charCodeAt(4) === 0x2d /* - */ &&
    text.charCodeAt(7) === 0x2d &&
    (text.charCodeAt(10) | 0x20) === 0x74 /* T or t */ &&
    text.charCodeAt(13) === 0x3a /* : */ &&
    text.charCodeAt(16) === 0x3a;
  if (n < 20 || !separated) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  let at = 19;
  let millis = 0;
  if (text.charCodeAt(at) === 0x2e /* . */) {
    let end = at + 1;
    while (end < n && isDigit(text.charCodeAt(end))) end++;
    if (end === at + 1 || end > at + 10) return undefined;
    // The first three digits of the fraction are the milliseconds (`.5` is 500).
    for (let i = at + 1; i < at + 4; i++) millis = millis * 10 + (i < end ? text.charCodeAt(i) - 0x30 : 0);
    at = end;
  }
  let offset: number;
  if (at === n - 1 && (text.charCodeAt(at) | 0x20) === 0x7a /* z */) offset = 0;
  else if (at === n - 6 && text.charCodeAt(at + 3) === 0x3a /* : */) {
    const sign = text.charCodeAt(at) === 0x2b /* + */ ? 1 : text.charCodeAt(at) === 0x2d /* - */ ? -1 : 0;
    const zoneHours = digitsAt(text, at + 1, 2);
    const zoneMinutes = digitsAt(text, at + 4, 2);
    if (!sign || zoneHours < 0 || zoneMinutes < 0) return undefined;
    offset = sign * (zoneHours * 60 + zoneMinutes) * 60e3;
  } else return undefined;
  // Date.UTC reads years 0–99 as 1900–1999: leave those (and anything out of range) to Date.parse.
  if (
    year < 100 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  ) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset;
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/**
 * The months' English abbreviations, by their three character codes (`threeCodes`), to their index. Made on the first
 * RFC 822 date, not when the module loads: pages that only check stored dates (the popup's first screen) load this
 * module too, and leave the parser out of their bundles.
 */
let months: Map<number, number> | undefined;
function monthAt(text: string, at: number): number | undefined {
  months ??= new Map(
    ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((name, index) => [
      threeCodes(name, 0),
      index,
    ]),
  );
  return months.get(threeCodes(text, at));
}
function threeCodes(text: string, at: number): number {
  return (text.charCodeAt(at) << 16) | (text.charCodeAt(at + 1) << 8) | text.charCodeAt(at + 2);
}

/**
 * The RFC 822 date-time as RSS feeds write it (`Wed, 25 Nov 2026 08:30:00 GMT`, `5 Nov 2026 08:30 +0100`), by
 * arithmetic, as `parseRfc3339` reads its shapes: Date.parse, with the checks around it for the shapes it reads
 * differently or not at all, cost twice what it does, on every post of every RSS feed. Only this exact shape (a
 * four-digit year; GMT, UT, UTC, Z or an offset of four digits): undefined for any other, or out of range, which
 * `parseDate` then reads the slow way. The day of the week says nothing the date does not, and is not checked
 * (Date.parse ignores it too).
 */
function parseRfc822(text: string): number | undefined {
  let at = text.charCodeAt(3) === 0x2c /* , */ && text.charCodeAt(4) === 0x20 ? 5 : 0;
  const dayDigits = text.charCodeAt(at + 1) === 0x20 ? 1 : 2;
  const day = digitsAt(text, at, dayDigits);
  at += dayDigits;
  if (text.charCodeAt(at) !== 0x20) return undefined;
  const month = monthAt(text, at + 1);
  at += 4;
  if (month === undefined || text.charCodeAt(at) !== 0x20 || text.charCodeAt(at + 5) !== 0x20) return undefined;
  const year = digitsAt(text, at + 1, 4);
  at += 6;
  if (text.charCodeAt(at + 2) !== 0x3a /* : */) return undefined;
  const hour = digitsAt(text, at, 2);
  const minute = digitsAt(text, at + 3, 2);
  at += 5;
  let second = 0;
  if (text.charCodeAt(at) === 0x3a) {
    second = digitsAt(text, at + 1, 2);
    at += 3;
  }
  if (text.charCodeAt(at) !== 0x20) return undefined;
  const offset = rfc822Offset(text, at + 1);
  if (
    offset === undefined ||
    year < 1000 ||
    day < 1 ||
    day > daysInMonth(year, month + 1) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  ) {
    return undefined;
  }
  return Date.UTC(year, month, day, hour, minute, second) - offset;
}

/** The zone that ends an RFC 822 date at `at`, in milliseconds east of UTC: GMT, UT, UTC, Z or `±hhmm`. */
function rfc822Offset(text: string, at: number): number | undefined {
  const zone = text.length - at;
  if (zone === 5) {
    const sign = text.charCodeAt(at) === 0x2b /* + */ ? 1 : text.charCodeAt(at) === 0x2d /* - */ ? -1 : 0;
    const hours = digitsAt(text, at + 1, 2);
    const minutes = digitsAt(text, at + 3, 2);
    return sign && hours >= 0 && minutes >= 0 && minutes <= 59 ? sign * (hours * 60 + minutes) * 60e3 : undefined;
  }
  return (zone === 3 && (text.endsWith('GMT') || text.endsWith('UTC'))) ||
    (zone === 2 && text.endsWith('UT')) ||
    (zone === 1 && text.endsWith('Z'))
    ? 0
    : undefined;
}

/** The number `count` decimal digits at `start` spell, or -1 when one of them is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + code - 0x30;
  }
  return value;
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
  if (ES_DATE_TIME.test(raw)) {
    const time = Date.parse(raw);
    if (Number.isFinite(time)) return time;
  }
  const fast = parseRfc3339(raw) ?? parseRfc822(raw);
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
