import { storage, type StorageItemKey } from 'wxt/utils/storage';
import type { StoredValue } from './storedValue';
import { announceLocalChange, watchLocalKeys } from './localChanges';

export type ValidatedItem<T> = {
  key: StorageItemKey;
  /** The stored value, or the fallback when there is none or it fails its schema (logged, never thrown). */
  get(): Promise<T>;
  set(value: T): Promise<void>;
  /** Writes a value as it is, unvalidated: only to put back what was stored (see `updateSettings`). */
  setRaw(value: unknown): Promise<void>;
  watch(callback: (value: T) => void): () => void;
  /** A raw stored value → the validated value (or the fallback). */
  parse(raw: unknown): T;
  fallback: T;
};

/** What pages need of an item: read, validate, watch. */
export type ReadableItem<T> = Pick<ValidatedItem<T>, 'key' | 'get' | 'watch' | 'parse' | 'fallback'>;

export type Values<Items extends readonly ReadableItem<unknown>[]> = {
  [K in keyof Items]: Items[K] extends ReadableItem<infer T> ? T : never;
};

/**
 * Several items in one storage read (one round trip per storage area), for a page's first paint. Like `get`, each
 * value is validated; like pages' `get`, no migration runs here (the background runs them).
 */
export async function readTogether<const Items extends readonly ReadableItem<unknown>[]>(
  items: Items,
): Promise<Values<Items>> {
  const found = await storage.getItems(items.map((item) => item.key));
  const raw = new Map(found.map(({ key, value }) => [key, value]));
  return items.map((item) => item.parse(raw.get(item.key))) as Values<Items>;
}

/** The background service worker has no document; pages (popup, options) do. */
const inBackground = typeof document === 'undefined';

/**
 * A WXT storage item guarded by a zod schema (`value`, ./storedValue.ts). `version` and `migrations` are WXT's: bump
 * the version and add a migration (with a test from the previous shape) whenever the stored shape changes.
 *
 * Defining a WXT item reads its whole value at once (and runs its migrations), which for the article cache is
 * megabytes. So the item is defined on first use, and pages read and watch the raw key directly: migrations run
 * in the background, which owns the data and starts before any page after an update. Reads are validated either way.
 *
 * Marked free of side effects so that a script which imports a module for its stored value's `parse` alone (the
 * popup's first screen) leaves the module's unused items, and WXT's storage with them, out of its bundle.
 */
export /*#__NO_SIDE_EFFECTS__*/ function defineValidatedItem<T>(
  value: StoredValue<T>,
  options: { version: number; migrations?: Record<number, (old: unknown) => unknown> },
): ValidatedItem<T> {
  const { key, schema, parse } = value;
  let item: ReturnType<typeof storage.defineItem<unknown>> | undefined;
  const versioned = () =>
    (item ??= storage.defineItem<unknown>(key, {
      fallback: null,
      version: options.version,
      migrations: options.migrations,
    }));
  return {
    key,
    get fallback() {
      return value.fallback();
    },
    parse,
    get: async () => parse(inBackground ? await versioned().getValue() : await storage.getItem<unknown>(key)),
    set: (next) => setAnnounced(key, versioned(), schema.parse(next)),
    setRaw: (next) => setAnnounced(key, versioned(), next),
    watch: (callback) => watchItem(key, (raw) => callback(parse(raw))),
  };
}

/** The name of an item's key in its area (`local:settings` → `settings`), and whether that area is the local one. */
function localName(key: StorageItemKey): string | undefined {
  return key.startsWith('local:') ? key.slice('local:'.length) : undefined;
}

/** Writes an item's value, announcing it when it is a local one (./localChanges.ts). */
async function setAnnounced(key: StorageItemKey, item: { setValue(value: unknown): Promise<void> }, value: unknown) {
  await item.setValue(value);
  const name = localName(key);
  if (name) await announceLocalChange([name]);
}

/**
 * Calls `callback` with an item's raw value each time it changes. A local item is watched through the write notices
 * (./localChanges.ts), never through the local area's own change event, which would bring every local write's values.
 */
export function watchItem(key: StorageItemKey, callback: (raw: unknown) => void): () => void {
  const name = localName(key);
  if (!name) return storage.watch<unknown>(key, callback);
  const unwatch = watchLocalKeys(
    (changed) => changed === name,
    (values) => callback(values[name]),
  );
  return () => void unwatch();
}
