import { storage, type StorageItemKey } from 'wxt/utils/storage';
import type { z } from 'zod';

export type ValidatedItem<T> = {
  key: StorageItemKey;
  /** The stored value, or the fallback when there is none or it fails its schema (logged, never thrown). */
  get(): Promise<T>;
  set(value: T): Promise<void>;
  watch(callback: (value: T) => void): () => void;
  fallback: T;
};

/**
 * A WXT storage item guarded by a zod schema. `version` and `migrations` are WXT's: bump the version and add
 * a migration (with a test from the previous shape) whenever the stored shape changes.
 */
export function defineValidatedItem<T>(
  key: StorageItemKey,
  schema: z.ZodType<T>,
  options: { fallback: () => NoInfer<T>; version: number; migrations?: Record<number, (old: any) => any> },
): ValidatedItem<T> {
  const item = storage.defineItem<unknown>(key, {
    fallback: null,
    version: options.version,
    migrations: options.migrations,
  });
  const parse = (raw: unknown): T => {
    if (raw === null || raw === undefined) return options.fallback();
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    console.warn(`AI Safety Brief: stored ${key} does not match its schema; using defaults.`, result.error.issues);
    return options.fallback();
  };
  return {
    key,
    get fallback() {
      return options.fallback();
    },
    get: async () => parse(await item.getValue()),
    set: (value) => item.setValue(schema.parse(value)),
    watch: (callback) => item.watch((raw) => callback(parse(raw))),
  };
}
