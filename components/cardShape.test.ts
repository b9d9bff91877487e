import { describe, expect, it } from 'vitest';
import { cardIds } from './cardShape';

describe('cardIds', () => {
  it('gives each post ids of its own, made of characters an id may hold', () => {
    // Post ids are often addresses, which differ by punctuation alone.
    const keys = [
      'f https://x.test/a?b',
      'f https://x.test/a/b',
      'f https://x.test/a_b',
      'f https://x.test/a b',
      'f a-b',
    ];
    const ids = keys.map((key) => cardIds(key).titleId);
    expect(new Set(ids).size).toBe(keys.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('gives the same post other ids in "About this page" than in the list', () => {
    expect(cardIds('f p1', 'about').titleId).not.toBe(cardIds('f p1').titleId);
    expect(cardIds('f p1', 'about').summaryId).not.toBe(cardIds('f p1').summaryId);
  });
});
