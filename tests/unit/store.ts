import { browser } from 'wxt/browser';
import type { Article } from '@/lib/feed/article';
import {
  emptyMeta,
  feedKeyOf,
  feedValues,
  marksKey,
  readWholeStore,
  type FeedCache,
  type FeedMeta,
} from '@/lib/store/feedStore';
import { emptyMarks, type FeedMarks, type Marks } from '@/lib/store/marks';
import { parseMarks } from '@/lib/store/storedMarks';
import { buildDigest } from '@/lib/digest/digest';
import {
  flushSettingsMirror,
  forgetSettingsMirrorTimer,
  settingsItem,
  updateSettings,
  type Settings,
} from '@/lib/store/settings';
import { rebuildIndexEntries } from '@/lib/sync/commit';
import { writeLocal } from '@/lib/store/localChanges';

// Test helpers over the per-feed store: read it whole, seed it, as a test needs to state what a person would see.

/** A post with only an id and a date (a title made from the id, no summary, tags or authors): for `seedStore`. */
export const plainPost = (id: string, publishedAt: number): Article => ({
  id,
  title: `Post ${id}`,
  summary: '',
  tags: [],
  authors: [],
  publishedAt,
});

/** Every feed the store holds, with all its posts. */
export async function readFeedCache(): Promise<FeedCache> {
  const all = await browser.storage.local.get(null);
  const ids = [
    ...new Set(Object.keys(all).flatMap((key) => (feedKeyOf(key)?.kind === 'feed' ? [feedKeyOf(key)!.feedId] : []))),
  ];
  return readWholeStore(ids);
}

export async function readMarks(feedId: string): Promise<FeedMarks> {
  return parseMarks((await browser.storage.local.get(marksKey(feedId)))[marksKey(feedId)], marksKey(feedId));
}

export async function readAllMarks(): Promise<Marks> {
  const all = await browser.storage.local.get(null);
  const out: Marks = {};
  for (const [key, value] of Object.entries(all)) {
    const owner = feedKeyOf(key);
    if (owner?.kind === 'marks') out[owner.feedId] = parseMarks(value, key);
  }
  return out;
}

/** Stores feeds as a sync would have (posts numbered oldest first), with marks, and builds their index entries. */
export async function seedStore(
  feeds: Record<string, { articles: Article[] } & Partial<FeedMeta>>,
  marks: Marks = {},
): Promise<void> {
  for (const [feedId, { articles, ...meta }] of Object.entries(feeds)) {
    const posts = [...articles]
      .reverse()
      .map((article, i) => ({ ...article, seq: i + 1 }))
      .reverse();
    const full: FeedMeta = {
      ...emptyMeta(),
      lastSuccessAt: 1,
      ...meta,
      seq: posts.length,
      count: posts.length,
      bytes: JSON.stringify(posts).length,
    };
    await writeLocal({
      ...feedValues(feedId, full, posts).values,
      [marksKey(feedId)]: marks[feedId] ?? emptyMarks(),
    });
  }
  await rebuildIndexEntries(Object.keys(feeds));
}

/** Writes the settings' waiting batch to storage.sync now, as its timer would a few seconds later. */
export async function mirrorSettingsNow(): Promise<void> {
  forgetSettingsMirrorTimer();
  await flushSettingsMirror();
}

/**
 * Replaces the settings, as the options page's changes do (through the one update path), and writes their batch to
 * storage.sync at once (no timer left to fire in the middle of a test).
 */
export async function setSettings(settings: Settings): Promise<Settings> {
  const next = await updateSettings(() => settings);
  await mirrorSettingsNow();
  return next;
}

/** What the reader sees of each post of the followed feeds (by post id): read or unread. */
export async function readStates(): Promise<Record<string, 'read' | 'unread'>> {
  const [settings, cache, marks] = await Promise.all([settingsItem.get(), readFeedCache(), readAllMarks()]);
  return Object.fromEntries(
    buildDigest(settings.feeds, cache, marks).map((entry) => [entry.article.id, entry.read ? 'read' : 'unread']),
  );
}
