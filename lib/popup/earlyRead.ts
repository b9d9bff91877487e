/**
 * The popup's first storage reads, started by a tiny classic script (entrypoints/popup-early-read.ts) that runs
 * before anything else of the page loads: the reads then overlap the loading and evaluation of the first screen's
 * script (entrypoints/popup-first-screen.ts) and of React. Raw values only: the pages validate them exactly as
 * they validate any read (lib/popup/firstScreen.ts, useFirstPaintValues, useFeedStore). No imports: this must stay
 * a few hundred bytes.
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
  storage: {
    local: StorageArea;
    session?: StorageArea;
    onChanged: { addListener(cb: (changes: Record<string, unknown>, area: string) => void): void };
  };
};

const GLOBAL_NAME = '__aiSafetyBriefEarlyRead';

/** Starts the reads and leaves them where the popup's modules find them (`takeEarlyRead`). */
export function startEarlyRead(): void {
  const g = globalThis as unknown as { browser?: ExtensionApi; chrome?: ExtensionApi } & Record<string, unknown>;
  // Firefox's `browser` and Chrome MV3's `chrome` both answer storage reads with promises.
  const api = g.browser?.storage ? g.browser : g.chrome;
  if (!api?.storage?.local) return;
  const changed = new Set<string>();
  api.storage.onChanged.addListener((changes, area) => {
    for (const key of Object.keys(changes)) changed.add(`${area}:${key}`);
  });
  const local = api.storage.local.get(['settings', 'topics', 'popupPrefs']);
  const session = api.storage.session
    ? api.storage.session.get(['lastChecked'])
    : Promise.resolve({} as Record<string, unknown>);
  const items = Promise.all([local, session]).then(([l, s]) => ({
    'local:settings': l.settings,
    'local:topics': l.topics,
    'local:popupPrefs': l.popupPrefs,
    'session:lastChecked': s.lastChecked,
  }));
  const feeds = local.then(async ({ settings }) => {
    const list = (settings as { feeds?: unknown } | undefined)?.feeds;
    const ids = Array.isArray(list)
      ? list.map((feed) => (feed as { id?: unknown } | null)?.id).filter((id) => typeof id === 'string')
      : [];
    const keys = ids.flatMap((id) => [`feed:${id}`, `marks:${id}`]);
    return { keys: new Set(keys), raw: keys.length ? await api.storage.local.get(keys) : {} };
  });
  const early: EarlyRead = { items, feeds, changed, settled: Promise.resolve() };
  // A failed early read is no loss: the page reads again the ordinary way.
  early.settled = Promise.all([
    items.then((value) => void (early.itemsValue = value)).catch(() => {}),
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
