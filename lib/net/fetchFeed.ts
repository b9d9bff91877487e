import type { FeedError, ParseResult } from '../feed/article';
import { displayDomain } from '../feed/host';
import { hasCredentials, isWebAddress } from '../feed/url';
import { decodeBody } from './decodeBody';
import { freshnessOf } from './freshness';
import { describeHttpStatus } from './httpStatus';
import { readBodyCapped } from './readBody';
import { localisable, type Localisable } from '../i18n/catalogue';

export { decodeBody } from './decodeBody';

export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export type Validators = { etag?: string; lastModified?: string };

export type FetchedPage = {
  body: string;
  contentType: string;
  finalUrl: string;
  /**
   * The page parsed, when `fetchFeedPages` parsed it to look for a next page: taken as it is by whoever needs the
   * posts (the write step, adding a feed), so a feed is parsed once a check, as it arrives, not again.
   */
  parsed?: ParseResult;
};

/** What a good answer (200 or 304) says beyond the feed: for the scheduler (lib/sync/schedule.ts). */
export type AnswerFacts = {
  /** How long it stays fresh (Cache-Control max-age, Expires). */
  freshForMs?: number;
  /**
   * The address the browser was redirected to, when it was. Whether the redirect was permanent is hidden from
   * extensions (see `fetchFeed`), so the scheduler counts how often in a row a feed lands at the same address.
   */
  redirectedTo?: string;
};

export type FetchOutcome =
  | ({
      ok: true;
      notModified: true;
      /** The validators a 304 sent, when it sent any (RFC 9110 §15.4.5: those a 200 would have sent). */
      validators?: Validators;
    } & AnswerFacts)
  | ({
      ok: true;
      notModified: false;
      validators: Validators;
      /** Later pages of a paginated feed. */ pages?: FetchedPage[];
    } & FetchedPage &
      AnswerFacts)
  | { ok: false; error: FeedError; retryAfterMs?: number };

export type FetchFeedOptions = {
  validators?: Validators;
  timeoutMs?: number;
  maxBytes?: number;
  fetchImpl?: typeof fetch;
  /** The one address that is not a web address this fetch may read: the demo feed bundled with the extension. */
  bundledUrl?: string;
};

/** A response's validators, exactly as sent (the server's opaque tokens). */
function validatorsOf(headers: Headers): Validators {
  return { etag: headers.get('etag') ?? undefined, lastModified: headers.get('last-modified') ?? undefined };
}

const ACCEPT =
  'application/feed+json, application/json;q=0.9, application/rss+xml, application/atom+xml, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1';

/**
 * GETs a feed with a timeout, a size cap and conditional headers. Expected failures come back as values.
 *
 * Validators go back exactly as they came (an ETag's quotes and `W/` prefix included): they are the server's
 * opaque tokens. Redirects are followed by the browser (`redirect: 'follow'`): with `'manual'`, an extension gets
 * an opaque response in both Chromium and Firefox, with neither the status nor the Location, so a 301 cannot be
 * told from a 302 there either, and following by hand would cost every redirected feed a second request. What
 * the answer shows is where the browser landed (`Response.redirected` and `url`).
 */
export async function fetchFeed(url: string, options: FetchFeedOptions = {}): Promise<FetchOutcome> {
  const { validators = {}, timeoutMs = DEFAULT_TIMEOUT_MS, maxBytes = DEFAULT_MAX_BYTES, fetchImpl = fetch } = options;
  const headers: Record<string, string> = { Accept: ACCEPT };
  if (validators.etag) headers['If-None-Match'] = validators.etag;
  if (validators.lastModified) headers['If-Modified-Since'] = validators.lastModified;

  // Only web addresses: a `data:`, `file:`, `javascript:` or extension address from an old store, a backup or a
  // redirect's next page is refused before anything is fetched.
  if (!isWebAddress(url) && url !== options.bundledUrl)
    return { ok: false, error: { kind: 'unsupported', ...localisable('err_feedNotWeb') } };
  // A feed stored before addresses with credentials were refused (or arriving from an older browser through sync):
  // never sent, and the message does not repeat them (fetch's own error would).
  if (hasCredentials(url)) return { ok: false, error: { kind: 'unsupported', ...localisable('err_feedCredentials') } };

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('timeout', 'TimeoutError')), timeoutMs);
  const host = displayDomain(url) || url;
  try {
    let response: Response;
    try {
      // `no-cache` revalidates with the server, so a 304 reaches us only when our own validators match.
      response = await fetchImpl(url, {
        headers,
        signal: controller.signal,
        redirect: 'follow',
        cache: 'no-cache',
        credentials: 'omit',
      });
    } catch (error) {
      if (controller.signal.aborted) return timeoutError(timeoutMs);
      const redirect = await diagnoseRedirect(error, url, fetchImpl, controller.signal);
      if (redirect) return { ok: false, error: { kind: 'network', ...redirect } };
      return {
        ok: false,
        error: {
          kind: 'network',
          ...localisable('err_unreachable', host, (error as Error).message || 'network error'),
        },
      };
    }
    const facts: AnswerFacts = {};
    const freshForMs = freshnessOf(response.headers, Date.now());
    if (freshForMs) facts.freshForMs = freshForMs;
    const finalUrl = response.url || url;
    if (response.redirected && finalUrl !== url) facts.redirectedTo = finalUrl;
    if (response.status === 304) {
      const sent = validatorsOf(response.headers);
      return sent.etag || sent.lastModified
        ? { ok: true, notModified: true, validators: sent, ...facts }
        : { ok: true, notModified: true, ...facts };
    }
    if (!response.ok) {
      void response.body?.cancel().catch(() => {});
      return {
        ok: false,
        error: { kind: 'http', status: response.status, ...describeHttpStatus(response.status) },
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      };
    }
    const declaredLength = Number(response.headers.get('content-length'));
    if (declaredLength > maxBytes) {
      void response.body?.cancel().catch(() => {});
      return tooLarge(maxBytes);
    }
    const bytes = await readBodyCapped(response, maxBytes);
    if (!bytes) return tooLarge(maxBytes);
    const contentType = response.headers.get('content-type') ?? '';
    return {
      ok: true,
      notModified: false,
      body: decodeBody(bytes, contentType),
      contentType,
      finalUrl,
      ...facts,
      validators: validatorsOf(response.headers),
    };
  } catch (error) {
    if (controller.signal.aborted) return timeoutError(timeoutMs);
    return { ok: false, error: { kind: 'network', ...localisable('err_brokeOff', host, (error as Error).message) } };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Why a fetch that failed broke on its redirect chain, or undefined when the first answer was no redirect. Node's
 * fetch names a loop in its error and shows a redirect's Location; browsers fail a loop and a redirect to `file:`,
 * `data:` or an extension's page alike with a bare "Failed to fetch" and hide the Location (an opaque response),
 * so there the message names both, rather than guess.
 */
async function diagnoseRedirect(
  error: unknown,
  url: string,
  fetchImpl: typeof fetch,
  signal: AbortSignal,
): Promise<Localisable | undefined> {
  const host = displayDomain(url) || url;
  const cause = (error as { cause?: { message?: string } })?.cause?.message ?? '';
  if (/redirect count exceeded|too many redirects/i.test(`${(error as Error)?.message ?? ''} ${cause}`))
    return localisable('err_redirectLoop', host);
  let probe: Response;
  try {
    probe = await fetchImpl(url, { redirect: 'manual', signal, cache: 'no-store', credentials: 'omit' });
    void probe.body?.cancel().catch(() => {});
  } catch {
    return undefined;
  }
  if (probe.type !== 'opaqueredirect' && (probe.status < 300 || probe.status >= 400)) return undefined;
  const target = redirectTarget(probe.headers.get('location'), url);
  if (!target) return localisable('err_redirectUnclear', host);
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    return localisable('err_redirectNotWeb', host, target.protocol);
  // A web address that could not be fetched: say which, without its path or any credentials.
  return localisable(
    'err_unreachable',
    displayDomain(target) || target.host,
    cause || (error as Error)?.message || 'network error',
  );
}

function redirectTarget(location: string | null, base: string): URL | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

function timeoutError(timeoutMs: number): FetchOutcome {
  return { ok: false, error: { kind: 'timeout', ...localisable('err_timeout', Math.round(timeoutMs / 1000)) } };
}

function tooLarge(maxBytes: number): FetchOutcome {
  const mb = Math.round(maxBytes / 1024 / 1024);
  return { ok: false, error: { kind: 'too-large', ...localisable('err_tooLarge', mb) } };
}

/** Seconds or an HTTP date → milliseconds from now. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
