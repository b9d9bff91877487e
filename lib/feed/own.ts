/**
 * A record's value under `key`, by own property only. Feed ids are any word a backup or another browser names, and
 * `constructor`, `toString` or `__proto__` must find nothing in a record that does not hold them, not Object's.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
