import { serialized } from '../store/serialize';
import { settingsItem } from '../store/settings';
import { refreshBadge } from './badge';
import { rebuildIndexEntries } from './commit';

/** The rules last applied to the store's index in this worker (JSON); undefined after a restart. */
let applied: string | undefined;

/**
 * The reader's rules changed (here, or in another browser through sync): every feed's unseen count is recounted
 * from the posts already stored, nothing is fetched, and the badge follows. Unmuting brings the posts back the same
 * way. Skipped when the rules are the ones last applied.
 */
export async function applyRules(): Promise<void> {
  const settings = await settingsItem.get();
  const json = JSON.stringify(settings.rules ?? []);
  if (json === applied) return;
  await serialized(() => rebuildIndexEntries(settings.feeds.map((feed) => feed.id)));
  applied = json;
  await refreshBadge();
}
