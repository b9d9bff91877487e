import type { StorageItemKey } from 'wxt/utils/storage';
import type { z } from 'zod/mini';

/**
 * A stored value as it reads: validated by its schema, or its fallback when there is none or it does not fit
 * (logged, never thrown). No storage access here on purpose: the popup's first-screen script validates what its early
 * read found with these alone, and so leaves WXT's storage module out of the script on the path to the first card.
 * The items that read, write and watch (./validatedItem.ts) are built on them.
 */
export type StoredValue<T> = {
  key: StorageItemKey;
  schema: z.ZodMiniType<T>;
  fallback: () => T;
  /** A raw stored value → the validated value (or the fallback). */
  parse(raw: unknown): T;
};

export function storedValue<T>(
  key: StorageItemKey,
  schema: z.ZodMiniType<T>,
  fallback: () => NoInfer<T>,
): StoredValue<T> {
  return {
    key,
    schema,
    fallback,
    parse(raw) {
      if (raw === null || raw === undefined) return fallback();
      const result = schema.safeParse(raw);
      if (result.success) return result.data;
      console.warn(`AI Safety Brief: stored ${key} does not match its schema; using defaults.`, result.error.issues);
      return fallback();
    },
  };
}
