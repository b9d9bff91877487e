import type { QuietHours } from '../store/settings';

// Deciding what to tell the reader about new posts: pure, so every case is a unit test.

export type NewPost = { key: string; title: string; feedTitle: string; url?: string };
export type PlannedNotification = { id: string; title: string; message: string; url?: string };

/** Whether `date` (local time) falls in the quiet hours; a window whose start is after its end spans midnight. */
export function inQuietHours(quiet: QuietHours | null, date: Date): boolean {
  if (!quiet || quiet.start === quiet.end) return false;
  const minute = date.getHours() * 60 + date.getMinutes();
  return quiet.start < quiet.end
    ? minute >= quiet.start && minute < quiet.end
    : minute >= quiet.start || minute < quiet.end;
}

export const NOTIFICATION_PREFIX = 'asb:';
/** Clicking a notification for several posts opens the list (the popup page in a tab). */
export const LIST_NOTIFICATION_ID = `${NOTIFICATION_PREFIX}list`;

/**
 * One notification for the posts that arrived: the post itself when there is one (a click opens it), else one
 * grouped notification naming the first few (a click opens the list). Nothing in quiet hours or when off.
 */
export function planNotification(
  posts: NewPost[],
  settings: { enabled: boolean; quietHours: QuietHours | null },
  now: Date,
  text: { several: (count: number) => string; andMore: (count: number) => string },
): PlannedNotification | undefined {
  if (!settings.enabled || !posts.length || inQuietHours(settings.quietHours, now)) return undefined;
  if (posts.length === 1) {
    const [post] = posts as [NewPost];
    return { id: `${NOTIFICATION_PREFIX}${post.key}`, title: post.title, message: post.feedTitle, url: post.url };
  }
  const shown = posts.slice(0, 3).map((post) => `• ${post.title}`);
  if (posts.length > 3) shown.push(text.andMore(posts.length - 3));
  return { id: LIST_NOTIFICATION_ID, title: text.several(posts.length), message: shown.join('\n') };
}
