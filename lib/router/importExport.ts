import { readBackup } from '../io/backup';
import { feedsFromOpml } from '../io/opml';
import type { PageHandlers } from '../messages';
import { feedIdFor, updateSettings, type FeedConfig } from '../store/settings';
import { refreshBadge } from '../sync/badge';
import { mergeBackupMarks } from '../sync/backupMarks';
import { applyRules } from '../sync/applyRules';
import { alarmMinutes, schedulePolling } from '../sync/polling';
import { syncFeeds, type SyncDeps } from '../sync/syncFeeds';

// Files in: an OPML feed list, a backup. (Files out are written by the options page itself, from what it reads.)

/** The import page requests. `deps` lets tests pass a fetch and a clock. */
export function importExportHandlers(deps: SyncDeps = {}): Pick<PageHandlers, 'importOpml' | 'importBackup'> {
  return {
    importOpml: ({ text }) => importOpml(text, (deps.now ?? Date.now)(), deps),
    importBackup: ({ text }) => importBackup(text, deps),
  };
}

/**
 * Fetches the feeds an import brought, after the answer: the page says what was imported at once, and each feed's
 * posts arrive as its fetch does (a few at a time, lib/sync/syncFeeds.ts), with its row in the options page. A
 * worker stopped on the way loses nothing: the feeds not yet checked are due at the next poll.
 */
function fetchInBackground(feedIds: string[] | undefined, deps: SyncDeps): void {
  const previous = importFetches;
  importFetches = syncFeeds({ feedIds, force: true }, deps)
    .then(() => refreshBadge())
    .catch((error) => console.warn('AI Safety Brief: could not fetch the imported feeds yet.', error))
    .then(() => previous);
}
let importFetches: Promise<void> = Promise.resolve();

/** Settles when the fetches of every import so far are done (for tests, which then read what they stored). */
export function importFetchesDone(): Promise<void> {
  return importFetches;
}

/** Adds an OPML file's feeds that are not followed yet (no fetch to validate each: they sync right after). */
export async function importOpml(text: string, now: number, deps: SyncDeps = {}) {
  const result = feedsFromOpml(text);
  if (!result.ok) return { ok: false as const, error: { message: result.message } };
  const added: FeedConfig[] = [];
  await updateSettings((settings) => {
    const followed = new Set(settings.feeds.map((feed) => feed.id));
    for (const { url, title } of result.feeds) {
      const id = feedIdFor(url);
      if (followed.has(id)) continue;
      followed.add(id);
      added.push({ id, url, title, addedAt: now });
    }
    return { ...settings, feeds: [...settings.feeds.filter((feed) => !(feed.demo && added.length)), ...added] };
  });
  if (added.length)
    fetchInBackground(
      added.map((feed) => feed.id),
      deps,
    );
  return { ok: true as const, added: added.length, skipped: result.skipped + result.feeds.length - added.length };
}

/** Restores a backup: its settings replace these, its read marks join these. A bad file changes nothing. */
export async function importBackup(text: string, deps: SyncDeps = {}) {
  const result = readBackup(text);
  if (!result.ok) return { ok: false as const, error: { message: result.message } };
  const { settings, readState } = result.backup;
  await updateSettings(() => settings);
  await mergeBackupMarks(readState);
  // The backup's rules apply to the posts already stored, as a rule added on the options page does.
  await applyRules();
  await schedulePolling(alarmMinutes(settings));
  await refreshBadge();
  fetchInBackground(undefined, deps);
  return {
    ok: true as const,
    feeds: settings.feeds.length,
    ...(result.leftOut.length ? { leftOut: result.leftOut } : {}),
  };
}
