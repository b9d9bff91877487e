import { browser } from 'wxt/browser';
import type { DigestEntry } from '../digest/digest';
import { hash53 } from '../feed/hash';
import { readStoredPost } from '../store/storedPost';
import { COMPOSED_SCREEN_KEY } from '../store/composedScreenKey';
import type { PopupPrefs } from '../store/popupPrefs';
import type { EarlyRead } from './earlyRead';
import { isPlainObject as isObject } from '../feed/own';
import {
  basisOfItems,
  FIRST_SCREEN_CARDS,
  withPageFacts,
  type ComposedScreen,
  type FirstScreen,
  type PageFacts,
  type ScreenBasis,
} from './firstScreen';

// The popup's first screen as the background keeps it composed (`local:composedScreen`): what a popup opening draws
// from one small read, where it would otherwise wait for every followed feed's record and marks (80 keys and 410 KB at
// forty feeds) and compose them in a fresh page. A cache, never data: it is written only by the background
// (lib/popup/composeScreen.ts), from the stored values it is composed from, and it is usable only while they are
// unchanged:
//
// - every write of a feed's record or marks stores `false` here in the same call, and a removal just before it
//   (lib/store/feedWrites.ts), so no read can see new posts or marks beside a screen composed from the old ones;
// - the settings, topics and popup filters, which pages write too, are named by a hash (`basis`) that the popup
//   compares with the values it reads beside this one;
// - `build` and `format` name the extension's version and this shape: an update draws nothing from an older screen.
//
// Anything else (absent, `false`, another basis, a malformed value) and the popup composes its first screen itself,
// as before (./composeFirstScreen.ts).

/** This shape, and how it is composed: raised whenever either changes. */
export const COMPOSED_SCREEN_FORMAT = 1;

/** The build a screen is composed by, and drawn by: the extension's version. */
export function currentBuild(): string {
  return browser.runtime.getManifest().version;
}

/** As stored. */
type StoredComposedScreen = { format: number; build: string; basis: number; screen: ComposedScreen };

/** A hash of the settings, topics and popup filters a screen was composed from, as stored (raw values). */
function screenBasis(basis: ScreenBasis): number {
  return hash53(JSON.stringify([basis.settings ?? null, basis.topics ?? null, basis.popupPrefs ?? null]));
}

export function storedComposedScreen(screen: ComposedScreen, basis: ScreenBasis, build: string): StoredComposedScreen {
  return { format: COMPOSED_SCREEN_FORMAT, build, basis: screenBasis(basis), screen };
}

/**
 * The popup's first screen from the composed one its early read found (./earlyRead.ts), when that is usable and
 * nothing it depends on changed since the read; undefined otherwise (the page then composes its own,
 * ./composeFirstScreen.ts `firstScreenOf`).
 */
export function composedFirstScreenOf(early: EarlyRead, page: PageFacts): FirstScreen | undefined {
  const items = early.itemsValue;
  if (!items) return undefined;
  // A record's or marks' change sets the composed screen aside, so its key is among the changed ones then.
  if ([...early.changed].some((key) => key in items || key === `local:${COMPOSED_SCREEN_KEY}`)) return undefined;
  const composed = usableComposedScreen(early.composedValue, basisOfItems(items), currentBuild());
  const prefs = readPopupPrefs(items['local:popupPrefs']);
  const lastChecked = readLastChecked(items['session:lastChecked']);
  return composed && prefs && lastChecked && withPageFacts(composed, { prefs, lastChecked }, page);
}

/**
 * The popup's filters as stored, as `popupPrefsValue.parse` (lib/store/popupPrefs.ts) reads a well-formed value or
 * none; undefined for anything else (the page then composes its own screen, through the schema, which says what is
 * wrong). By hand: this module is drawn by the early script without the schemas (a test holds the two together).
 */
export function readPopupPrefs(raw: unknown): PopupPrefs | undefined {
  if (raw === undefined) return { unreadOnly: false, topicsOnly: null };
  if (!isObject(raw)) return undefined;
  const { tag, unreadOnly, topicsOnly } = raw;
  if (typeof unreadOnly !== 'boolean' || (topicsOnly !== null && typeof topicsOnly !== 'boolean')) return undefined;
  if (tag !== undefined && typeof tag !== 'string') return undefined;
  return 'tag' in raw ? { tag, unreadOnly, topicsOnly } : { unreadOnly, topicsOnly };
}

/** The session's check times as `lastCheckedValue.parse` (lib/sync/lastChecked.ts) reads them; see `readPopupPrefs`. */
export function readLastChecked(raw: unknown): Record<string, number> | undefined {
  if (raw === undefined) return {};
  return numbersBy(raw, (at) => Number.isFinite(at));
}

/**
 * The stored composed screen, when it may be drawn: composed by this build from these very settings, topics and
 * popup filters, and well-formed (checked field by field: storage is a boundary, even for our own cache).
 */
export function usableComposedScreen(raw: unknown, basis: ScreenBasis, build: string): ComposedScreen | undefined {
  if (!isObject(raw) || raw.format !== COMPOSED_SCREEN_FORMAT || raw.build !== build) return undefined;
  if (raw.basis !== screenBasis(basis)) return undefined;
  return readComposedScreen(raw.screen);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isAbsent = (o: Record<string, unknown>, key: string) => !(key in o) || o[key] === undefined;

/** A copy of a list of what `read` accepts, or undefined when any element is not one. */
function listOf<T>(v: unknown, read: (item: unknown) => T | undefined, max = Infinity): T[] | undefined {
  if (!Array.isArray(v) || v.length > max) return undefined;
  const out: T[] = [];
  for (let i = 0; i < v.length; i++) {
    const item = read(v[i]);
    if (item === undefined) return undefined;
    out.push(item);
  }
  return out;
}

const readString = (v: unknown) => (typeof v === 'string' ? v : undefined);

function readCheck(v: unknown): [string, number] | undefined {
  if (!Array.isArray(v) || v.length !== 2) return undefined;
  const [feedId, at] = v as unknown[];
  return typeof feedId === 'string' && typeof at === 'number' && Number.isFinite(at) ? [feedId, at] : undefined;
}

/** A listed entry: never one the rules hide (those are only counted, in `muted`). */
function readEntry(v: unknown): DigestEntry | undefined {
  if (!isObject(v) || !isAbsent(v, 'hiddenBy')) return undefined;
  const { key, feedId, feedTitle, read, seen, isNew } = v;
  if (typeof key !== 'string' || typeof feedId !== 'string' || typeof feedTitle !== 'string') return undefined;
  if (typeof read !== 'boolean' || typeof seen !== 'boolean' || typeof isNew !== 'boolean') return undefined;
  const article = readStoredPost(v.article);
  return article && { key, feedId, feedTitle, article, read, seen, isNew };
}

/**
 * A copy of a feed id → number record whose numbers all pass `ok`, or undefined. Own keys only, each defined as a key
 * of the copy (`Object.fromEntries`): a feed id may be any word, `__proto__` included.
 */
function numbersBy(v: unknown, ok: (n: number) => boolean): Record<string, number> | undefined {
  if (!isObject(v)) return undefined;
  const entries = Object.entries(v);
  const numbers = (e: [string, unknown]): e is [string, number] => typeof e[1] === 'number' && ok(e[1]);
  return entries.every(numbers) ? Object.fromEntries(entries) : undefined;
}

function readComposedScreen(v: unknown): ComposedScreen | undefined {
  if (!isObject(v)) return undefined;
  const { topicsOnly, unreadCount, count, total, muted, followsDemo } = v;
  if (typeof topicsOnly !== 'boolean' || typeof followsDemo !== 'boolean') return undefined;
  if (!isCount(unreadCount) || !isCount(count) || !isCount(muted)) return undefined;
  if (!isAbsent(v, 'total') && !isCount(total)) return undefined;
  const tags = listOf(v.tags, readString);
  const entries = listOf(v.entries, readEntry, FIRST_SCREEN_CARDS);
  const checks = listOf(v.checks, readCheck);
  const seenUpTo = isAbsent(v, 'seenUpTo') ? undefined : numbersBy(v.seenUpTo, isCount);
  if (!tags || !entries?.length || !checks || (!isAbsent(v, 'seenUpTo') && !seenUpTo)) return undefined;
  return {
    topicsOnly,
    tags,
    unreadCount,
    entries,
    count,
    total: total as number | undefined,
    muted,
    followsDemo,
    seenUpTo,
    checks,
  };
}
