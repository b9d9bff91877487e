import { COMPOSED_SCREEN_KEY } from '../store/composedScreenKey';
import { readKeys } from '../store/readKeys';
import { keysOfNotice, LOCAL_CHANGES_KEY } from '../store/localChangeNotice';
import type { ScreenSource } from './firstScreen';

/**
 * The popup's first storage reads, started by a tiny classic script (entrypoints/popup-early-read.ts) that runs
 * before anything else of the page loads: the reads then overlap the loading and evaluation of the first screen's
 * script (entrypoints/popup-first-screen.ts) and of React. Raw values only: the pages validate them exactly as
 * they validate any read (lib/popup/composedScreen.ts, lib/popup/composeFirstScreen.ts, useFirstPaintValues,
 * useFeedStore). Three imports of a few lines (../store/readKeys.ts, ../store/composedScreenKey.ts,
 * ../store/localChangeNotice.ts): this must stay a couple of kilobytes (2.4 KB built).
 */

/**
 * The first-paint items, by their WXT keys (`area:key`): the digest page's `FIRST_PAINT_ITEMS`
 * (components/digest/useDigestModel.ts), kept in step (a test checks).
 */
export const EARLY_ITEM_KEYS = ['local:settings', 'local:topics', 'local:popupPrefs', 'session:lastChecked'] as const;

export type EarlyRead = {
  /** WXT key → raw stored value, for EARLY_ITEM_KEYS. */
  items: Promise<Record<string, unknown>>;
  /** The feeds' records and marks (`feed:<id>`, `marks:<id>`) for every feed id the stored settings name. */
  feeds: Promise<{ keys: ReadonlySet<string>; raw: Record<string, unknown> }>;
  /**
   * Starts the feeds' read where a composed first screen holds it back until it has painted: called once it has, and
   * by anything that needs the feeds first (idempotent).
   */
  releaseFeeds: () => void;
  /** Storage keys (`area:key`) that changed after the reads started: a value read early for one of them is stale. */
  changed: Set<string>;
  /**
   * The side panel only: whether "About this page" may follow every tab (the optional `tabs` permission). Without
   * it the panel's header offers to, on a line of its own: known before the first screen is drawn, so that line is
   * there from the first frame and the filters below it do not move when React takes over.
   */
  everyTabValue?: boolean;
  /** Set once the feeds' read was taken: later reads are fresh. */
  used?: boolean;
  /**
   * Set when the page's first screen was drawn before React loaded, from these values or from the composed screen the
   * store gave with them: React's first render then draws these values, changed keys or not (it reads those again at
   * once), so nothing on screen flips. (A composed screen is what these values compose to, unless a write landed
   * between its read and the feeds' read: React then draws that change at once.)
   */
  drawn?: boolean;
  /** Where that first screen came from. */
  drawnFrom?: ScreenSource;
  /**
   * The first screen as the background keeps it composed (`local:composedScreen`, lib/popup/composedScreen.ts), raw:
   * read with the settings, and drawn when it is usable, without waiting for the feeds.
   */
  composedValue?: unknown;
  /** The items (and the composed screen, and in the side panel `everyTabValue`), once they have answered or failed. */
  itemsSettled: Promise<void>;
  /** Both reads, once each has answered or failed: React takes a drawn screen over then (startDigestPage). */
  settled: Promise<void>;
  /** What `items` and `feeds` resolved to, once they have: readable synchronously by the first render. */
  itemsValue?: Record<string, unknown>;
  feedsValue?: { keys: ReadonlySet<string>; raw: Record<string, unknown> };
};

type StorageArea = { get(keys: string[]): Promise<Record<string, unknown>> };
type ExtensionApi = {
  permissions?: { contains(wanted: { permissions: string[] }): Promise<boolean> };
  storage: {
    local: StorageArea;
    session?: StorageArea & {
      onChanged?: { addListener(cb: (changes: Record<string, { newValue?: unknown }>) => void): void };
    };
  };
};

/** Where the page keeps its early reads (a global: the early script and the page's modules are separate scripts). */
export const GLOBAL_NAME = '__aiSafetyBriefEarlyRead';

/** The storage keys of these feeds' records and marks, in the order the settings list the feeds. */
function feedKeysOf(ids: string[]): string[] {
  return ids.flatMap((id) => [`feed:${id}`, `marks:${id}`]);
}

/** The feed ids a raw stored settings value names (the page validates the settings; this only says what to read). */
function feedIdsOf(settings: unknown): string[] {
  const list = (settings as { feeds?: unknown } | undefined)?.feeds;
  return Array.isArray(list)
    ? list.map((feed) => (feed as { id?: unknown } | null)?.id).filter((id) => typeof id === 'string')
    : [];
}

/** Which digest page this is: the popup and the side panel load the same early script. */
export type EarlySurface = 'popup' | 'sidepanel';

const surfaceOfPage = (): EarlySurface =>
  globalThis.location?.pathname.endsWith('/sidepanel.html') ? 'sidepanel' : 'popup';

/** Starts the reads and leaves them where the popup's modules find them (`takeEarlyRead`). */
export function startEarlyRead(surface: EarlySurface = surfaceOfPage()): void {
  const g = globalThis as unknown as { browser?: ExtensionApi; chrome?: ExtensionApi } & Record<string, unknown>;
  // Firefox's `browser` and Chrome MV3's `chrome` both answer storage reads with promises.
  const api = g.browser?.storage ? g.browser : g.chrome;
  if (!api?.storage?.local) return;
  const changed = new Set<string>();
  // The session area's changes, and the local keys its write notices name (lib/store/localChanges.ts): the local
  // area's own change event would bring this page every value a sync writes.
  api.storage.session?.onChanged?.addListener((changes) => {
    for (const key of Object.keys(changes)) changed.add(`session:${key}`);
    for (const key of keysOfNotice(changes[LOCAL_CHANGES_KEY]?.newValue)) changed.add(`local:${key}`);
  });
  const small = api.storage.local.get(['settings', 'topics', 'popupPrefs', COMPOSED_SCREEN_KEY]);
  const session = api.storage.session
    ? api.storage.session.get(['lastChecked'])
    : Promise.resolve({} as Record<string, unknown>);
  const items = Promise.all([small, session]).then(([l, s]) => ({
    'local:settings': l.settings,
    'local:topics': l.topics,
    'local:popupPrefs': l.popupPrefs,
    'session:lastChecked': s.lastChecked,
  }));
  // The feeds' records and marks, once the settings have named them. Beside a composed first screen, only once it
  // has painted (`releaseFeeds`): a read's values are handed to the page's main thread as they arrive, and forty
  // feeds' (410 KB) held the composed screen's first frame back by 40 ms. The feeds' keys go in small reads side by
  // side (lib/store/readKeys.ts): as one read, forty feeds' took twice as long.
  // Released synchronously: the reads go out before whatever the releaser does next (the "seen" message).
  type FeedsRead = { keys: ReadonlySet<string>; raw: Record<string, unknown> };
  let released = false;
  let readHeldFeeds: (() => void) | undefined;
  const releaseFeeds = () => {
    released = true;
    readHeldFeeds?.();
    readHeldFeeds = undefined;
  };
  const feeds = small.then((first): Promise<FeedsRead> => {
    const keys = feedKeysOf(feedIdsOf(first.settings));
    const read = () => readKeys(api.storage.local, keys).then((raw) => ({ keys: new Set(keys), raw }));
    const composed = first[COMPOSED_SCREEN_KEY];
    if (released || typeof composed !== 'object' || composed === null) return read();
    return new Promise((resolve, reject) => (readHeldFeeds = () => void read().then(resolve, reject)));
  });
  // One more round trip, in parallel with the reads, and only where its answer is drawn.
  const everyTab =
    surface === 'sidepanel' && api.permissions
      ? api.permissions.contains({ permissions: ['tabs'] })
      : Promise.resolve(undefined);
  const early: EarlyRead = {
    items,
    feeds,
    releaseFeeds,
    changed,
    itemsSettled: Promise.resolve(),
    settled: Promise.resolve(),
  };
  // A failed early read is no loss: the page reads again the ordinary way.
  early.itemsSettled = Promise.all([
    items.then((value) => void (early.itemsValue = value)).catch(() => {}),
    small.then((value) => void (early.composedValue = value[COMPOSED_SCREEN_KEY])).catch(() => {}),
    everyTab.then((value) => void (early.everyTabValue = value)).catch(() => {}),
  ]).then(() => {});
  early.settled = Promise.all([
    early.itemsSettled,
    feeds.then((value) => void (early.feedsValue = value)).catch(() => {}),
  ]).then(() => {});
  g[GLOBAL_NAME] = early;
}

/**
 * Whether React's first render may take the early value of `key` (`area:key`): unchanged since the read, or drawn
 * already by the plain first screen (React then draws the same, and reads the change itself).
 */
export function earlyValueUsable(early: EarlyRead, key: string): boolean {
  return early.drawn === true || !early.changed.has(key);
}

/** The early reads, if the early script ran in this page. */
export function takeEarlyRead(): EarlyRead | undefined {
  return (globalThis as unknown as Record<string, EarlyRead | undefined>)[GLOBAL_NAME];
}
