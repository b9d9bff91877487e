import { browser } from 'wxt/browser';
import type { FeedConfig, Settings } from '../store/settings';

export const POLL_ALARM = 'poll-feeds';

/** How often the alarm must fire: the extension's interval, or a followed feed's shorter one. */
export function alarmMinutes(settings: Pick<Settings, 'feeds' | 'pollMinutes'>): number {
  return Math.min(
    settings.pollMinutes,
    ...settings.feeds.filter((feed) => !feed.paused).map((feed) => feed.pollMinutes ?? settings.pollMinutes),
  );
}

/**
 * Whether a scheduled pass should fetch `feed` now. When the alarm fires only at the extension's interval, every
 * (unpaused) feed is due at each alarm. Feeds with their own interval, and all feeds when one feed makes the alarm
 * fire faster, wait until their interval has passed since their last check (a minute's slack for alarm jitter).
 */
export function isDue(
  feed: FeedConfig,
  settings: Pick<Settings, 'feeds' | 'pollMinutes'>,
  lastCheckAt: number | undefined,
  now: number,
): boolean {
  if (feed.pollMinutes === undefined && alarmMinutes(settings) >= settings.pollMinutes) return true;
  // No check yet, or one "in the future": the clock was ahead then and has been put right since.
  if (lastCheckAt === undefined || lastCheckAt > now) return true;
  return now - lastCheckAt >= ((feed.pollMinutes ?? settings.pollMinutes) - 1) * 60e3;
}

/** (Re)creates the polling alarm only when its period changes, so restarts do not push the next poll back. */
export async function schedulePolling(minutes: number): Promise<void> {
  const existing = await browser.alarms.get(POLL_ALARM);
  if (existing?.periodInMinutes === minutes) return;
  await browser.alarms.create(POLL_ALARM, { periodInMinutes: minutes, delayInMinutes: minutes });
}
