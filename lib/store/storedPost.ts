import { EARLIEST_DATE, LATEST_DATE } from '../feed/dates';
import type { Attachment } from '../feed/article';
import type { StoredArticle } from './feedStore';
import { isPlainObject as isObject } from '../feed/own';

// A stored post, checked by hand: the same answer as `StoredArticleSchema.safeParse` (./feedStore.ts), the same
// value on success (a copy, keys in the schema's order, unknown keys left out, an optional key written as undefined
// kept as undefined), without zod's per-field work. Every page reads posts this way: the popup's first screen, eight
// posts of each feed's record, and the archive after it, up to thousands. In Node, in a fresh process: 320 posts took
// 3.4-14.6 ms through the schema and about 1 ms by hand; 10,000 posts 53-63 ms and 17-39 ms. A post this rejects
// is checked by the schema again, which has the last word and gives the reason logged. A property test holds the
// two to the same answers (./storedPost.test.ts).

/** The highest arrival number a feed can reach (why: `MAX_SEQ` in ./feedStore.ts, which exports this). */
export const MAX_SEQ = 1e9;

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** A copy of a list of strings, or undefined when it is not one (a hole reads as undefined: not a string). */
function strings(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const copy = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    if (typeof item !== 'string') return undefined;
    copy[i] = item;
  }
  return copy;
}

/** Whether an object's optional `key` is absent, undefined or passes `ok`, as zod's `z.optional` reads it. */
function optionalOk(o: Record<string, unknown>, key: string, ok: (v: unknown) => boolean): boolean {
  return !(key in o) || o[key] === undefined || ok(o[key]);
}

/** Copies `key` into `out` as zod does: absent stays absent, present (undefined included) is written. */
function copyOptional(o: Record<string, unknown>, key: string, out: Record<string, unknown>): void {
  if (key in o) out[key] = o[key];
}

function attachment(v: unknown): Attachment | undefined {
  if (!isObject(v) || !isString(v.url)) return undefined;
  if (
    !optionalOk(v, 'mimeType', isString) ||
    !optionalOk(v, 'title', isString) ||
    !optionalOk(v, 'sizeInBytes', isFiniteNumber) ||
    !optionalOk(v, 'durationInSeconds', isFiniteNumber)
  )
    return undefined;
  const out: Record<string, unknown> = { url: v.url };
  copyOptional(v, 'mimeType', out);
  copyOptional(v, 'title', out);
  copyOptional(v, 'sizeInBytes', out);
  copyOptional(v, 'durationInSeconds', out);
  return out as Attachment;
}

/** A stored post, or undefined when it does not match `StoredArticleSchema`. */
export function readStoredPost(raw: unknown): StoredArticle | undefined {
  if (!isObject(raw) || !isString(raw.id) || !isString(raw.title) || !isString(raw.summary)) return undefined;
  const isDate = (v: unknown) => isInt(v, EARLIEST_DATE, LATEST_DATE);
  if (
    !optionalOk(raw, 'url', isString) ||
    !optionalOk(raw, 'sourceUrl', isString) ||
    !optionalOk(raw, 'sourceDomain', isString) ||
    !optionalOk(raw, 'publishedAt', isDate) ||
    !optionalOk(raw, 'modifiedAt', isDate) ||
    !optionalOk(raw, 'imageUrl', isString) ||
    !isInt(raw.seq, 0, MAX_SEQ)
  )
    return undefined;
  const tags = strings(raw.tags);
  const authors = strings(raw.authors);
  if (!tags || !authors) return undefined;
  const out: Record<string, unknown> = { id: raw.id, title: raw.title, summary: raw.summary };
  copyOptional(raw, 'url', out);
  copyOptional(raw, 'sourceUrl', out);
  copyOptional(raw, 'sourceDomain', out);
  out.tags = tags;
  if ('tagTerms' in raw && raw.tagTerms !== undefined) {
    const terms = strings(raw.tagTerms);
    if (!terms) return undefined;
    out.tagTerms = terms;
  } else copyOptional(raw, 'tagTerms', out);
  copyOptional(raw, 'publishedAt', out);
  copyOptional(raw, 'modifiedAt', out);
  out.authors = authors;
  copyOptional(raw, 'imageUrl', out);
  if ('attachments' in raw && raw.attachments !== undefined) {
    if (!Array.isArray(raw.attachments)) return undefined;
    const list = new Array<Attachment>(raw.attachments.length);
    for (let i = 0; i < list.length; i++) {
      const one = attachment(raw.attachments[i]);
      if (!one) return undefined;
      list[i] = one;
    }
    out.attachments = list;
  } else copyOptional(raw, 'attachments', out);
  out.seq = raw.seq;
  return out as StoredArticle;
}
