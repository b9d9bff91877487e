import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../net/decodeBody';
import { parseFeed } from './parseFeed';

// Each fixture in tests/fixtures/feeds with a `<name>.expected.json` beside it: one class of real-world feed (see
// the file's `about`) and everything the reader must get from it, as the fetcher hands it over: bytes decoded by
// the declared charset, the byte-order mark or the XML declaration, then parsed as fetched at `fetchedAt`.
// Expected files were written from the parser's output and each value checked by hand; dates are ISO strings.

const DIR = new URL('../../tests/fixtures/feeds/', import.meta.url);

type Golden = {
  about: string;
  input: { fetchedUrl: string; contentType: string; fetchedAt: string };
  expected: unknown;
};

/** The result as the expected files write it: JSON (no undefined keys), dates as ISO strings. */
function comparable(result: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(result)) as {
    feed?: Record<string, unknown>;
    articles?: Record<string, unknown>[];
  };
  const iso = (value: unknown) => (typeof value === 'number' ? new Date(value).toISOString() : value);
  for (const article of copy.articles ?? []) {
    for (const key of ['publishedAt', 'modifiedAt']) if (key in article) article[key] = iso(article[key]);
  }
  if (copy.feed && 'updatedAt' in copy.feed) copy.feed.updatedAt = iso(copy.feed.updatedAt);
  return copy;
}

const goldens = readdirSync(DIR).filter((name) => name.endsWith('.expected.json'));

describe('fixture classes, each with its expected result', () => {
  it('has a fixture for every expected file', () => {
    expect(goldens.length).toBeGreaterThanOrEqual(19);
  });

  for (const goldenName of goldens) {
    const golden = JSON.parse(readFileSync(new URL(goldenName, DIR), 'utf8')) as Golden;
    const fixture = readdirSync(DIR).find(
      (name) => name !== goldenName && name.startsWith(goldenName.replace('.expected.json', '.')),
    )!;
    it(`${fixture}: ${golden.about}`, () => {
      const bytes = new Uint8Array(readFileSync(new URL(fixture, DIR)));
      const { fetchedUrl, contentType, fetchedAt } = golden.input;
      const result = parseFeed(decodeBody(bytes, contentType), {
        contentType,
        fetchedUrl,
        fetchedAt: Date.parse(fetchedAt),
      });
      expect(comparable(result)).toEqual(golden.expected);
    });
  }
});
