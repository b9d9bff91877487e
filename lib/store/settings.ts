import { z } from 'zod';
import { defineValidatedItem } from './validatedItem';

export const DEMO_FEED_ID = 'demo';
/** The bundled demo feed, a path inside the extension (see `public/demo-feed.json`). */
export const DEMO_FEED_PATH = '/demo-feed.json' as const;

export const FeedConfigSchema = z.object({
  id: z.string().min(1),
  /** An http(s) URL, or for the demo feed the path of the bundled file. */
  url: z.string().min(1),
  /** The feed's own title, remembered from its last good fetch (shown before the cache loads). */
  title: z.string().optional(),
  addedAt: z.number(),
  demo: z.boolean().optional(),
});
export type FeedConfig = z.infer<typeof FeedConfigSchema>;

export const POLL_MINUTES_CHOICES = [15, 30, 60, 180, 360, 720, 1440] as const;
export const DEFAULT_POLL_MINUTES = 60;

export const SettingsSchema = z.object({
  feeds: z.array(FeedConfigSchema),
  pollMinutes: z.number().int().min(5).max(1440),
});
export type Settings = z.infer<typeof SettingsSchema>;

export function demoFeedConfig(now = Date.now()): FeedConfig {
  return { id: DEMO_FEED_ID, url: DEMO_FEED_PATH, title: 'AI Safety Brief (demo)', addedAt: now, demo: true };
}

export function defaultSettings(): Settings {
  return { feeds: [demoFeedConfig(0)], pollMinutes: DEFAULT_POLL_MINUTES };
}

export const settingsItem = defineValidatedItem('local:settings', SettingsSchema, {
  fallback: defaultSettings,
  version: 1,
});

/** A stable id for a feed URL, so re-adding the same feed (or importing it) keeps its read state. */
export function feedIdFor(url: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < url.length; i++) {
    hash ^= url.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `feed-${(hash >>> 0).toString(36)}`;
}
