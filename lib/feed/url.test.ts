import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { httpUrlParts, parseHttpUrl, resolveHttpUrl } from './url';

/** What the URL parser makes of `raw`: the reference the shortcut for canonical links must agree with. */
function parsed(raw: string, base?: string) {
  const url = parseHttpUrl(raw, base);
  return url && { href: url.href, hostname: url.hostname };
}

// Pieces that real and hostile links are made of, including each thing the parser rewrites: case, ports, user
// names, dot segments (plain and escaped), IDN and IP hosts, characters it escapes, back slashes, white space. Mostly
// the plain choice, so that many links are canonical but for one piece, and the shortcut is put to the test.
const mostly = <T>(usual: T, ...others: T[]) =>
  fc.oneof({ arbitrary: fc.constant(usual), weight: 3 * others.length }, fc.constantFrom(...others));
const scheme = mostly('https://', 'http://', 'HTTP://', 'Https://', 'ftp://', 'http:/', '//', '');
const label = fc.constantFrom(
  'www',
  'blog',
  'a',
  'x-y',
  'com',
  'xn--bcher-kva',
  'B\u00fccher',
  '1',
  '0x7f',
  '127',
  'ex_ample',
  '-a',
  '',
);
const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
const user = mostly('', 'user@', 'u:p@', 'reuters.com@');
const port = mostly('', ':80', ':443', ':8080', ':');
const segment = fc.constantFrom(
  'posts',
  '1',
  '.',
  '..',
  '%2e',
  '%2E%2e',
  '.well-known',
  'a b',
  'caf\u00e9',
  "it's",
  'x^y',
  '{z}',
  'a|b',
  'a\\b',
  '%41',
  '%zz',
  'q=1&r=2',
  '~u',
  '',
);
const path = fc.array(segment, { maxLength: 4 }).map((segments) => segments.map((s) => `/${s}`).join(''));
const tail = fc.constantFrom(
  '',
  '?',
  '?a=1&b=two',
  "?q='x'",
  '?a b',
  '#',
  '#top',
  '#a#b',
  '?x#y',
  '?%20',
  '#a b',
  '?next=/../x',
  '?/./',
  '#/../top',
  '?%2e%2e/',
);
const space = mostly('', ' ', '\t', '\n');
const link = fc.tuple(space, scheme, user, host, port, path, tail, space).map((parts) => parts.join(''));

describe('canonical links, resolved without a URL object', () => {
  it('come out exactly as the URL parser writes them, and anything else goes through the parser', () => {
    fc.assert(
      fc.property(link, fc.constantFrom(undefined, 'https://blog.test/feed/'), (raw, base) => {
        expect(httpUrlParts(raw, base)).toEqual(parsed(raw, base));
        expect(resolveHttpUrl(raw, base)).toBe(parsed(raw, base)?.href);
      }),
      { numRuns: 5000 },
    );
  });

  it('include the links feeds usually have', () => {
    for (const raw of [
      'https://www.reuters.com/technology/story-1/?utm_source=feed',
      'https://blog.example/posts/1',
      'http://a.b/c#d',
    ])
      expect(httpUrlParts(raw)).toEqual({ href: raw, hostname: new URL(raw).hostname });
  });
});
