import { storage, type StorageItemKey } from 'wxt/utils/storage';
import type { StoredValue } from './storedValue';

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
    set: (next) => versioned().setValue(schema.parse(next)),
    setRaw: (next) => versioned().setValue(next),
    watch: (callback) => storage.watch<unknown>(key, (raw) => callback(parse(raw))),
  };
}
