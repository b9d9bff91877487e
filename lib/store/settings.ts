import { z } from 'zod';
import { browser } from 'wxt/browser';
import { withoutCredentials } from '../feed/url';
import { defineValidatedItem, type ValidatedItem } from './validatedItem';

export const DEMO_FEED_ID = 'demo';
/** The bundled demo feed, a path inside the extension (see `public/demo-feed.json`). */
export const DEMO_FEED_PATH = '/demo-feed.json' as const;

export const FeedConfigSchema = z.object({
  id: z.string().min(1),
  /**
   * An http(s) URL, or for the demo feed the path of the bundled file. Never with a user name or password: they are
   * dropped on every read, so one from a backup, another browser (storage.sync) or an older version is never shown,
   * sent or mirrored.
   */
  url: z.string().min(1).transform(withoutCredentials),
  /** The feed's own title, remembered from its last good fetch (shown before the cache loads). */
  title: z.string().optional(),
  /** The reader's name for the feed (rename); shown instead of `title` when set. */
  name: z.string().max(200).optional(),
  /** Paused feeds keep their posts but are not fetched until resumed. */
  paused: z.boolean().optional(),
  /** This feed's own check interval in minutes; absent: the extension's (`Settings.pollMinutes`). */
  pollMinutes: z.number().int().min(5).max(1440).optional(),
  addedAt: z.number(),
  demo: z.boolean().optional(),
});
export type FeedConfig = z.infer<typeof FeedConfigSchema>;

/** What a feed is called on screen: the reader's name for it, else its own title, else its address. */
export function feedDisplayName(feed: FeedConfig, fetchedTitle?: string): string {
  return feed.name?.trim() || feed.title || fetchedTitle || feed.url;
}

export const POLL_MINUTES_CHOICES = [15, 30, 60, 180, 360, 720, 1440] as const;
export const DEFAULT_POLL_MINUTES = 60;

export const QuietHoursSchema = z.object({
  /** Minutes after midnight, local time; `start` after `end` spans midnight (22:00–07:00). */
  start: z.number().int().min(0).max(1439),
  end: z.number().int().min(0).max(1439),
});
export type QuietHours = z.infer<typeof QuietHoursSchema>;

export const NotificationSettingsSchema = z.object({
  enabled: z.boolean(),
  quietHours: QuietHoursSchema.nullable(),
});
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

export const SettingsSchema = z.object({
  /** In the reader's order (reorder in options). */
  feeds: z.array(FeedConfigSchema),
  pollMinutes: z.number().int().min(5).max(1440),
  notifications: NotificationSettingsSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export function demoFeedConfig(now = Date.now()): FeedConfig {
  return { id: DEMO_FEED_ID, url: DEMO_FEED_PATH, title: 'AI Safety Brief (demo)', addedAt: now, demo: true };
}

export const DEFAULT_NOTIFICATIONS: NotificationSettings = { enabled: false, quietHours: null };

export function defaultSettings(): Settings {
  return { feeds: [demoFeedConfig(0)], pollMinutes: DEFAULT_POLL_MINUTES, notifications: { ...DEFAULT_NOTIFICATIONS } };
}

/**
 * Stored shapes:
 * - v1: `{ feeds, pollMinutes }`.
 * - v2: adds `notifications` (off, no quiet hours) and, per feed, optional `name` and `paused`; a feed's optional
 *   `pollMinutes` is a later addition that v2 data satisfies as it is.
 */
export const SETTINGS_VERSION = 2;
export function migrateSettingsV1toV2(old: unknown): unknown {
  if (!old || typeof old !== 'object' || Array.isArray(old)) return old;
  return { ...(old as object), notifications: { ...DEFAULT_NOTIFICATIONS } };
}
const settingsOptions = { fallback: defaultSettings, version: SETTINGS_VERSION, migrations: { 2: migrateSettingsV1toV2 } };

/**
 * Settings live in `storage.local` (this browser's copy, always written) and are mirrored to `storage.sync`, so
 * the reader's other browsers get the same feeds and choices. The article cache and read state never go to sync.
 */
export const localSettingsItem = defineValidatedItem('local:settings', SettingsSchema, settingsOptions);
export const syncedSettingsItem = defineValidatedItem('sync:settings', SettingsSchema, settingsOptions);

/** storage.sync allows 8,192 bytes per item; bigger feed lists stay on this machine only. */
export const SYNC_ITEM_LIMIT_BYTES = 8192;

export const settingsItem: ValidatedItem<Settings> = {
  key: localSettingsItem.key,
  get fallback() {
    return defaultSettings();
  },
  async get() {
    // A fresh install on another browser: start from what the reader's synced browsers saved.
    if ((await browser.storage.local.get('settings')).settings === undefined) {
      const synced = await readSynced();
      if (synced) {
        await localSettingsItem.set(synced);
        return synced;
      }
    }
    return localSettingsItem.get();
  },
  async set(value) {
    await localSettingsItem.set(value);
    await mirrorToSync(value);
  },
  watch: (callback) => localSettingsItem.watch(callback),
  parse: (raw) => localSettingsItem.parse(raw),
};

async function readSynced(): Promise<Settings | undefined> {
  try {
    if ((await browser.storage.sync.get('settings')).settings === undefined) return undefined;
    return await syncedSettingsItem.get();
  } catch {
    return undefined; // No sync storage here (or it is switched off).
  }
}

/** JSON of the values this browser mirrored lately: their change events are echoes, not news from elsewhere. */
const ownSyncWrites: string[] = [];
const canonical = (value: Settings) => JSON.stringify(SettingsSchema.parse(value));

/** Copies settings to storage.sync; false when they are too big for it or sync is unavailable. */
export async function mirrorToSync(value: Settings): Promise<boolean> {
  if (!fitsInSync(value)) return false;
  ownSyncWrites.push(canonical(value));
  if (ownSyncWrites.length > 20) ownSyncWrites.shift();
  try {
    await syncedSettingsItem.set(value);
    return true;
  } catch {
    return false;
  }
}

export function fitsInSync(value: Settings): boolean {
  return new TextEncoder().encode(JSON.stringify(value)).length <= SYNC_ITEM_LIMIT_BYTES - 200;
}

/** Whether this browser's settings are the ones in storage.sync (for the options page to say so). */
export async function settingsAreSynced(value: Settings): Promise<boolean> {
  const synced = await readSynced();
  return !!synced && canonical(synced) === canonical(value);
}

/**
 * Another browser changed the synced settings: take them here (last writer wins). Called by the background on
 * `storage.onChanged` for the sync area; echoes of this browser's own writes are ignored.
 */
export async function adoptSyncedSettings(): Promise<boolean> {
  const synced = await readSynced();
  if (!synced) return false;
  const json = canonical(synced);
  if (ownSyncWrites.includes(json) || json === canonical(await localSettingsItem.get())) return false;
  await localSettingsItem.set(synced);
  return true;
}

/** A stable id for a feed URL, so re-adding the same feed (or importing it) keeps its read state. */
export function feedIdFor(url: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < url.length; i++) {
    hash ^= url.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `feed-${(hash >>> 0).toString(36)}`;
}
