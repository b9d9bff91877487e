import { adoptSyncedSettings, settingsItem } from '../store/settings';
import { applyRules } from './applyRules';
import { alarmMinutes, schedulePolling } from './polling';
import { catchUpReadState, receiveReadState } from './readStateSync';

// What the background does when another browser's changes arrive through `storage.sync` (its own onChanged event):
// here rather than in the entry point, so that the tests of a reader's week run the same steps the worker does.

/** One `storage.sync` change event: each changed item's new value (an item removed has none). */
export type SyncedChanges = Record<string, { newValue?: unknown }>;

/**
 * Takes settings and read state that changed in another browser: settings are adopted (a feed followed elsewhere
 * takes the read state that came before it, polling follows a new interval, and rules changed elsewhere recount the
 * badge from the posts stored here), and read-state items are merged. The two go side by side, as the event fires.
 */
export async function takeSyncedChanges(changes: SyncedChanges): Promise<void> {
  const readState = Object.fromEntries(Object.entries(changes).map(([key, change]) => [key, change.newValue]));
  await Promise.all([changes.settings ? takeSyncedSettings() : undefined, receiveReadState(readState)]);
}

async function takeSyncedSettings(): Promise<void> {
  if (!(await adoptSyncedSettings())) return;
  await catchUpReadState();
  await schedulePolling(alarmMinutes(await settingsItem.get()));
  await applyRules();
}
