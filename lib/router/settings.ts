import type { PageHandlers } from '../messages';
import { markAllNotified } from '../notify/notify';
import { updateSettings } from '../store/settings';
import { alarmMinutes, schedulePolling } from '../sync/polling';

// The extension-wide settings the options page changes: how often to check, and notifications.

/** The settings' page requests. */
export function settingsHandlers(): Pick<PageHandlers, 'setPollInterval' | 'setNotifications'> {
  return {
    async setPollInterval({ minutes }) {
      const settings = await updateSettings((current) => ({ ...current, pollMinutes: minutes }));
      await schedulePolling(alarmMinutes(settings));
      return { ok: true };
    },

    async setNotifications({ notifications }) {
      let wereOn = false;
      await updateSettings((settings) => {
        wereOn = settings.notifications.enabled;
        return { ...settings, notifications };
      });
      // Turning them on announces what arrives from now on, not the posts already waiting.
      if (notifications.enabled && !wereOn) await markAllNotified();
      return { ok: true };
    },
  };
}
