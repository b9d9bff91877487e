/** An HTTP status in words a person understands, with what to do about it. */
export function describeHttpStatus(status: number): string {
  if (status === 404) return 'The feed was not found (HTTP 404). Check the address.';
  if (status === 410) return 'The feed has been removed by its publisher (HTTP 410).';
  if (status === 401 || status === 403) return `The server refused access to the feed (HTTP ${status}).`;
  if (status === 429) return 'The server asked us to slow down (HTTP 429); we will try again later.';
  if (status >= 500) return `The feed's server had an error (HTTP ${status}); we will try again later.`;
  return `The server answered with HTTP ${status} instead of the feed.`;
}
