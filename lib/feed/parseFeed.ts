import type { ParseResult } from './article';
import { parseJsonFeed } from './jsonFeed';

export type FeedFormat = 'json' | 'xml' | 'html' | 'unknown';

/** Guesses the format from the body itself: servers often send feeds as text/plain or octet-stream. */
export function detectFormat(body: string, contentType = ''): FeedFormat {
  const start = body.replace(/^\uFEFF/, '').trimStart().slice(0, 512).toLowerCase();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || /^<(head|body|meta|title)\b/.test(start)) {
    return 'html';
  }
  if (start.startsWith('<')) return contentType.includes('html') && !/<(rss|feed|rdf:rdf)\b/.test(start) ? 'html' : 'xml';
  return 'unknown';
}

/** Bytes-as-text → articles. Pure: no browser APIs. `fetchedUrl` resolves relative links. */
export function parseFeed(body: string, options: { contentType?: string; fetchedUrl?: string } = {}): ParseResult {
  const format = detectFormat(body, options.contentType);
  switch (format) {
    case 'json': {
      let document: unknown;
      try {
        document = JSON.parse(body.replace(/^\uFEFF/, ''));
      } catch (error) {
        return { ok: false, error: { kind: 'malformed', message: `The feed is not valid JSON (${(error as Error).message}).` } };
      }
      return parseJsonFeed(document, options.fetchedUrl);
    }
    case 'xml':
      return {
        ok: false,
        error: { kind: 'unsupported', message: 'This is an XML (RSS or Atom) feed; only JSON Feed is supported so far.' },
      };
    case 'html':
      return {
        ok: false,
        error: { kind: 'not-a-feed', message: 'This address returned a web page, not a feed. Use the address of the feed itself.' },
      };
    default:
      return {
        ok: false,
        error: {
          kind: 'not-a-feed',
          message: body.trim() ? 'The response is not a feed (neither JSON nor XML).' : 'The server sent an empty response.',
        },
      };
  }
}
