import { readKeys } from '../store/readKeys';

/**
 * The popup's first storage reads, started by a tiny classic script (entrypoints/popup-early-read.ts) that runs
 * before anything else of the page loads: the reads then overlap the loading and evaluation of the first screen's
 * script (entrypoints/popup-first-screen.ts) and of React. Raw values only: the pages validate them exactly as
 * they validate any read (lib/popup/firstScreen.ts, useFirstPaintValues, useFeedStore). One import, of a few lines
 * (../store/readKeys.ts): this must stay a couple of kilobytes (2.4 KB built).
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
   * Set when the page's first screen was drawn from these values before React loaded: React's first render then
   * draws the same values, changed keys or not (it reads those again at once), so nothing on screen flips.
   */
  drawn?: boolean;
  /** Both reads, once each has answered or failed: the popup mounts then, so its first render has the data. */
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
    session?: StorageArea;
    onChanged: { addListener(cb: (changes: Record<string, unknown>, area: string) => void): void };
  };
};

const GLOBAL_NAME = '__aiSafetyBriefEarlyRead';

/**
 * The page's `localStorage` key for the ids of the feeds the stored settings named at the last opening. A hint, never
 * data: it only says which keys to ask for with the settings, and the settings read with them decide what is used.
 */
export const FEED_IDS_HINT = 'aiSafetyBrief.earlyRead.feedIds';

/** The storage keys of these feeds' records and marks, in the order the settings list the feeds. */
function feedKeysOf(ids: string[]): string[] {
  return ids.flatMap((id) => [`feed:${id}`, `marks:${id}`]);
}

/** The hinted feed ids; none when there is no hint, or no `localStorage` (a worker, a blocked store). */
function readFeedIdsHint(): string[] {
  try {
    const ids: unknown = JSON.parse(globalThis.localStorage?.getItem(FEED_IDS_HINT) ?? '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function writeFeedIdsHint(ids: string[]): void {
  try {
    globalThis.localStorage?.setItem(FEED_IDS_HINT, JSON.stringify(ids));
  } catch {
    // No hint: the next opening reads the feeds after the settings, as without one.
  }
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
  api.storage.onChanged.addListener((changes, area) => {
    for (const key of Object.keys(changes)) changed.add(`${area}:${key}`);
  });
  // The feeds the last opening found, read beside the settings, not after them: with forty feeds, waiting for the
  // settings before asking for the feeds kept the first card waiting 22 ms after the page's body was parsed. Keys the
  // settings no longer name are read for nothing and ignored; feeds added since are read in a second round trip. The
  // feeds' keys go in small reads side by side (lib/store/readKeys.ts): as one read, forty feeds' took twice as long.
  const hinted = feedKeysOf(readFeedIdsHint());
  const local = Promise.all([
    api.storage.local.get(['settings', 'topics', 'popupPrefs']),
    readKeys(api.storage.local, hinted),
  ]).then(([items, feedValues]) => ({ ...feedValues, ...items }));
  const session = api.storage.session
    ? api.storage.session.get(['lastChecked'])
    : Promise.resolve({} as Record<string, unknown>);
  const items = Promise.all([local, session]).then(([l, s]) => ({
    'local:settings': l.settings,
    'local:topics': l.topics,
    'local:popupPrefs': l.popupPrefs,
    'session:lastChecked': s.lastChecked,
  }));
  const feeds = local.then(async (first) => {
    const list = (first.settings as { feeds?: unknown } | undefined)?.feeds;
    const ids = Array.isArray(list)
      ? list.map((feed) => (feed as { id?: unknown } | null)?.id).filter((id) => typeof id === 'string')
      : [];
    const keys = feedKeysOf(ids);
    if (keys.join('\n') !== hinted.join('\n')) writeFeedIdsHint(ids);
    const readAlready = new Set(hinted);
    const missing = keys.filter((key) => !readAlready.has(key));
    const rest = await readKeys(api.storage.local, missing);
    const raw: Record<string, unknown> = {};
    for (const key of keys) {
      const value = key in rest ? rest[key] : first[key];
      if (value !== undefined) raw[key] = value;
    }
    return { keys: new Set(keys), raw };
  });
  // One more round trip, in parallel with the reads, and only where its answer is drawn.
  const everyTab =
    surface === 'sidepanel' && api.permissions
      ? api.permissions.contains({ permissions: ['tabs'] })
      : Promise.resolve(undefined);
  const early: EarlyRead = { items, feeds, changed, settled: Promise.resolve() };
  // A failed early read is no loss: the page reads again the ordinary way.
  early.settled = Promise.all([
    items.then((value) => void (early.itemsValue = value)).catch(() => {}),
    feeds.then((value) => void (early.feedsValue = value)).catch(() => {}),
    everyTab.then((value) => void (early.everyTabValue = value)).catch(() => {}),
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
