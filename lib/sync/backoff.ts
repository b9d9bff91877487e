/** The longest a failing feed waits between tries. */
export const MAX_BACKOFF_MS = 24 * 3600e3;
/** The longest a server's Retry-After can make us wait: past a week, a feed would seem to have stopped for good. */
export const MAX_RETRY_AFTER_MS = 7 * 24 * 3600e3;

/**
 * When to try a failing feed again. The first failure waits one poll interval (the normal schedule); each further
 * failure doubles the wait, up to 24 hours. A server's Retry-After (429, 503) is respected when it asks for longer,
 * up to a week.
 * Success resets everything. A manual "Check now" ignores the wait.
 */
export function nextAttemptAfterFailure(
  failureCount: number,
  pollMs: number,
  now: number,
  retryAfterMs?: number,
): number {
  const exponent = Math.min(Math.max(failureCount - 1, 0), 20);
  const backoff = Math.min(pollMs * 2 ** exponent, MAX_BACKOFF_MS);
  return now + Math.max(backoff, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}
