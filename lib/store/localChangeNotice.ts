/**
 * The notice every write to `storage.local` leaves in `storage.session`: which keys it changed (./localChanges.ts).
 * A module of its own, importing nothing: the popup's early-read script reads notices too, and must stay small.
 */
export const LOCAL_CHANGES_KEY = 'localChanges';

/** One write's notice: `id` differs from every other notice's, so that each write is an event of its own. */
export type LocalChangeNotice = { id: string; keys: string[] };

/** The local keys a stored notice names (none for anything that is not a notice). */
export function keysOfNotice(value: unknown): string[] {
  const keys = (value as { keys?: unknown } | null | undefined)?.keys;
  return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : [];
}
