import type { ParseResult } from './article';
import { discoverFeeds } from './discover';
import { parseJsonFeed } from './jsonFeed';
import { parseXmlFeed } from './xmlFeed';
import { localisable } from '../i18n/catalogue';

export type FeedFormat = 'json' | 'xml' | 'html' | 'unknown';

/** Guesses the format from the body itself: servers often send feeds as text/plain or octet-stream. */
export function detectFormat(body: string, contentType = ''): FeedFormat {
  // Only the start matters: never copy a multi-megabyte body to look at it.
  const start = withoutBom(body.slice(0, 1024)).trimStart().slice(0, 512).toLowerCase();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || /^<(head|body|meta|title)\b/.test(start)) {
    return 'html';
  }
  if (start.startsWith('<')) {
    if (/<(rss|feed|rdf:rdf)\b/.test(start)) return 'xml';
    return contentType.includes('html') || /<html\b/.test(start) ? 'html' : 'xml';
  }
  return 'unknown';
}

export type ParseOptions = {
  contentType?: string;
  /** Where the body came from: the base for relative links. */
  fetchedUrl?: string;
  /** When it was fetched (epoch ms, default now): a post dated more than a day later is treated as undated. */
  fetchedAt?: number;
};

/** Bytes-as-text → articles. Pure: no browser APIs (the clock only as the default `fetchedAt`). Never throws. */
export function parseFeed(body: string, options: ParseOptions = {}): ParseResult {
  const fetchedAt = options.fetchedAt ?? Date.now();
  const format = detectFormat(body, options.contentType);
  switch (format) {
    case 'json': {
      let document: unknown;
      try {
        document = JSON.parse(withoutBom(body));
      } catch {
        return {
          ok: false,
          error: { kind: 'malformed', ...localisable('err_badJson') },
        };
      }
      return parseJsonFeed(document, options.fetchedUrl, fetchedAt);
    }
    case 'xml':
      return parseXmlFeed(withoutBom(body), options.fetchedUrl, fetchedAt);
    case 'html':
      return webPageError(body, options.fetchedUrl);
    default:
      return {
        ok: false,
        error: {
          kind: 'not-a-feed',
          message: body.trim()
            ? 'The response is not a feed (neither JSON nor XML).'
            : 'The server sent an empty response.',
        },
      };
  }
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const SIGN_IN = /<input\b[^>]*type\s*=\s*["']?password|\b(sign|log)\s?-?in\b/i;

/** A web page instead of a feed: say so, and name the feeds it links, if any. */
function webPageError(html: string, pageUrl?: string): ParseResult {
  const discovered = discoverFeeds(html, pageUrl);
  if (discovered.length) {
    return {
      ok: false,
      error: {
        kind: 'not-a-feed',
        ...(discovered.length === 1
          ? localisable('err_pageLinksOne')
          : localisable('err_pageLinksMany', discovered.length)),
        discovered,
      },
    };
  }
  const said = SIGN_IN.test(html.slice(0, 100_000)) ? localisable('err_signIn') : localisable('err_webPage');
  return { ok: false, error: { kind: 'not-a-feed', ...said } };
}
