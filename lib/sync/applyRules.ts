import { browser } from 'wxt/browser';
import { serialized } from '../store/serialize';
import { settingsItem } from '../store/settings';
import { INDEX_KEY, readIndex } from '../store/storeIndex';
import { refreshBadge } from './badge';
import { readSnapshot, rebuildIndexEntries } from './commit';
import { writeLocal } from '../store/localChanges';

/**
 * `local:rulesApplied`: the rules (as JSON) the store index's unseen counts were last recounted with. Kept in the store
 * beside the index, and read and written inside the same serialized step as the recount: a change that leaves the
 * rules as they were recounts nothing, and two quick changes cannot leave the index counted with the rules of the
 * first. It was a variable of the worker, checked before the step: add, remove and add a rule quickly, and the third
 * change found the first's rules "applied" while the second's recount ran, and was skipped.
 */
export const RULES_APPLIED_KEY = 'rulesApplied';
/** No rules: what an index without the key was counted with (every count before rules existed, a new store). */
const NO_RULES_JSON = '[]';

/**
 * The reader's rules changed (here, or in another browser through sync): every feed's unseen count is recounted
 * from the posts already stored, nothing is fetched, and the badge follows. Unmuting brings the posts back the same
 * way. Skipped when the index was last counted with these rules.
 */
export async function applyRules(): Promise<void> {
  const recounted = await serialized(async () => {
    const settings = await settingsItem.get();
    const json = JSON.stringify(settings.rules ?? []);
    const stored = (await browser.storage.local.get(RULES_APPLIED_KEY))[RULES_APPLIED_KEY];
    if (json === (typeof stored === 'string' ? stored : NO_RULES_JSON)) return false;
    await rebuildIndexEntries(settings.feeds.map((feed) => feed.id));
    await dropHiddenAnnouncements();
    await writeLocal({ [RULES_APPLIED_KEY]: json });
    return true;
  });
  if (recounted) await refreshBadge();
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
  if (pending.length !== index.pending.length) await writeLocal({ [INDEX_KEY]: { ...index, pending } });
}
