import { z } from 'zod/mini';
import { browser } from 'wxt/browser';
import { hash53 } from '../feed/hash';
import { StoredArticleSchema } from '../store/feedStore';
import { PopupPrefsSchema } from '../store/popupPrefs';
import { afterPaint } from './afterPaint';

/**
 * The popup's first screen as it was last worked out, kept in the page's `localStorage` beside the stored values it
 * was worked out from, as a fingerprint of those values: a later opening whose early read (./earlyRead.ts) finds the
 * very same values draws from it, and skips validating every feed's record and composing the digest of them (with
 * forty feeds, most of the time between the stored values arriving and the first card). Any other value (a post
 * read, a rule, a filter, a feed's new post or error, a feed added or removed) makes another fingerprint, and the
 * first screen is worked out afresh as before, then kept for the next opening.
 *
 * A cache, never data: only the first screen is drawn from it (React reads and validates every value again as it
 * loads), it is never synced, and a snapshot that fails its schema, of another version or for other values, is
 * ignored and replaced. `localStorage` because it is read synchronously, with no storage round trip of its own.
 */

/** Bump when what is kept, or how it is worked out (lib/popup/firstScreen.ts), changes: older snapshots are ignored. */
export const SNAPSHOT_VERSION = 1;
export const SNAPSHOT_KEY = 'aiSafetyBrief.firstScreen';

const CountSchema = z.int().check(z.nonnegative());

/** A first-screen card's entry (lib/digest/digest.ts `DigestEntry`, never a muted one). */
const EntrySchema = z.object({
  key: z.string(),
  feedId: z.string(),
  feedTitle: z.string(),
  article: StoredArticleSchema,
  read: z.boolean(),
  seen: z.boolean(),
  isNew: z.boolean(),
});

/** What the first screen shows that comes from storage alone: no clock, no page (lib/popup/firstScreen.ts). */
export const ScreenDataSchema = z.object({
  prefs: PopupPrefsSchema,
  topicsOnly: z.boolean(),
  tags: z.array(z.string()),
  unreadCount: CountSchema,
  /** The first screen's posts (at most FIRST_SCREEN_CARDS), newest first, and how many the list has. */
  entries: z.array(EntrySchema).check(z.maxLength(50)),
  count: CountSchema,
  total: z.optional(CountSchema),
  muted: CountSchema,
  followsDemo: z.boolean(),
  seenUpTo: z.optional(z.record(z.string(), CountSchema)),
  /** The last good check of any healthy feed (lib/digest/digestState.ts `lastGoodCheck`, before the clock caps it). */
  lastGood: z.number(),
});
export type ScreenData = z.infer<typeof ScreenDataSchema>;

const SnapshotSchema = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  fingerprint: z.string(),
  screen: ScreenDataSchema,
});

/**
 * A stored feed record (`feed:<id>`) as the fingerprint takes it: all of its meta, and its head posts by their ids and
 * arrival numbers only. The meta tells every change of the posts: a commit that changes any post sets `lastChangeAt`
 * (lib/sync/feedState.ts), and new posts move `seq`, `count` and `bytes`, the stamp the background's archive memo
 * trusts too (lib/sync/archiveMemo.ts). Taking the head posts whole would cost more than the snapshot saves: with
 * forty feeds, their JSON is 215 KB, and writing and hashing it took as long as validating it.
 */
export function recordStamp(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const { head, ...meta } = raw as { head?: unknown };
  const posts = Array.isArray(head)
    ? head.map((post: unknown) =>
        post && typeof post === 'object' ? [(post as { id?: unknown }).id, (post as { seq?: unknown }).seq] : post,
      )
    : head;
  return [meta, posts];
}

/**
 * The fingerprint of the stored values a first screen is worked out from: a 53-bit hash and the length of their JSON,
 * with `context` (the extension's version and the page's language, which the code and the tag order depend on). Two
 * reads of an unchanged store give the same JSON: storage hands back each value's keys in the order they were stored.
 */
export function fingerprintOf(values: unknown, context: string): string {
  const text = JSON.stringify([SNAPSHOT_VERSION, context, values]);
  return `${hash53(text).toString(36)}.${text.length.toString(36)}`;
}

/**
 * Where first screens worked out before are kept, by the fingerprint of the stored values they were worked out from
 * (lib/popup/firstScreen.ts `firstScreenOf`).
 */
export type ScreenKeeper = {
  find(fingerprint: string): ScreenData | undefined;
  keep(fingerprint: string, screen: ScreenData | undefined): void;
  /** What else the worked-out screen depends on: the code's version, the page's language. */
  context: string;
};

/**
 * The page's `localStorage` as a `ScreenKeeper`, for a page in this language: snapshots of another version of the
 * extension (whose code may work the first screen out otherwise) are never taken.
 */
export function snapshotKeeper(locale: string | undefined): ScreenKeeper {
  return { find: readSnapshot, keep: keepSnapshot, context: `${extensionVersion()} ${locale ?? ''}` };
}

function extensionVersion(): string {
  try {
    return browser.runtime.getManifest().version;
  } catch {
    // No manifest to ask (the unit tests' fake browser): the snapshot version alone tells.
    return '';
  }
}

/** The kept first screen for these values, if there is one and it is valid. */
export function readSnapshot(fingerprint: string): ScreenData | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(globalThis.localStorage?.getItem(SNAPSHOT_KEY) ?? 'null');
  } catch {
    return undefined;
  }
  if (raw === null || (raw as { fingerprint?: unknown }).fingerprint !== fingerprint) return undefined;
  const parsed = SnapshotSchema.safeParse(raw);
  if (parsed.success) return parsed.data.screen;
  // Not data anyone would miss: worked out again from the stored values, and replaced.
  console.warn('AI Safety Brief: the kept first screen does not match its schema; it is worked out again.');
  return undefined;
}

/**
 * Keeps the first screen worked out for these values, once the current frame has painted (nothing before the first
 * card that can wait). `undefined`: the values show no list of posts; any snapshot kept (with posts of feeds that may
 * be gone) is removed.
 */
export function keepSnapshot(fingerprint: string, screen: ScreenData | undefined): void {
  void afterPaint().then(() => {
    try {
      if (screen)
        globalThis.localStorage?.setItem(
          SNAPSHOT_KEY,
          JSON.stringify({ version: SNAPSHOT_VERSION, fingerprint, screen }),
        );
      else globalThis.localStorage?.removeItem(SNAPSHOT_KEY);
    } catch {
      // No room, or no localStorage: the next opening works the first screen out, as without a snapshot.
    }
  });
}
