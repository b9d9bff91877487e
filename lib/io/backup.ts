import { z } from 'zod/mini';
import { FeedConfigSchema, SettingsSchema, type FeedConfig, type Settings } from '../store/settings';
import { t, uiLocale } from '../i18n/t';
import { withoutCredentials } from '../feed/url';
import { MAX_IMPORTED_FEEDS } from './limits';

// A JSON backup of what the reader chose (settings) and did (read state): for moving browsers or starting over.
// The article cache is not in it: it comes back from the feeds.

/**
 * Read marks in a backup, by post key ("feedId articleId"): portable, unlike the arrival numbers the store keeps
 * (they are this browser's own). `before`: per feed, posts published before it count as seen and read.
 */
export const ReadStateSchema = z.object({
  seen: z.array(z.string()),
  read: z.array(z.string()),
  before: z.optional(z.record(z.string(), z.number())),
  unread: z.optional(z.array(z.string())),
});
export type ReadState = z.infer<typeof ReadStateSchema>;

export const BACKUP_FORMAT = 'ai-safety-brief-backup';
export const BackupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  settings: SettingsSchema,
  readState: ReadStateSchema,
});
export type Backup = z.infer<typeof BackupSchema>;

export function createBackup(settings: Settings, readState: ReadState, now = new Date()): string {
  const backup: Backup = { format: BACKUP_FORMAT, version: 1, exportedAt: now.toISOString(), settings, readState };
  return JSON.stringify(backup, null, 2);
}

/** A backup as read: its feed list is checked entry by entry below, the rest of it as a whole. */
const BackupFileSchema = z.object({
  ...BackupSchema.shape,
  settings: z.object({ ...SettingsSchema.shape, feeds: z.array(z.unknown()) }),
});

/** A feed entry a backup brought that was left out, and why (its address, when it has one, names it). */
export type LeftOutFeed = { name: string; reason: string };

/**
 * A backup file's contents, validated, or what is wrong with it in words. Each feed entry is checked on its own: a
 * malformed one (an address that is not http(s), say) is left out alone, and said why; anything else malformed
 * refuses the whole file, as does a list longer than MAX_IMPORTED_FEEDS.
 */
export function readBackup(
  text: string,
): { ok: true; backup: Backup; leftOut: LeftOutFeed[] } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: t('err_backupNotJson') };
  }
  if (!json || typeof json !== 'object' || (json as { format?: unknown }).format !== BACKUP_FORMAT) {
    return { ok: false, message: t('err_backupForeign') };
  }
  const feedCount = (json as { settings?: { feeds?: unknown } }).settings?.feeds;
  if (Array.isArray(feedCount) && feedCount.length > MAX_IMPORTED_FEEDS)
    return {
      ok: false,
      message: t(
        'err_tooManyFeeds',
        feedCount.length.toLocaleString(uiLocale()),
        MAX_IMPORTED_FEEDS.toLocaleString(uiLocale()),
      ),
    };
  const parsed = BackupFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: t('err_backupDamaged', issue?.path.join('.') || '—', issue?.message ?? 'is invalid') };
  }
  const feeds: FeedConfig[] = [];
  const leftOut: LeftOutFeed[] = [];
  const ids = new Set<string>();
  for (const entry of parsed.data.settings.feeds) {
    const feed = FeedConfigSchema.safeParse(entry);
    if (feed.success && !ids.has(feed.data.id)) {
      ids.add(feed.data.id);
      feeds.push(feed.data);
    } else leftOut.push({ name: entryName(entry), reason: feed.error?.issues[0]?.message ?? 'the same feed twice' });
  }
  return { ok: true, backup: { ...parsed.data, settings: { ...parsed.data.settings, feeds } }, leftOut };
}

/** A left-out entry's name for the reader: its address (cut short), else its place in the list. */
function entryName(entry: unknown): string {
  const url = (entry as { url?: unknown } | null)?.url;
  if (typeof url !== 'string' || !url) return '?';
  const shown = withoutCredentials(url);
  return shown.length > 60 ? `${shown.slice(0, 59)}…` : shown;
}
