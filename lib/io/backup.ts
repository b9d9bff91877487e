import { z } from 'zod/mini';
import { SettingsSchema, type Settings } from '../store/settings';
import { t } from '../i18n/t';

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

/** A backup file's contents, validated in full, or what is wrong with it in words. */
export function readBackup(text: string): { ok: true; backup: Backup } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: t('err_backupNotJson') };
  }
  if (!json || typeof json !== 'object' || (json as { format?: unknown }).format !== BACKUP_FORMAT) {
    return { ok: false, message: t('err_backupForeign') };
  }
  const parsed = BackupSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: t('err_backupDamaged', issue?.path.join('.') || '—', issue?.message ?? 'is invalid') };
  }
  return { ok: true, backup: parsed.data };
}
