import { browser } from 'wxt/browser';
import { serialized } from '../store/serialize';
import { settingsItem } from '../store/settings';
import { INDEX_KEY, readIndex } from '../store/storeIndex';
import { refreshBadge } from './badge';
import { readSnapshot, rebuildIndexEntries } from './commit';

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
  await serialized(async () => {
    await rebuildIndexEntries(settings.feeds.map((feed) => feed.id));
    await dropHiddenAnnouncements();
  });
  applied = json;
  await refreshBadge();
}

/** Posts waiting to be announced that the rules now hide are not announced. Call inside `serialized`. */
async function dropHiddenAnnouncements(): Promise<void> {
  const index = await readIndex();
  if (!index.pending.length) return;
  const hidden = new Set<string>();
  for (const feedId of new Set(index.pending.map((post) => post.feedId))) {
    const { view, hides } = await readSnapshot(feedId);
    for (const post of view?.articles ?? []) if (hides(post)) hidden.add(`${feedId} ${post.id}`);
  }
  const pending = index.pending.filter((post) => !hidden.has(`${post.feedId} ${post.id}`));
  if (pending.length !== index.pending.length) await browser.storage.local.set({ [INDEX_KEY]: { ...index, pending } });
}
