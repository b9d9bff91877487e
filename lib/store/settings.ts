import { z } from 'zod/mini';
import { browser } from 'wxt/browser';
import { isWebAddress, withoutCredentials } from '../feed/url';
import { serialized } from './serialize';
import { storedValue } from './storedValue';
import { defineValidatedItem, watchItem, type ReadableItem } from './validatedItem';
import { fnv1a32 } from '../feed/hash';
import { RuleSchema, type Rule } from '../rules/rule';
import { readRules } from '../rules/parse';
import { writeLocal, removeLocal } from './localChanges';

// Over 200 lines on purpose: the settings' schema, record-by-record reading, the one writer and its mirror to
// storage.sync live together, because the loss rules (never write defaults, never mirror a loss) span all four.

export const DEMO_FEED_ID = 'demo';
/** The bundled demo feed, a path inside the extension (see `public/demo-feed.json`). */
export const DEMO_FEED_PATH = '/demo-feed.json' as const;

/** Why a feed entry whose address is not a web address is refused (logged, and shown where a file brought it). */
export const ONLY_WEB_ADDRESSES = 'not an http:// or https:// address';

/** A check interval in minutes: five minutes to a day. */
export const PollMinutesSchema = z.int().check(z.minimum(5), z.maximum(1440));

export const FeedConfigSchema = z.object({
  id: z.string().check(z.minLength(1)),
  /**
   * An http(s) URL, or for the demo feed the path of the bundled file. Never with a user name or password: they are
   * dropped on every read, so one from a backup, another browser (storage.sync) or an older version is never shown,
   * sent or mirrored. Any other scheme (`data:`, `javascript:`, `file:`, `ftp:`, an extension's page) makes the
   * entry malformed: it is dropped alone, with this reason, and never fetched or mirrored.
   */
  url: z.pipe(
    z.string().check(
      z.minLength(1),
      z.refine((url) => url === DEMO_FEED_PATH || isWebAddress(url), ONLY_WEB_ADDRESSES),
    ),
    z.transform(withoutCredentials),
  ),
  /** The feed's own title, remembered from its last good fetch (shown before the cache loads). */
  title: z.optional(z.string()),
  /** The reader's name for the feed (rename); shown instead of `title` when set. */
  name: z.optional(z.string().check(z.maxLength(200))),
  /** Paused feeds keep their posts but are not fetched until resumed. */
  paused: z.optional(z.boolean()),
  /** This feed's own check interval in minutes; absent: the extension's (`Settings.pollMinutes`). */
  pollMinutes: z.optional(PollMinutesSchema),
  addedAt: z.number(),
  demo: z.optional(z.boolean()),
  /** `false`: this feed's posts are not announced (unless an alert rule matches); absent: they are. */
  notify: z.optional(z.boolean()),
});
export type FeedConfig = z.infer<typeof FeedConfigSchema>;

export const POLL_MINUTES_CHOICES = [15, 30, 60, 180, 360, 720, 1440] as const;
export const DEFAULT_POLL_MINUTES = 60;

const MinuteOfDaySchema = z.int().check(z.minimum(0), z.maximum(1439));

export const QuietHoursSchema = z.object({
  /** Minutes after midnight, local time; `start` after `end` spans midnight (22:00–07:00). */
  start: MinuteOfDaySchema,
  end: MinuteOfDaySchema,
});
export type QuietHours = z.infer<typeof QuietHoursSchema>;

export const NotificationSettingsSchema = z.object({
  enabled: z.boolean(),
  quietHours: z.nullable(QuietHoursSchema),
});
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

export const SettingsSchema = z.object({
  /** In the reader's order (reorder in options). */
  feeds: z.array(FeedConfigSchema),
  pollMinutes: PollMinutesSchema,
  notifications: NotificationSettingsSchema,
  /**
   * The reader's mute, only and alert rules (lib/rules), in the order added; absent: none. A later addition that
   * v2 data satisfies as it is. Read rule by rule: a malformed one is left out alone and kept in storage.
   */
  rules: z.optional(z.array(RuleSchema)),
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
const settingsOptions = { version: SETTINGS_VERSION, migrations: { 2: migrateSettingsV1toV2 } };

/**
 * Settings live in `storage.local` (this browser's copy, always written) and are mirrored to `storage.sync`, so
 * the reader's other browsers get the same feeds and choices. The article store and read marks never go to sync.
 *
 * Validated record by record: a malformed feed entry is dropped from what the extension uses (and logged), but it
 * stays in storage, and a malformed field reads as its default without that default ever being written over it.
 * A change writes back only what it changed (`updateSettings`), and never mirrors a shorter feed list to sync
 * because of an entry that could not be read here.
 */
export const localSettingsItem = defineValidatedItem(
  storedValue('local:settings', SettingsSchema, defaultSettings),
  settingsOptions,
);
export const syncedSettingsItem = defineValidatedItem(
  storedValue('sync:settings', SettingsSchema, defaultSettings),
  settingsOptions,
);

/** storage.sync allows 8,192 bytes per item; bigger feed lists stay on this machine only. */
export const SYNC_ITEM_LIMIT_BYTES = 8192;

/** Stored settings read record by record: what can be used, and the raw entries and fields that could not. */
export type ReadSettings = {
  value: Settings;
  /** Feed entries that failed validation, as stored (kept in storage, not used). */
  badFeeds: unknown[];
  /** Top-level fields that failed validation and read as their defaults. */
  badFields: (keyof Settings)[];
  /** Rules that failed validation, as stored (kept in storage and in sync, not used). */
  badRules: unknown[];
  /** The stored value was not settings at all (or absent): `value` is the defaults. */
  missing: boolean;
};

export function readSettingsRecords(raw: unknown): ReadSettings {
  const defaults = defaultSettings();
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { value: defaults, badFeeds: [], badFields: [], badRules: [], missing: true };
  const stored = raw as Record<string, unknown>;
  const badFields: (keyof Settings)[] = [];
  const field = <K extends keyof Settings>(key: K, schema: z.ZodMiniType<Settings[K]>): Settings[K] => {
    const parsed = schema.safeParse(stored[key]);
    if (parsed.success) return parsed.data;
    badFields.push(key);
    return defaults[key];
  };
  const feeds: FeedConfig[] = [];
  const badFeeds: unknown[] = [];
  if (Array.isArray(stored.feeds)) {
    const ids = new Set<string>();
    for (const entry of stored.feeds) {
      const parsed = FeedConfigSchema.safeParse(entry);
      if (parsed.success && !ids.has(parsed.data.id)) {
        ids.add(parsed.data.id);
        feeds.push(parsed.data);
      } else {
        badFeeds.push(entry);
        console.warn(
          'AI Safety Brief: a stored feed entry is malformed; it is kept in storage but not used.',
          parsed.error?.issues ?? 'duplicate id',
        );
      }
    }
  } else badFields.push('feeds');
  const value: Settings = {
    feeds: badFields.includes('feeds') ? defaults.feeds : feeds,
    pollMinutes: field('pollMinutes', SettingsSchema.shape.pollMinutes),
    notifications: field('notifications', SettingsSchema.shape.notifications),
  };
  // Rule by rule: one bad rule (another version's, or damaged in sync) is dropped alone.
  const rules = readRules(stored.rules);
  if (stored.rules !== undefined && !Array.isArray(stored.rules)) badFields.push('rules');
  if (rules.rules.length) value.rules = rules.rules;
  return { value, badFeeds, badFields, badRules: rules.bad, missing: false };
}

/** The id a stored entry claims, even when the rest of it is malformed. */
function claimedId(entry: unknown): string | undefined {
  const id = (entry as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id ? id : undefined;
}

/** The local settings' storage key (under `storage.local`), for a caller that reads it with other keys at once. */
export const LOCAL_SETTINGS_KEY = 'settings';

/**
 * The ids of the feeds the settings hold, from the raw local value read along with other keys; undefined when there
 * is no local copy (read `settingsItem` then: it falls back to what sync holds).
 */
export function followedFeedIds(rawLocal: unknown): ReadonlySet<string> | undefined {
  const read = readSettingsRecords(rawLocal);
  return read.missing ? undefined : new Set(read.value.feeds.map((feed) => feed.id));
}

/** The rules the settings hold, from the raw local value read along with other keys (none without local settings). */
export function rulesOf(rawLocal: unknown): Rule[] | undefined {
  return readSettingsRecords(rawLocal).value.rules;
}

async function readLocalRecords(): Promise<ReadSettings> {
  return readSettingsRecords((await browser.storage.local.get(LOCAL_SETTINGS_KEY))[LOCAL_SETTINGS_KEY]);
}

const SETTINGS_ITEM_KEY = `local:${LOCAL_SETTINGS_KEY}` as const;

export const settingsItem = {
  key: SETTINGS_ITEM_KEY,
  get fallback() {
    return defaultSettings();
  },
  /** The usable settings; a fresh install (or an unreadable local copy) starts from what sync holds. */
  async get(): Promise<Settings> {
    const local = await readLocalRecords();
    if (local.missing) {
      const synced = await readSynced();
      if (synced) return synced;
    }
    return local.value;
  },
  watch: (callback: (value: Settings) => void) =>
    watchItem(SETTINGS_ITEM_KEY, (raw) => callback(readSettingsRecords(raw).value)),
  parse: parseSettings,
} satisfies ReadableItem<Settings>;

/** Whether the settings, read now, still follow the feed: the reader may remove one while it is being fetched. */
export async function stillFollowed(feedId: string): Promise<boolean> {
  return (await settingsItem.get()).feeds.some((feed) => feed.id === feedId);
}

/**
 * The usable settings in a raw local value, entry by entry (`settingsItem.parse`); a function of its own for the
 * popup's first-screen script, which validates its early read without WXT's storage (./storedValue.ts).
 */
export function parseSettings(raw: unknown): Settings {
  return readSettingsRecords(raw).value;
}

let settingsWritten: () => void = () => {};
/**
 * Called after each write of this browser's settings, a change made here or taken from another browser (the
 * background composes the popup's first screen again: feed names, order and pauses are on it).
 */
export function onSettingsWritten(listener: () => void): void {
  settingsWritten = listener;
}

/**
 * The one way to change settings: a serialized read-modify-write. What `change` leaves alone is written back as it
 * was stored, malformed entries and fields included, so a default never replaces what the reader had.
 */
export function updateSettings(change: (settings: Settings) => Settings): Promise<Settings> {
  return serialized(async () => {
    const local = await readLocalRecords();
    const current = local.missing ? ((await readSynced()) ?? local.value) : local.value;
    const next = SettingsSchema.parse(change(current));
    const rawStored = (await browser.storage.local.get('settings')).settings as Record<string, unknown> | undefined;
    const stored: Record<string, unknown> = { ...next };
    for (const key of local.badFields) {
      if (key !== 'feeds' && JSON.stringify(next[key]) === JSON.stringify(current[key])) stored[key] = rawStored?.[key];
    }
    if (local.badFeeds.length) stored.feeds = [...next.feeds, ...local.badFeeds];
    if (local.badRules.length) stored.rules = [...(next.rules ?? []), ...local.badRules];
    // A change that changes nothing (a toggle set to what it was, a move past the end of the list) writes nothing:
    // no page redraws for it, and no batch for storage.sync is started.
    if (!local.missing && JSON.stringify(stored) === JSON.stringify(rawStored)) return next;
    await localSettingsItem.setRaw(stored);
    settingsWritten();
    await noteSettingsChanged();
    return next;
  });
}

// ---- The mirror to storage.sync, in batches ------------------------------------------------------------------

// Every change used to be written to storage.sync at once: 130 quick reorders made 117 writes (sync allows 120 a
// minute), and a write sync refused (its quota) was dropped, so the last rename reached other browsers only with
// a later change. Now, as the read state does (lib/sync/readStateSync.ts): a change marks the mirror as waiting
// (in `storage.local`, so a worker stopped before its timer loses nothing: start-up and every poll write it), the
// first change waits SETTINGS_SYNC_DELAY_MS for others, two writes are at least SETTINGS_SYNC_GAP_MS apart, each
// writes the settings as they are then (so the last change always goes), and a refused write is tried again.

export const SETTINGS_SYNC_DELAY_MS = 1_000;
export const SETTINGS_SYNC_GAP_MS = 5_000;
export const SETTINGS_SYNC_RETRY_MS = 30_000;
/** `storage.local`: when the settings last changed here, while that change is not yet in storage.sync. */
export const SETTINGS_SYNC_PENDING_KEY = 'settingsSyncPending';

let mirrorTimer: ReturnType<typeof setTimeout> | undefined;
let lastMirrorAt = Number.NEGATIVE_INFINITY;
let mirroring: Promise<boolean> | undefined;

/** Forgets the timer and the last write's time (the worker's memory; tests start each case from none). */
export function forgetSettingsMirrorTimer(): void {
  if (mirrorTimer !== undefined) clearTimeout(mirrorTimer);
  mirrorTimer = undefined;
  lastMirrorAt = Number.NEGATIVE_INFINITY;
}

/**
 * Forgets this worker's own recent writes to sync, as a restart does (an echo of one is then known by equalling the
 * local settings). Tests that play several browsers in one process call it at each switch: shared, one browser's
 * writes were taken for echoes in another, which then ignored them.
 */
export function forgetOwnSyncWrites(): void {
  ownSyncWrites.length = 0;
}

async function readPendingMirror(): Promise<number | undefined> {
  const raw = (await browser.storage.local.get(SETTINGS_SYNC_PENDING_KEY))[SETTINGS_SYNC_PENDING_KEY];
  return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
}

/** Inside `serialized`: the settings changed here; they go to storage.sync soon. */
async function noteSettingsChanged(): Promise<void> {
  const previous = (await readPendingMirror()) ?? 0;
  await writeLocal({ [SETTINGS_SYNC_PENDING_KEY]: Math.max(Date.now(), previous + 1) });
  scheduleMirror(SETTINGS_SYNC_DELAY_MS);
}

function scheduleMirror(delay: number): void {
  if (mirrorTimer !== undefined) return;
  const wait = Math.max(delay, lastMirrorAt + SETTINGS_SYNC_GAP_MS - Date.now());
  mirrorTimer = setTimeout(() => {
    mirrorTimer = undefined;
    void flushSettingsMirror();
  }, wait);
}

/** Writes waiting settings to storage.sync (start-up, each poll, the timer). True when nothing is left waiting. */
export function flushSettingsMirror(): Promise<boolean> {
  mirroring ??= mirrorOnce().finally(() => (mirroring = undefined));
  return mirroring;
}

async function mirrorOnce(): Promise<boolean> {
  const pending = await readPendingMirror();
  if (pending === undefined) return true;
  if (Date.now() < lastMirrorAt + SETTINGS_SYNC_GAP_MS) {
    scheduleMirror(0);
    return false;
  }
  lastMirrorAt = Date.now();
  const local = await readLocalRecords();
  if (!local.missing && (await mirrorToSync(local.value, local.badFeeds, local.badRules)) === 'refused') {
    scheduleMirror(SETTINGS_SYNC_RETRY_MS);
    return false;
  }
  // Done, unless the settings changed again while this write was on its way (that change has its own timer).
  await serialized(async () => {
    if ((await readPendingMirror()) === pending) await removeLocal(SETTINGS_SYNC_PENDING_KEY);
  });
  return true;
}

async function readSynced(): Promise<Settings | undefined> {
  try {
    const raw = (await browser.storage.sync.get('settings')).settings;
    if (raw === undefined) return undefined;
    const synced = readSettingsRecords(raw);
    return synced.missing ? undefined : synced.value;
  } catch {
    return undefined; // No sync storage here (or it is switched off).
  }
}

/** Rules in storage.sync this browser cannot read: taken into the local copy as they are, never dropped. */
async function readSyncedBadRules(): Promise<unknown[]> {
  try {
    const raw = (await browser.storage.sync.get('settings')).settings as { rules?: unknown } | undefined;
    return readRules(raw?.rules).bad;
  } catch {
    return [];
  }
}

/** JSON of the values this browser mirrored lately: their change events are echoes, not news from elsewhere. */
const ownSyncWrites: string[] = [];
const canonical = (value: Settings) => JSON.stringify(SettingsSchema.parse(value));

/**
 * Copies settings to storage.sync: `kept here` when they are too big for it or mirroring would lose a feed (not
 * tried again until they change), `refused` when sync would not take them (its quota, its rate, offline, switched
 * off: tried again). Feeds whose entry is malformed here (`badFeeds`) keep their synced entry; when such an entry
 * does not even say which feed it is, nothing is mirrored: sync keeps the full list it has.
 */
export async function mirrorToSync(
  value: Settings,
  badFeeds: unknown[] = [],
  badRules: unknown[] = [],
): Promise<'mirrored' | 'kept here' | 'refused'> {
  let mirrored = value;
  if (badFeeds.length) {
    const ids = badFeeds.map(claimedId);
    if (ids.some((id) => id === undefined)) return 'kept here';
    const synced = (await readSynced())?.feeds ?? [];
    const kept = synced.filter((feed) => ids.includes(feed.id) && !value.feeds.some((f) => f.id === feed.id));
    mirrored = { ...value, feeds: [...value.feeds, ...kept] };
  }
  if (!fitsInSync(mirrored)) return 'kept here';
  ownSyncWrites.push(canonical(mirrored));
  if (ownSyncWrites.length > 20) ownSyncWrites.shift();
  try {
    // Rules this version cannot read stay in sync for the browsers that can.
    if (badRules.length)
      await syncedSettingsItem.setRaw({
        ...SettingsSchema.parse(mirrored),
        rules: [...(mirrored.rules ?? []), ...badRules],
      });
    else await syncedSettingsItem.set(mirrored);
    return 'mirrored';
  } catch (error) {
    console.warn('AI Safety Brief: storage.sync refused the settings; they will be written again.', error);
    return 'refused';
  }
}

export function fitsInSync(value: Settings): boolean {
  return new TextEncoder().encode(JSON.stringify(value)).length <= SYNC_ITEM_LIMIT_BYTES - 200;
}

/**
 * Whether this browser's settings are the ones in storage.sync, or on their way there (for the options page to say
 * so): a change waiting for its batch counts when sync holds settings and the new ones fit.
 */
export async function settingsAreSynced(value: Settings): Promise<boolean> {
  const synced = await readSynced();
  if (!synced) return false;
  if (canonical(synced) === canonical(value)) return true;
  return (await readPendingMirror()) !== undefined && fitsInSync(value);
}

/**
 * Another browser changed the synced settings: take them here (last writer wins). Called by the background on
 * `storage.onChanged` for the sync area; echoes of this browser's own writes are ignored. `onlyIntoEmpty`: at
 * start-up, take them only into a browser that has no settings of its own yet (synced settings can arrive before
 * the background has listened for them; a browser with settings keeps its own, which may be a list too big for sync).
 */
export function adoptSyncedSettings(options: { onlyIntoEmpty?: boolean } = {}): Promise<boolean> {
  return serialized(async () => {
    const synced = await readSynced();
    if (!synced) return false;
    const json = canonical(synced);
    const local = await readLocalRecords();
    if (options.onlyIntoEmpty && !local.missing) return false;
    // A change made here and not yet written to sync is the later one: it goes out with its batch, and wins.
    if (!local.missing && (await readPendingMirror()) !== undefined) return false;
    if (ownSyncWrites.includes(json) || (!local.missing && json === canonical(local.value))) return false;
    const syncedRules = await readSyncedBadRules();
    // Another browser's settings supersede this browser's earlier writes: one of those coming back from there (a
    // rule added there, then removed: the settings as this browser last wrote them) is news, not an echo.
    ownSyncWrites.length = 0;
    await localSettingsItem.setRaw({
      ...synced,
      ...(syncedRules.length && { rules: [...(synced.rules ?? []), ...syncedRules] }),
      ...(local.badFeeds.length && {
        feeds: [
          ...synced.feeds,
          ...local.badFeeds.filter((entry) => !synced.feeds.some((f) => f.id === claimedId(entry))),
        ],
      }),
    });
    settingsWritten();
    return true;
  });
}

/** A stable id for a feed URL, so re-adding the same feed (or importing it) keeps its read state. */
export function feedIdFor(url: string): string {
  return `feed-${fnv1a32(url).toString(36)}`;
}
