/**
 * A record's value under `key`, by own property only. Feed ids are any word a backup or another browser names, and
 * `constructor`, `toString` or `__proto__` must find nothing in a record that does not hold them, not Object's.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A plain object (not null, not a list): what a JSON object reads as, before its fields are checked. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
