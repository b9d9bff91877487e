import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody, fetchFeed, parseRetryAfter } from './fetchFeed';

// A real HTTP server on loopback: the fetch path is tested against real sockets, not a mock.
let base = '';
const handlers = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
const server = createServer((req, res) => {
  const handler = handlers.get(req.url ?? '');
  if (handler) handler(req, res);
  else res.writeHead(404).end();
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('fetchFeed', () => {
  it('returns the body, its type and the validators', async () => {
    handlers.set('/ok', (_req, res) =>
      res
        .writeHead(200, {
          'content-type': 'application/feed+json',
          etag: '"e1"',
          'last-modified': 'Wed, 18 Nov 2026 10:00:00 GMT',
        })
        .end('{"a":1}'),
    );
    expect(await fetchFeed(`${base}/ok`)).toEqual({
      ok: true,
      notModified: false,
      body: '{"a":1}',
      contentType: 'application/feed+json',
      finalUrl: `${base}/ok`,
      validators: { etag: '"e1"', lastModified: 'Wed, 18 Nov 2026 10:00:00 GMT' },
    });
  });

  it('sends conditional headers and reports 304 as not modified', async () => {
    handlers.set('/cond', (req, res) => {
      if (req.headers['if-none-match'] === '"e1"' && req.headers['if-modified-since']) res.writeHead(304).end();
      else res.writeHead(200).end('changed');
    });
    expect(await fetchFeed(`${base}/cond`, { validators: { etag: '"e1"', lastModified: 'x' } })).toEqual({
      ok: true,
      notModified: true,
    });
  });

  it('sends the validators back exactly as they came: quotes, the weak prefix and odd spacing included', async () => {
    const seen: (string | undefined)[][] = [];
    const etag = 'W/"abc-\\"1\\"  x"';
    const lastModified = 'Wed, 18 Nov 2026 10:00:00 GMT';
    handlers.set('/opaque', (req, res) => {
      seen.push([req.headers['if-none-match'], req.headers['if-modified-since']]);
      if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
      res.writeHead(200, { etag, 'last-modified': lastModified, 'content-type': 'application/json' }).end('{}');
    });
    const first = await fetchFeed(`${base}/opaque`);
    expect(first).toMatchObject({ ok: true, notModified: false, validators: { etag, lastModified } });
    const validators = (first as { validators: { etag: string; lastModified: string } }).validators;
    expect(await fetchFeed(`${base}/opaque`, { validators })).toMatchObject({
      ok: true,
      notModified: true,
      validators: { etag },
    });
    expect(seen).toEqual([
      [undefined, undefined],
      [etag, lastModified],
    ]);
  });

  it('reports how long the answer stays fresh, by Cache-Control max-age (less Age) or by Expires against Date', async () => {
    const date = 'Wed, 18 Nov 2026 10:00:00 GMT';
    const cases: [Record<string, string>, number | undefined][] = [
      [{ 'cache-control': 'public, max-age=3600' }, 3600e3],
      [{ 'cache-control': 'max-age=3600', age: '600' }, 3000e3],
      [{ 'cache-control': 'no-cache, max-age=3600' }, undefined],
      [{ 'cache-control': 's-maxage=600' }, undefined],
      [{ expires: 'Wed, 18 Nov 2026 12:00:00 GMT', date }, 2 * 3600e3],
      [{ expires: '0', date }, undefined],
      [{ 'cache-control': 'max-age=60', expires: 'Wed, 18 Nov 2026 12:00:00 GMT', date }, 60e3],
      [{}, undefined],
    ];
    for (const [headers, expected] of cases) {
      handlers.set('/fresh', (_req, res) =>
        res.writeHead(200, { 'content-type': 'application/json', ...headers }).end('{}'),
      );
      const outcome = await fetchFeed(`${base}/fresh`);
      expect(outcome.ok && outcome.freshForMs, JSON.stringify(headers)).toBe(expected ?? undefined);
      handlers.set('/fresh', (_req, res) => res.writeHead(304, headers).end());
      const notModified = await fetchFeed(`${base}/fresh`, { validators: { etag: '"x"' } });
      expect(notModified.ok && notModified.freshForMs, `304 ${JSON.stringify(headers)}`).toBe(expected ?? undefined);
    }
  });

  it('says where a redirect landed (200 and 304 alike), and says nothing when there was none', async () => {
    handlers.set('/moved', (_req, res) => res.writeHead(301, { location: '/new' }).end());
    handlers.set('/new', (req, res) =>
      req.headers['if-none-match'] === '"n"'
        ? res.writeHead(304).end()
        : res.writeHead(200, { 'content-type': 'application/json', etag: '"n"' }).end('{}'),
    );
    expect(await fetchFeed(`${base}/moved`)).toMatchObject({
      ok: true,
      finalUrl: `${base}/new`,
      redirectedTo: `${base}/new`,
    });
    expect(await fetchFeed(`${base}/moved`, { validators: { etag: '"n"' } })).toEqual({
      ok: true,
      notModified: true,
      redirectedTo: `${base}/new`,
    });
    expect(await fetchFeed(`${base}/new`)).not.toHaveProperty('redirectedTo');
  });

  it('times out a server that never answers', async () => {
    handlers.set('/slow', () => {});
    expect(await fetchFeed(`${base}/slow`, { timeoutMs: 200 })).toMatchObject({
      ok: false,
      error: { kind: 'timeout', message: 'The server did not answer within 0 seconds.' },
    });
  });

  it('stops reading past the size cap, whether or not the length is declared', async () => {
    handlers.set('/big-declared', (_req, res) =>
      res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000)),
    );
    handlers.set('/big-streamed', (_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 50; i++) res.write('y'.repeat(1000));
      res.end();
    });
    for (const path of ['/big-declared', '/big-streamed']) {
      expect(await fetchFeed(`${base}${path}`, { maxBytes: 2048 })).toMatchObject({
        ok: false,
        error: { kind: 'too-large' },
      });
    }
  });

  it('explains HTTP errors and reads Retry-After', async () => {
    handlers.set('/busy', (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end());
    expect(await fetchFeed(`${base}/busy`)).toMatchObject({
      ok: false,
      error: { kind: 'http', status: 429 },
      retryAfterMs: 120_000,
    });
    expect(await fetchFeed(`${base}/nothing-here`)).toMatchObject({
      ok: false,
      error: { status: 404, message: 'The feed was not found (HTTP 404). Check the address.' },
    });
  });

  it('follows redirects and reports where it ended, and fails a redirect loop cleanly', async () => {
    handlers.set('/moved', (_req, res) => res.writeHead(301, { location: '/ok' }).end());
    handlers.set('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
    expect(await fetchFeed(`${base}/moved`)).toMatchObject({ ok: true, finalUrl: `${base}/ok` });
    expect(await fetchFeed(`${base}/loop`)).toMatchObject({
      ok: false,
      error: {
        kind: 'network',
        message: expect.stringMatching(/^Too many redirects: 127\.0\.0\.1 keeps sending us to another address/),
      },
    });
  });

  it('names a redirect to something that is not a web address for what it is, not a loop', async () => {
    for (const [path, target, scheme] of [
      ['/to-file', 'file:///etc/passwd', 'file:'],
      ['/to-data', 'data:application/json,{}', 'data:'],
      ['/to-extension', 'chrome-extension://abcdefghijklmnop/demo-feed.json', 'chrome-extension:'],
    ] as const) {
      handlers.set(path, (_req, res) => res.writeHead(302, { location: target }).end());
      const outcome = await fetchFeed(`${base}${path}`);
      expect(outcome, path).toMatchObject({
        ok: false,
        error: {
          kind: 'network',
          code: 'err_redirectNotWeb',
          message: `127.0.0.1 redirects the feed to a ${scheme} address, which is not a web address. Only redirects to http:// and https:// are followed.`,
        },
      });
    }
  });

  it('in a browser, where a loop and a redirect to file: fail alike and the Location is hidden, names both', async () => {
    // What Chromium's fetch does (seen in tests/e2e): a bare TypeError, and an opaque answer to redirect: 'manual'.
    const browserFetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      if (init?.redirect === 'manual')
        return Object.defineProperty(new Response(null), 'type', { value: 'opaqueredirect' });
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const outcome = await fetchFeed('https://blog.test/feed.json', { fetchImpl: browserFetch });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'err_redirectUnclear', params: ['blog.test'] } });
    expect(outcome.ok || outcome.error.message).toMatch(
      /^blog\.test redirects the feed, and the browser could not follow: the redirects go round in a loop, or lead to something that is not a web address/,
    );
  });

  it('names the host a redirect led to when that host cannot be reached', async () => {
    handlers.set('/to-dead', (_req, res) => res.writeHead(302, { location: 'http://127.0.0.1:1/feed' }).end());
    expect(await fetchFeed(`${base}/to-dead`)).toMatchObject({
      ok: false,
      error: { code: 'err_unreachable', params: ['127.0.0.1', expect.any(String)] },
    });
  });

  it('never sends a user name or password, and its error does not repeat them', async () => {
    let requests = 0;
    handlers.set('/private', (_req, res) => (requests++, res.writeHead(200).end('{}')));
    const outcome = await fetchFeed(`${base.replace('//', '//alice:s3cret@')}/private`);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'unsupported', code: 'err_feedCredentials' } });
    expect(JSON.stringify(outcome)).not.toMatch(/alice|s3cret/);
    expect(requests).toBe(0);
  });

  it('times out a server that sends headers and then stalls the body', async () => {
    handlers.set('/stall', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/feed+json' });
      res.write('{"version": "https://jsonfeed.org/version/1.1", ');
    });
    expect(await fetchFeed(`${base}/stall`, { timeoutMs: 300 })).toMatchObject({
      ok: false,
      error: { kind: 'timeout' },
    });
  });

  it('reports a connection cut off mid-body in words', async () => {
    handlers.set('/cut', (req, res) => {
      res.writeHead(200, { 'content-type': 'application/feed+json', 'content-length': '10000' });
      res.write('{"version": "https://jsonfeed.org/version/1.1", "items": [');
      setTimeout(() => req.socket.destroy(), 20);
    });
    expect(await fetchFeed(`${base}/cut`)).toMatchObject({
      ok: false,
      error: { kind: 'network', message: expect.stringMatching(/^The download from 127\.0\.0\.1 broke off/) },
    });
  });

  it('reports a refused connection in words', async () => {
    expect(await fetchFeed('http://127.0.0.1:9/feed')).toMatchObject({
      ok: false,
      error: { kind: 'network', message: expect.stringMatching(/^Could not reach 127\.0\.0\.1/) },
    });
  });
});

describe('decodeBody', () => {
  it('honours a declared charset, then an XML declaration, then UTF-8', () => {
    const latin1 = Uint8Array.from([0x52, 0xf6, 0x62, 0x65, 0x6e]);
    expect(decodeBody(latin1, 'text/plain; charset=ISO-8859-1')).toBe('Röben');
    const xml = new TextEncoder().encode('<?xml version="1.0" encoding="windows-1251"?><a/>');
    expect(decodeBody(Uint8Array.from([...xml, 0xc0]), 'application/xml')).toMatch(/<a\/>А$/);
    expect(decodeBody(new TextEncoder().encode('Röben'), '')).toBe('Röben');
    expect(decodeBody(new TextEncoder().encode('ok'), 'text/plain; charset=bogus-label')).toBe('ok');
  });

  it('decodes windows-1252 (and its alias latin1) by the WHATWG table, typographic quotes included', () => {
    const bytes = Uint8Array.from([0x84, 0x53, 0x69, 0x63, 0x68, 0x65, 0x72, 0x93, 0x20, 0x96, 0x20, 0x80, 0x85, 0xe4]);
    expect(decodeBody(bytes, 'text/xml; charset=windows-1252')).toBe('„Sicher“ – €…ä');
    expect(decodeBody(bytes, 'text/xml; charset=latin1')).toBe('„Sicher“ – €…ä');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 12:01:00 GMT', Date.parse('2026-11-20T12:00:00Z'))).toBe(60_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
