import { browser } from 'wxt/browser';

export const POLL_ALARM = 'poll-feeds';

/** (Re)creates the polling alarm only when its period changes, so restarts do not push the next poll back. */
export async function schedulePolling(minutes: number): Promise<void> {
  const existing = await browser.alarms.get(POLL_ALARM);
  if (existing?.periodInMinutes === minutes) return;
  await browser.alarms.create(POLL_ALARM, { periodInMinutes: minutes, delayInMinutes: minutes });
}
