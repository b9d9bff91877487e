// How long a response says it stays fresh: what the scheduler (lib/sync/schedule.ts) takes as a feed's own floor.

/** Milliseconds a response says it stays fresh: Cache-Control max-age (less its Age), else Expires minus Date. */
export function freshnessOf(headers: { get(name: string): string | null }, now: number): number | undefined {
  const cacheControl = headers.get('cache-control') ?? '';
  if (/(^|,)\s*(no-store|no-cache)\b/i.test(cacheControl)) return undefined;
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl)?.[1];
  if (maxAge !== undefined) {
    const age = Number(headers.get('age')) || 0;
    const ms = (Number(maxAge) - age) * 1000;
    return ms > 0 ? ms : undefined;
  }
  const expires = headers.get('expires');
  if (!expires) return undefined;
  const expiresAt = Date.parse(expires);
  if (!Number.isFinite(expiresAt)) return undefined;
  // Expires against the server's own Date, so a client clock that is off does not matter.
  const date = Date.parse(headers.get('date') ?? '');
  const ms = expiresAt - (Number.isFinite(date) ? date : now);
  return ms > 0 ? ms : undefined;
}
