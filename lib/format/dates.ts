const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600e3],
  ['month', 30 * 24 * 3600e3],
  ['week', 7 * 24 * 3600e3],
  ['day', 24 * 3600e3],
  ['hour', 3600e3],
  ['minute', 60e3],
];

/**
 * One formatter per locale: building an Intl formatter costs far more than formatting with one (each card's two
 * dates made it the popup's most expensive step before its first paint).
 */
function cachedPerLocale<F>(create: (locale: string | undefined) => F): (locale: string | undefined) => F {
  const made = new Map<string | undefined, F>();
  return (locale) => {
    let formatter = made.get(locale);
    if (!formatter) made.set(locale, (formatter = create(locale)));
    return formatter;
  };
}

const relativeFormat = cachedPerLocale((locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
const exactFormat = cachedPerLocale(
  (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }),
);

/** The most a JavaScript Date holds either side of 1970 (about 275,000 years); formatting beyond it throws. */
const DATE_LIMIT_MS = 8.64e15;

/**
 * Whether `time` can be shown as a date. A stored time may be anything a bug, an old version or a hostile feed left
 * (`1e300`, NaN): such a time is shown as no date, never allowed to throw and take the page down with it.
 */
export function isShowableTime(time: unknown): time is number {
  return typeof time === 'number' && Number.isFinite(time) && Math.abs(time) <= DATE_LIMIT_MS;
}

/** A post's date for display: relative ("3 hours ago"), exact (for the tooltip) and ISO (for `<time>`), or none. */
export function describeTime(
  time: number | undefined,
  now: number,
  locale?: string,
): { relative: string; exact: string; iso: string } | undefined {
  if (!isShowableTime(time) || !isShowableTime(now)) return undefined;
  return {
    relative: formatRelative(time, now, locale),
    exact: formatExact(time, locale),
    iso: new Date(time).toISOString(),
  };
}

/** "3 hours ago", "yesterday", in the reader's language; empty for a time that cannot be shown. */
export function formatRelative(time: number, now: number, locale?: string): string {
  if (!isShowableTime(time) || !isShowableTime(now)) return '';
  const diff = time - now;
  const format = relativeFormat(locale);
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, 'minute');
}

/** The exact date and time, for a tooltip; empty for a time that cannot be shown. */
export function formatExact(time: number, locale?: string): string {
  return isShowableTime(time) ? exactFormat(locale).format(time) : '';
}
