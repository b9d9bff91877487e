import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { StoredArticleSchema } from './feedStore';
import { reasonOf } from './quarantine';

describe('why a record was dropped', () => {
  it('says where in the record and what was wrong, with zod’s English messages (the background)', () => {
    const parsed = StoredArticleSchema.safeParse({
      id: 'a',
      title: 't',
      summary: 's',
      tags: [],
      authors: [],
      seq: 'x',
    });
    expect(reasonOf(parsed.error, 'invalid post')).toBe('seq: Invalid input: expected number, received string');
  });

  it('names the expected type where zod has no messages (pages load none)', () => {
    const issue = { code: 'invalid_type', expected: 'number', path: ['head', 0, 'seq'], message: 'Invalid input' };
    expect(reasonOf({ issues: [issue as z.core.$ZodIssue] }, 'invalid post')).toBe(
      'head.0.seq: Invalid input: expected number',
    );
    expect(reasonOf(undefined, 'invalid post')).toBe('invalid post');
  });
});
