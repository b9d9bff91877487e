import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AttachmentSchema } from '../feed/article';
import { EARLIEST_DATE, LATEST_DATE } from '../feed/dates';
import { MAX_SEQ, StoredArticleSchema } from './feedStore';
import { readStoredPost } from './storedPost';

// The hand-written check of a stored post (./storedPost.ts) must answer as the schema does, for whatever storage
// holds: the same posts accepted, the same value for each (a deep and strict equal, keys in the same order), and the
// same posts rejected. Generated posts are mostly well-formed, with any field at times of another type, absent,
// undefined, or out of range, and with keys the schema does not know.

/** Anything a field might hold instead of what it should. */
const stray = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(undefined))),
  fc.dictionary(fc.string(), fc.string()),
);
const field = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: stray });
const date = fc.oneof(
  fc.integer({ min: EARLIEST_DATE - 2, max: LATEST_DATE + 2 }),
  fc.constantFrom(EARLIEST_DATE, LATEST_DATE, 1.5, Number.NaN, Infinity, -0),
);
const attachment = fc.record(
  {
    url: field(fc.string()),
    mimeType: field(fc.string()),
    title: field(fc.string()),
    sizeInBytes: field(fc.oneof(fc.double(), fc.integer())),
    durationInSeconds: field(fc.oneof(fc.double(), fc.integer())),
    unknown: stray,
  },
  { requiredKeys: [] },
);
const post = fc.record(
  {
    id: field(fc.string()),
    title: field(fc.string()),
    summary: field(fc.string()),
    url: field(fc.webUrl()),
    sourceUrl: field(fc.webUrl()),
    sourceDomain: field(fc.domain()),
    tags: field(fc.array(fc.string(), { maxLength: 4 })),
    tagTerms: field(fc.array(fc.string(), { maxLength: 3 })),
    publishedAt: field(date),
    modifiedAt: field(date),
    authors: field(fc.array(fc.string(), { maxLength: 3 })),
    imageUrl: field(fc.webUrl()),
    attachments: field(fc.array(attachment, { maxLength: 2 })),
    seq: field(fc.oneof(fc.integer({ min: -2, max: MAX_SEQ + 2 }), fc.constantFrom(MAX_SEQ, 0, 2.5, -0))),
    unknown: stray,
  },
  { requiredKeys: ['id', 'title', 'summary', 'tags', 'authors', 'seq'] },
);
/** Posts with every key at times absent: the required ones too. */
const anyPost = fc.oneof({ weight: 4, arbitrary: post }, { weight: 1, arbitrary: fc.anything() });

function sameAnswer(raw: unknown) {
  const schema = StoredArticleSchema.safeParse(raw);
  const mine = readStoredPost(raw);
  expect(mine !== undefined, JSON.stringify(raw)).toBe(schema.success);
  if (!schema.success) return;
  expect(mine).toStrictEqual(schema.data);
  expect(Object.keys(mine!)).toEqual(Object.keys(schema.data));
  expect(mine!.attachments?.map((a) => Object.keys(a))).toEqual(schema.data.attachments?.map((a) => Object.keys(a)));
  // A copy, as the schema's is: a later change to what was read does not reach it.
  expect(mine).not.toBe(raw);
}

describe('a stored post checked by hand', () => {
  it('knows every field the schema has: a field added to the schema must be added to the hand check and here', () => {
    // The hand check and the generators below name the fields one by one. A field the schema gained would be
    // stripped by the hand check (optional) or not required by it (required), and no generated post would hold it.
    expect(Object.keys(StoredArticleSchema.shape)).toEqual([
      'id',
      'title',
      'summary',
      'url',
      'sourceUrl',
      'sourceDomain',
      'tags',
      'tagTerms',
      'publishedAt',
      'modifiedAt',
      'authors',
      'imageUrl',
      'attachments',
      'seq',
    ]);
    expect(Object.keys(AttachmentSchema.shape)).toEqual([
      'url',
      'mimeType',
      'title',
      'sizeInBytes',
      'durationInSeconds',
    ]);
  });

  it('answers as StoredArticleSchema does, for well-formed, damaged and stray values', () => {
    fc.assert(fc.property(anyPost, sameAnswer), { numRuns: 5000 });
  });

  it('answers as the schema does for lists with holes, inherited fields and optional keys set to undefined', () => {
    const base = { id: 'a', title: 't', summary: 's', tags: ['x'], authors: ['me'], seq: 3 };
    // eslint-disable-next-line no-sparse-arrays
    sameAnswer({ ...base, tags: ['a', , 'b'] });
    sameAnswer({ ...base, url: undefined, attachments: undefined, tagTerms: undefined });
    sameAnswer({ ...base, attachments: [{ url: 'https://a.test/x.mp3', sizeInBytes: undefined }] });
    sameAnswer(Object.assign(Object.create({ title: 'inherited' }), { ...base, title: undefined }));
    sameAnswer(Object.assign(Object.create({ url: 'https://a.test/' }), base));
    sameAnswer([base]);
  });
});
