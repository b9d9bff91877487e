import { browser } from 'wxt/browser';
import type { Settings } from '../store/settings';
import { readSchedule } from './lastChecked';
import { MINUTE_MS } from './schedule';

export const POLL_ALARM = 'poll-feeds';
/** A one-off alarm at the next feed's own time (see `armNextCheck`); POLL_ALARM is the periodic safety net. */
export const NEXT_CHECK_ALARM = 'next-check';
/** The soonest an alarm may fire from now (Chrome rounds shorter delays up to 30 seconds). */
const SOONEST_ALARM_MS = MINUTE_MS / 2;

/** How often the alarm must fire: the extension's interval, or a followed feed's shorter one. */
export function alarmMinutes(settings: Pick<Settings, 'feeds' | 'pollMinutes'>): number {
  return Math.min(
    settings.pollMinutes,
    ...settings.feeds.filter((feed) => !feed.paused).map((feed) => feed.pollMinutes ?? settings.pollMinutes),
  );
}

/** (Re)creates the polling alarm only when its period changes, so restarts do not push the next poll back. */
export async function schedulePolling(minutes: number): Promise<void> {
  const existing = await browser.alarms.get(POLL_ALARM);
  if (existing?.periodInMinutes === minutes) return;
  await browser.alarms.create(POLL_ALARM, { periodInMinutes: minutes, delayInMinutes: minutes });
}

/**
 * Sets the one-off alarm for the soonest next check among the unpaused feeds (from the stored schedule, so a
 * restart arms it for the same time). Feeds without an entry are picked up by the periodic alarm.
 */
export async function armNextCheck(settings: Pick<Settings, 'feeds'>, now: number): Promise<void> {
  const { feeds } = await readSchedule();
  const times = settings.feeds.filter((feed) => !feed.paused).flatMap((feed) => feeds[feed.id]?.next ?? []);
  if (!times.length) return;
  await browser.alarms.create(NEXT_CHECK_ALARM, { when: Math.max(Math.min(...times), now + SOONEST_ALARM_MS) });
}
