// Builders for JSON Feed documents and a fetch that serves them, shared by unit tests.
import type { FetchOutcome } from '@/lib/net/fetchFeed';

export type JsonFeedItemInput = Record<string, unknown>;

export function jsonFeed(items: JsonFeedItemInput[], extra: Record<string, unknown> = {}) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Test Desk',
    home_page_url: 'https://blog.test/',
    items,
    ...extra,
  };
}

export const HOUR = 3600e3;
export const DAY = 24 * HOUR;

export function item(id: string, publishedAt: number, extra: JsonFeedItemInput = {}): JsonFeedItemInput {
  return {
    id,
    url: `https://blog.test/posts/${id}`,
    title: `Post ${id}`,
    summary: `Summary of ${id}`,
    date_published: new Date(publishedAt).toISOString(),
    ...extra,
  };
}

/** A fetch answered 200 with these items as a JSON Feed and no validators: what `commitFeed` takes. */
export function fetchedFeed(items: JsonFeedItemInput[], finalUrl = 'https://blog.test/feed.json'): FetchOutcome {
  return {
    ok: true,
    notModified: false,
    body: JSON.stringify(jsonFeed(items)),
    contentType: 'application/feed+json',
    finalUrl,
    validators: {},
  };
}

type Route =
  { status?: number; body?: unknown; headers?: Record<string, string> } | (() => Response | Promise<Response>);

/** A `fetch` that answers from a table of URL → response, and records each request. */
export function fakeFetch(routes: Record<string, Route>) {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    requests.push({ url, headers: Object.fromEntries(new Headers(init?.headers).entries()) });
    const route = routes[url];
    if (!route) return new Response('not found', { status: 404 });
    if (typeof route === 'function') return route();
    const body = typeof route.body === 'string' ? route.body : JSON.stringify(route.body);
    return new Response(route.status === 304 ? null : body, {
      status: route.status ?? 200,
      headers: { 'content-type': 'application/feed+json', ...route.headers },
    });
  }) as typeof fetch;
  return { impl, requests, routes };
}

/** What the browser's `fetch` does with a request it blocks (or that cannot connect): it throws. */
export const blockedRequest = (): never => {
  throw new TypeError('Failed to fetch');
};

/**
 * A `fetch` whose first request for `url` waits until `release()`, then gets `firstAnswer` (by default, blocked:
 * so is the probe for a redirect that follows such a failure); every later request answers with `body`. `requests`
 * counts the feed's fetches, not the probes.
 */
export function heldFirstFetch(url: string, body: unknown, firstAnswer: () => Response = blockedRequest) {
  const server = fakeFetch({ [url]: { body } });
  let release!: () => void;
  const firstHeld = new Promise<void>((resolve) => (release = resolve));
  const requests: string[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.redirect !== 'manual') requests.push(String(input));
    if (requests.length > 1) return server.impl(input, init);
    await firstHeld;
    return firstAnswer();
  }) as typeof fetch;
  return { impl, requests, release };
}
