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
const exactFormat = cachedPerLocale((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }));

/** "3 hours ago", "yesterday", in the reader's language. */
export function formatRelative(time: number, now: number, locale?: string): string {
  const diff = time - now;
  const format = relativeFormat(locale);
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, 'minute');
}

/** The exact date and time, for a tooltip. */
export function formatExact(time: number, locale?: string): string {
  return exactFormat(locale).format(time);
}
