import { migrateStore } from '../store/migrate';
import { serialized } from '../store/serialize';
import { feedsMissingFromIndex, rebuildIndexEntries } from './commit';

let ready: Promise<void> | undefined;

/**
 * Before the background touches the store: moves an older layout to the current one, and recounts index entries
 * that are missing (after that migration, or if the index was lost). Runs once per background life; every entry
 * point that reads or writes the store awaits it.
 */
export function prepareStore(): Promise<void> {
  ready ??= serialized(async () => {
    const migrated = await migrateStore();
    const missing = await feedsMissingFromIndex();
    await rebuildIndexEntries([...new Set([...migrated, ...missing])]);
  }).catch((error) => {
    ready = undefined;
    console.error('AI Safety Brief: could not prepare the store.', error);
  });
  return ready;
}

/** For tests: the next `prepareStore` runs again. */
export function resetPreparedStore(): void {
  ready = undefined;
}
